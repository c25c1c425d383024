import Foundation
import Runner

/// Times the target on the whole probe workload: one parallel warm-up run (discarded), then
/// `repeats` pairs of sequential and parallel runs, interleaved (S P S P ...) so that drift on
/// a shared machine hits both sides alike.
public enum TimingCampaign {
    /// One timed run.
    public struct Sample: Sendable, Codable, Equatable {
        public var parallel: Bool
        /// Wall seconds of the whole target command (spawn to exit).
        public var wallSeconds: Double
        /// Wall-clock time of the spawn (the probe log's clock).
        public var startTime: Double
        /// What the probe log recorded.
        public var runs: [ProbeRun]
        /// wait4's ru_maxrss of the orchestrator (an upper bound, see ProcessOutcome).
        public var peakRSSBytes: Int
    }

    /// All samples of a campaign.
    public struct Result: Sendable, Codable, Equatable {
        public var sequential: [Sample]
        public var parallel: [Sample]
        public var workers: Int
        public var jobs: Int
        /// Why the campaign stopped early, if it did.
        public var error: String?
        /// The commands, for the report.
        public var commands: [CommandRecord]
    }

    static func run(_ context: CheckContext) async -> Result {
        let settings = context.settings
        let flags = context.profile.flags
        let parallelArguments = [flags.parallel, flags.maxWorkers, String(settings.workers)]
        var result = Result(sequential: [], parallel: [], workers: settings.workers, jobs: context.workload.jobs.count, error: nil, commands: [])

        var recordedKinds: Set<Bool> = []
        func timed(_ parallel: Bool) async -> Sample? {
            do { try context.workload.configure() } catch {
                result.error = error.message
                return nil
            }
            let run = await context.runTarget(parallel ? parallelArguments : [])
            // The report shows the first sequential and the first parallel command.
            if recordedKinds.insert(parallel).inserted { result.commands.append(context.record(run)) }
            if let problem = context.failureToRun(run) {
                result.error = problem
                return nil
            }
            let runs = context.workload.runs()
            let finished = runs.filter { $0.end != nil }.count
            guard run.exitCode == 0, finished == context.workload.jobs.count else {
                result.error = "a \(parallel ? "parallel" : "sequential") timing run ended with \(run.statusDescription) after \(finished) of \(context.workload.jobs.count) probe jobs"
                result.commands.append(context.record(run))
                return nil
            }
            return Sample(parallel: parallel, wallSeconds: run.seconds, startTime: run.startTime, runs: runs, peakRSSBytes: run.peakRSSBytes)
        }

        context.log("timing: warm-up, then \(settings.repeats) interleaved sequential/parallel pairs")
        guard await timed(true) != nil else { return result }
        for _ in 0..<max(1, settings.repeats) {
            guard let sequential = await timed(false) else { return result }
            result.sequential.append(sequential)
            guard let parallel = await timed(true) else { return result }
            result.parallel.append(parallel)
        }
        return result
    }
}

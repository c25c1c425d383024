public import Foundation

/// Runs each job attempt as a SLURM batch job (DESIGN §4, executor `slurm`).
///
/// One `sbatch --wrap` per attempt, with the job's log file as `--output`; run-all's own pool
/// keeps at most W jobs submitted at once (the same throttle as locally) and submits a
/// dependent job only after its dependencies succeeded, so skip-on-failure works exactly as
/// with the local executor. States come from `scontrol show job -o`; timeouts and interrupts
/// `scancel` the job and wait until SLURM reports it ended (SLURM sends TERM, then KILL after
/// its KillWait). If run-all itself is killed with SIGKILL, submitted jobs keep running:
/// `scancel --name=run-all:<id>` stops them.
public struct SlurmExecutor: JobExecutor {
    /// Environment for sbatch/scontrol/scancel; jobs get it too (`--export=ALL`).
    public var environment: [String: String]
    /// `--partition`, when given.
    public var partition: String?
    /// Extra sbatch arguments (`--slurm-arg`).
    public var extraArguments: [String]
    /// Where captured sbatch/scontrol output goes briefly.
    public var scratchDirectory: String
    /// Seconds between state queries.
    public var pollInterval: Double

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, partition: String? = nil,
                extraArguments: [String] = [], scratchDirectory: String, pollInterval: Double = 0.2) {
        self.environment = environment
        self.partition = partition
        self.extraArguments = extraArguments
        self.scratchDirectory = scratchDirectory
        self.pollInterval = pollInterval
    }

    /// Whether `sbatch` can be run here; nil when it can, else the reason.
    public static func unavailableReason(environment: [String: String], scratchDirectory: String) async -> String? {
        let run = await CommandCapture.run(["sbatch", "--version"], environment: environment, workdir: nil,
                                           scratchDirectory: scratchDirectory, timeout: 20)
        if let error = run.startError { return error }
        return run.exitCode == 0 ? nil : "sbatch --version: \(run.statusDescription)"
    }

    /// The sbatch argv for one attempt.
    public func submission(for job: PreparedJob, attempt: Int, currentDirectory: String) -> [String] {
        let log = Catalog.absolute(job.logPath, base: currentDirectory)
        let variables = job.spec.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let command = (variables.isEmpty ? [] : ["env"] + variables) + job.command
        var argv = ["sbatch", "--parsable", "--job-name=run-all:\(job.id)", "--output=\(log)",
                    "--open-mode=\(attempt == 1 ? "truncate" : "append")",
                    "--chdir=\(job.spec.workdir ?? currentDirectory)", "--export=ALL", "--kill-on-invalid-dep=yes"]
        if let partition { argv.append("--partition=\(partition)") }
        return argv + extraArguments + ["--wrap=\(ShellQuote.join(command))"]
    }

    public func execute(_ job: PreparedJob, attempt: Int, control: RunControl) async -> AttemptResult {
        let start = Date().timeIntervalSince1970
        let monotonicStart = MonotonicClock.now()
        let argv = submission(for: job, attempt: attempt, currentDirectory: FileManager.default.currentDirectoryPath)
        let submitted = await capture(argv)
        let firstLine = submitted.output.split(separator: "\n").first.map(String.init) ?? ""
        guard submitted.exitCode == 0, let jobID = firstLine.split(separator: ";").first.map(String.init),
              !jobID.isEmpty, jobID.allSatisfy(\.isNumber) else {
            let reason = submitted.startError ?? "sbatch: \(firstLine.isEmpty ? submitted.statusDescription : firstLine)"
            return AttemptResult(outcome: nil, start: start, monotonicStart: monotonicStart, startError: reason)
        }
        var cancelled = false
        var timedOut = false
        var interrupted = false
        var state = SlurmJobState(fields: [:])
        while true {
            if !cancelled, control.isInterrupted {
                interrupted = true
                cancelled = true
                _ = await capture(["scancel", jobID])
            }
            if !cancelled, let timeout = job.timeout, MonotonicClock.now() - monotonicStart > timeout {
                timedOut = true
                cancelled = true
                _ = await capture(["scancel", jobID])
            }
            let query = await capture(["scontrol", "show", "job", "-o", jobID])
            if query.exitCode == 0 {
                state = SlurmJobState(line: query.output)
                if state.isFinished { break }
            } else if query.output.contains("Invalid job id") {
                break   // aged out of slurmctld (MinJobAge): nothing more to learn
            }
            try? await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
        let (exitCode, signal) = state.processStatus
        let outcome = ProcessOutcome(exitCode: exitCode, signal: signal, wallSeconds: MonotonicClock.now() - monotonicStart)
        return AttemptResult(outcome: outcome, start: start, monotonicStart: monotonicStart,
                             timedOut: timedOut, interrupted: interrupted && !outcome.succeeded)
    }

    private func capture(_ argv: [String]) async -> CapturedRun {
        await CommandCapture.run(argv, environment: environment, workdir: nil, scratchDirectory: scratchDirectory,
                                 timeout: 60, outputLimit: 64 << 10)
    }
}

/// A job's state from one `scontrol show job -o` line.
public struct SlurmJobState: Sendable, Equatable {
    /// `key=value` fields of the line.
    public var fields: [String: String]

    public init(fields: [String: String]) {
        self.fields = fields
    }

    /// Parses the first line (array jobs print one line per task; we submit no arrays).
    public init(line: String) {
        var fields: [String: String] = [:]
        for token in (line.split(separator: "\n").first ?? "").split(separator: " ") {
            guard let equals = token.firstIndex(of: "=") else { continue }
            fields[String(token[..<equals])] = String(token[token.index(after: equals)...])
        }
        self.init(fields: fields)
    }

    /// PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
    public var state: String { fields["JobState"] ?? "UNKNOWN" }

    /// Whether the job reached a final state.
    public var isFinished: Bool {
        ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"].contains(state)
    }

    /// The job's end as a process status: an exit code or a signal. Only COMPLETED with
    /// `ExitCode=0:0` is success; a cancelled or timed-out job without a recorded signal counts
    /// as killed by SIGTERM (what SLURM sends first), any other unsuccessful end without a code
    /// as exit 1.
    public var processStatus: (exitCode: Int32?, signal: Int32?) {
        let (code, signal) = exitParts ?? (state == "COMPLETED" ? (0, 0) : (1, 0))
        if signal != 0 { return (nil, signal) }
        if state == "COMPLETED" || code != 0 { return (code, nil) }
        if ["CANCELLED", "TIMEOUT", "PREEMPTED", "DEADLINE"].contains(state) { return (nil, 15) }
        return (1, nil)
    }

    private var exitParts: (Int32, Int32)? {
        guard let text = fields["ExitCode"] else { return nil }
        let parts = text.split(separator: ":").compactMap { Int32($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
}

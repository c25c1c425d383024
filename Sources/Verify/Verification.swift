import Foundation
import Glibc
public import Runner

/// One verification run: creates the probe workload, runs the selected checks in order,
/// writes the reports, and returns the exit status (DESIGN §5.4).
public enum Verification {
    /// The files written into the output directory.
    public static let reportFiles = ["VERIFICATION.md", "junit.xml", "results.json", "timeline.svg", "benchmark.json"]

    /// Runs everything. Configuration problems are thrown (exit 2) before any target runs.
    /// `announce` is called once the settings passed the last checks (output directory, check
    /// ids), before any target runs: usage errors come before any other output.
    public static func run(_ settings: VerifySettings, log: @escaping @Sendable (String) -> Void,
                           announce: () -> Void = {}) async throws(RunAllError) -> (VerificationReport?, Int32) {
        // Signals are caught before anything is created (the probe workload, a report): one
        // that arrives earlier kills us by its default action with nothing to clean up. From
        // here on an interrupt stops the running target command, refuses to start new ones,
        // and discards the reports unless they were already being committed.
        let interrupted = InterruptFlag()
        let forwarder = SignalForwarder { _ in
            interrupted.set()
            for pid in TargetRunner.activeTargets.close() { RunControl.terminate(pid, grace: 2) }
        }
        defer { withExtendedLifetime(forwarder) {} }
        let selected = try selectedChecks(settings)
        try prepareOutputDirectory(settings.outDir)
        announce()
        let startedAt = Date()
        let start = MonotonicClock.now()
        let parent = settings.profile.workloadLocation == .project ? settings.projectDir : nil
        let jobs = ProbeJob.workload(count: settings.jobs, workers: settings.workers, nominal: settings.jobSeconds)
        let workload = try ProbeWorkload(jobs: jobs, mode: settings.probeMode, kind: settings.profile.workload,
                                         probeExecutable: settings.probeExecutable, parent: parent)
        defer {
            // Nothing we started may outlive us, whatever the target left behind.
            workload.killSurvivors()
            workload.close()
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let runner = TargetRunner(environment: environment, workdir: settings.projectDir, scratchDirectory: workload.directory)
        let context = CheckContext(settings: settings, workload: workload, runner: runner, log: log)

        var results: [CheckResult] = []
        for check in selected {
            if interrupted.isSet { break }
            log("check \(check.id) ...")
            let checkStart = MonotonicClock.now()
            var result = await check.run(context)
            result.seconds = MonotonicClock.now() - checkStart
            log("check \(check.id): \(result.status.rawValue)\(result.reason.map { " — \($0)" } ?? "")")
            results.append(result)
        }
        if interrupted.isSet { return interruptedExit() }
        let speedup = context.timing == nil ? nil : await context.speedupAnalysis()
        let commit = await gitCommit(of: settings.projectDir, runner: runner)
        let report = VerificationReport(
            settings: settings, results: results, timing: context.timing, speedup: speedup,
            environment: .current, startedAt: startedAt, wallSeconds: MonotonicClock.now() - start,
            targetCommit: commit, targetVersion: nil)
        // The reports are committed only if no interrupt came while they were rendered and
        // staged; one that arrives during the renames (microseconds) finds them complete.
        guard try write(report, shouldCommit: { !interrupted.isSet }) else { return interruptedExit() }
        let failed = report.overall == .failed
        return (report, failed ? ExitStatus.failure : ExitStatus.success)
    }

    static func interruptedExit() -> (VerificationReport?, Int32) {
        Console.err("verify-run-all: interrupted; no report written (the previous reports, if any, are unchanged)")
        return (nil, ExitStatus.interrupted)
    }

    /// The checks to run, in catalog order; `--checks` ids must exist.
    static func selectedChecks(_ settings: VerifySettings) throws(RunAllError) -> [any Check] {
        var all = CheckCatalog.all
        if settings.baselinePath != nil { all.append(BaselineCheck()) }
        guard let wanted = settings.checks else { return all }
        let known = Set(all.map(\.id) + [BaselineCheck().id])
        for id in wanted where !known.contains(id) {
            throw RunAllError("unknown check id '\(id)' in --checks (known: \((CheckCatalog.ids + ["perf.baseline"]).joined(separator: ", ")))")
        }
        return all.filter { wanted.contains($0.id) }
    }

    /// Writes every report atomically into the output directory (and the GitHub step summary):
    /// all are rendered and staged as temporary files first, then renamed into place together,
    /// so a failure (a full disk) or a false `shouldCommit` leaves the previous set intact.
    /// Returns whether the reports were committed.
    @discardableResult
    public static func write(_ report: VerificationReport, shouldCommit: () -> Bool = { true }) throws(RunAllError) -> Bool {
        let directory = report.settings.outDir
        let markdown = MarkdownReport.render(report)
        let suites = VerificationJUnit.suites(results: report.results, properties: report.properties,
                                              timestamp: report.startedAt, strict: report.settings.strict)
        let junit: [UInt8]
        do { junit = try JUnitWriter.render(suites) } catch { throw RunAllError("cannot render junit.xml: \(error)") }
        let results = ResultsDocument(
            startedAt: ISO8601DateFormatter().string(from: report.startedAt), wallSeconds: report.wallSeconds,
            target: report.settings.target, profile: report.settings.profile.name, projectDir: report.settings.projectDir,
            settings: Dictionary(report.properties, uniquingKeysWith: { first, _ in first }), environment: report.environment,
            targetCommit: report.targetCommit, overall: report.overall.rawValue, checks: report.results,
            timing: report.timing, speedup: report.speedup)
        let timeline = Timeline.svg(report)
        let benchmark = BenchmarkReport.render(speedup: report.speedup, workers: report.settings.workers, jobs: report.settings.jobs)
        // Render everything first, then write: a rendering error leaves the old reports intact.
        let encodedResults = try results.encoded()
        let files: [(bytes: [UInt8], path: String)] = [
            (Array(markdown.utf8), directory + "/VERIFICATION.md"),
            (junit, directory + "/junit.xml"),
            (encodedResults, directory + "/results.json"),
            (Array(timeline.utf8), directory + "/timeline.svg"),
            (Array(benchmark.utf8), directory + "/benchmark.json"),
        ]
        do {
            guard try AtomicFile.writeAll(files, shouldCommit: shouldCommit) else { return false }
        } catch {
            throw RunAllError(error)
        }
        if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty,
           let handle = FileHandle(forWritingAtPath: summary) {
            handle.seekToEndOfFile()
            handle.write(Data((markdown + "\n").utf8))
            try? handle.close()
        }
        return true
    }

    static func prepareOutputDirectory(_ path: String) throws(RunAllError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw RunAllError("--out \(path): exists and is not a directory")
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw RunAllError("--out \(path): cannot create directory")
        }
        guard access(path, W_OK) == 0 else { throw RunAllError("--out \(path): directory is not writable") }
    }

    static func gitCommit(of directory: String, runner: TargetRunner) async -> String? {
        guard FileManager.default.fileExists(atPath: "/usr/bin/git") || FileManager.default.fileExists(atPath: "/bin/git") else { return nil }
        let run = await runner.run(["git", "-C", directory, "rev-parse", "HEAD"], timeout: 10)
        let commit = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return run.exitCode == 0 && commit.count == 40 ? commit : nil
    }
}

/// Set once by the signal handler, read by the check loop.
final class InterruptFlag: @unchecked Sendable {
    // @unchecked: `value` is only used under `lock`.
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

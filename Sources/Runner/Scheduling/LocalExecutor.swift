import Dispatch
public import Foundation
import Glibc

/// Runs jobs as child processes of this machine (DESIGN §4 "Spawning").
public struct LocalExecutor: JobExecutor {
    /// The environment every job starts from (the job's `env` is applied on top).
    public var baseEnvironment: [String: String]
    /// Give every job `RUN_ALL_JOB=<our pid>:<job id>` (see `EscapedProcesses`).
    public var marksJobs: Bool

    public init(baseEnvironment: [String: String] = ProcessInfo.processInfo.environment, marksJobs: Bool = false) {
        self.baseEnvironment = baseEnvironment
        self.marksJobs = marksJobs
    }

    public func execute(_ job: PreparedJob, attempt: Int, control: RunControl) async -> AttemptResult {
        let start = Date().timeIntervalSince1970
        let monotonicStart = MonotonicClock.now()
        var environment = baseEnvironment
        for (key, value) in job.spec.environment { environment[key] = value }
        if marksJobs { environment[EscapedProcesses.markerVariable] = EscapedProcesses.marker(jobID: job.id) }
        let request = SpawnRequest(
            argv: job.command, environment: environment, workdir: job.spec.workdir,
            output: attempt == 1 ? .file(job.logPath) : .appendFile(job.logPath))
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(request)
        } catch {
            return AttemptResult(outcome: nil, start: start, monotonicStart: monotonicStart, startError: error.message)
        }
        control.track(pid)
        let timer = TimeoutTimer(seconds: job.timeout, pid: pid, grace: control.grace)
        let outcome = await ChildReaper.shared.outcome(of: pid)
        control.untrack(pid)
        let timedOut = timer.finish()
        var result = AttemptResult(outcome: outcome, start: start, monotonicStart: monotonicStart,
                                   timedOut: timedOut, interrupted: control.isInterrupted && !outcome.succeeded)
        if Self.fileSystemIsFull(containing: job.logPath) {
            result.note = "the file system of its log is full: the log may be incomplete"
        }
        return result
    }

    /// Whether the file system holding `path` has no block left for an unprivileged writer
    /// (a job writing its log there got ENOSPC, or will).
    static func fileSystemIsFull(containing path: String) -> Bool {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return false }
        return stats.f_bavail == 0
    }
}

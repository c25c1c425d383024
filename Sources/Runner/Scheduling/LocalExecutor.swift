import Dispatch
public import Foundation
import Glibc

/// Runs jobs as child processes of this machine (DESIGN §4 "Spawning").
public struct LocalExecutor: JobExecutor {
    /// The environment every job starts from (the job's `env` is applied on top).
    public var baseEnvironment: [String: String]

    public init(baseEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.baseEnvironment = baseEnvironment
    }

    public func execute(_ job: PreparedJob, attempt: Int, control: RunControl) async -> AttemptResult {
        let start = Date().timeIntervalSince1970
        let monotonicStart = MonotonicClock.now()
        var environment = baseEnvironment
        for (key, value) in job.spec.environment { environment[key] = value }
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
        return AttemptResult(outcome: outcome, start: start, monotonicStart: monotonicStart,
                             timedOut: timedOut, interrupted: control.isInterrupted && !outcome.succeeded)
    }
}

/// The result of one attempt at a job.
public struct AttemptResult: Sendable {
    /// How the process ended; nil when it could not be started.
    public var outcome: ProcessOutcome?
    /// Wall-clock start, seconds since 1970.
    public var start: Double
    /// Monotonic start, seconds.
    public var monotonicStart: Double
    public var timedOut: Bool
    /// The run was interrupted while this attempt ran.
    public var interrupted: Bool
    /// Why the attempt could not start.
    public var startError: String?
    /// Something worth knowing about the attempt (a full log file system), or nil.
    public var note: String?

    public init(outcome: ProcessOutcome?, start: Double, monotonicStart: Double, timedOut: Bool = false,
                interrupted: Bool = false, startError: String? = nil) {
        self.outcome = outcome
        self.start = start
        self.monotonicStart = monotonicStart
        self.timedOut = timedOut
        self.interrupted = interrupted
        self.startError = startError
    }
}

/// Runs one attempt of a job somewhere (this machine, a SLURM cluster).
public protocol JobExecutor: Sendable {
    /// Runs `job` once and waits for it to end. Must honour `control` (interrupts) and the
    /// job's timeout, and never block the cooperative thread pool.
    func execute(_ job: PreparedJob, attempt: Int, control: RunControl) async -> AttemptResult
}

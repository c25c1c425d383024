/// What happened to one job in a run; one entry of the summary JSON.
public struct JobResult: Sendable, Equatable, Codable {
    /// The final state of a job.
    public enum Status: String, Sendable, Codable {
        case succeeded
        case failed
        /// Terminated after its timeout.
        case timedOut = "timed-out"
        /// Terminated because the run was interrupted.
        case interrupted
        /// Not run because a dependency did not succeed.
        case skipped
        /// Not started because the run was interrupted first.
        case notStarted = "not-started"
    }

    public var id: String
    public var name: String
    public var command: [String]
    public var status: Status
    public var optional: Bool
    public var exitCode: Int32?
    public var signal: Int32?
    public var attempts: Int
    /// Wall-clock start and end, seconds since 1970 (nil when the job never started).
    public var start: Double?
    public var end: Double?
    /// Seconds from the start of the run to the start/end of the last attempt.
    public var startOffset: Double?
    public var endOffset: Double?
    /// Wall seconds of the last attempt.
    public var duration: Double?
    public var userCPUSeconds: Double?
    public var systemCPUSeconds: Double?
    /// wait4's ru_maxrss in bytes (see ProcessOutcome.peakRSSBytes).
    public var peakRSSBytes: Int?
    public var logPath: String
    /// Worker slot (0-based) the last attempt ran in.
    public var slot: Int?
    /// Why it failed or was skipped, in one line; nil on success.
    public var message: String?

    public init(id: String, name: String, command: [String], status: Status, optional: Bool = false,
                exitCode: Int32? = nil, signal: Int32? = nil, attempts: Int = 0, start: Double? = nil,
                end: Double? = nil, startOffset: Double? = nil, endOffset: Double? = nil,
                duration: Double? = nil, userCPUSeconds: Double? = nil, systemCPUSeconds: Double? = nil,
                peakRSSBytes: Int? = nil, logPath: String, slot: Int? = nil, message: String? = nil) {
        self.id = id
        self.name = name
        self.command = command
        self.status = status
        self.optional = optional
        self.exitCode = exitCode
        self.signal = signal
        self.attempts = attempts
        self.start = start
        self.end = end
        self.startOffset = startOffset
        self.endOffset = endOffset
        self.duration = duration
        self.userCPUSeconds = userCPUSeconds
        self.systemCPUSeconds = systemCPUSeconds
        self.peakRSSBytes = peakRSSBytes
        self.logPath = logPath
        self.slot = slot
        self.message = message
    }

    /// A result for a job that never ran.
    public static func unstarted(_ job: PreparedJob, status: Status, message: String) -> JobResult {
        JobResult(id: job.id, name: job.spec.name, command: job.command, status: status,
                  optional: job.spec.optional, logPath: job.logPath, message: message)
    }
}

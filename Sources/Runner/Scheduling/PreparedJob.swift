/// A job with everything resolved that running it needs: its argv, log file and limits.
public struct PreparedJob: Sendable, Equatable {
    public var spec: JobSpec
    /// The full argv (parameters applied "where supported").
    public var command: [String]
    /// The job's log file (stdout and stderr, in order).
    public var logPath: String
    /// Retries after a failed attempt.
    public var retries: Int
    /// Seconds after which the job is terminated, or nil.
    public var timeout: Double?
    /// The job's position in the catalog (dispatch order).
    public var catalogIndex: Int

    public init(spec: JobSpec, command: [String], logPath: String, retries: Int, timeout: Double?, catalogIndex: Int) {
        self.spec = spec
        self.command = command
        self.logPath = logPath
        self.retries = retries
        self.timeout = timeout
        self.catalogIndex = catalogIndex
    }

    public var id: String { spec.id }
}

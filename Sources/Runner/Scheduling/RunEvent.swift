/// Something that happened during a run, for console output and progress displays.
public enum RunEvent: Sendable {
    /// A job attempt started in `slot`.
    case started(PreparedJob, attempt: Int, slot: Int)
    /// A failed attempt will be retried.
    case retrying(PreparedJob, attempt: Int, reason: String)
    /// A job reached its final state.
    case finished(JobResult)
}

/// Receives run events. Called from any thread; implementations synchronise themselves.
public protocol RunEventSink: Sendable {
    func handle(_ event: RunEvent)
}

/// One job on a timeline picture: when it ran, on which worker slot, and whether it failed.
public struct TimelineBar: Sendable, Equatable {
    /// The job's name, shown on its bar (any text; `TimelineSVG` escapes it).
    public var label: String
    /// The worker slot (row), zero-based: slot 0 is drawn as the row labelled "slot 1".
    public var slot: Int
    /// When the job started, in seconds from the start of the run.
    public var start: Double
    /// When the job ended, in seconds from the start of the run.
    public var end: Double
    /// Whether the job failed (drawn in the failure colour).
    public var failed: Bool

    /// Creates a bar from its parts.
    public init(label: String, slot: Int, start: Double, end: Double, failed: Bool = false) {
        self.label = label
        self.slot = slot
        self.start = start
        self.end = end
        self.failed = failed
    }

    /// `end − start`, never negative.
    public var duration: Double { Swift.max(0, end - start) }
}

/// What the probe log of one parallel run says about the scheduler.
public struct ConcurrencyAnalysis: Sendable, Equatable, Codable {
    /// Most jobs running at the same instant.
    public var peakConcurrency: Int
    /// For each job after the first W (by start): seconds between the W-th most recent end
    /// before it and its start, i.e. how long a freed slot stayed idle while this job waited.
    public var slotGaps: [Double]
    /// Seconds from the first start to the last end.
    public var span: Double

    public var maxGap: Double { slotGaps.max() ?? 0 }

    /// Analyses `runs` (jobs that did not end are ignored) for `workers` slots.
    public init(runs: [ProbeRun], workers: Int) {
        let finished = runs.compactMap { run in run.end.map { (start: run.start, end: $0) } }
        // Sweep: at equal times an end frees its slot before a start takes one.
        var events: [(time: Double, delta: Int)] = []
        for run in finished {
            events.append((run.start, 1))
            events.append((run.end, -1))
        }
        events.sort { lhs, rhs in lhs.time < rhs.time || (lhs.time == rhs.time && lhs.delta < rhs.delta) }
        var current = 0
        var peak = 0
        for event in events {
            current += event.delta
            peak = max(peak, current)
        }
        peakConcurrency = peak
        let starts = finished.map(\.start).sorted()
        let ends = finished.map(\.end).sorted()
        let slots = max(1, workers)
        slotGaps = starts.indices.dropFirst(slots).map { index in starts[index] - ends[index - slots] }
        span = (ends.last ?? 0) - (starts.first ?? 0)
    }
}

/// The timeline picture of the median parallel run (by wall time), from its probe log.
enum Timeline {
    static func svg(_ report: VerificationReport) -> String {
        guard let timing = report.timing, !timing.parallel.isEmpty else {
            return TimelineSVG.render(bars: [], title: "no parallel run was timed", idealMakespan: nil)
        }
        let sorted = timing.parallel.sorted { $0.wallSeconds < $1.wallSeconds }
        let median = sorted[sorted.count / 2]
        let origin = median.runs.map(\.start).min() ?? 0
        let intervals = median.runs.compactMap { run -> (label: String, start: Double, end: Double, failed: Bool)? in
            guard let end = run.end else { return nil }
            return (run.id, run.start - origin, end - origin, false)
        }
        let bars = TimelineSVG.assignSlots(intervals: intervals)
        let title = String(format: "%@: %d jobs on %d workers, %.2f s (median parallel run)",
                           report.settings.profile.name, timing.jobs, timing.workers, median.wallSeconds)
        return TimelineSVG.render(bars: bars, title: title, idealMakespan: report.speedup?.idealMedian)
    }
}

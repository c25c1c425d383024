import Foundation

/// perf.speedup: sequential vs parallel, interleaved repeats; the efficiency interval against
/// the ideal bound decides pass / fail / inconclusive.
struct SpeedupCheck: Check {
    let id = "perf.speedup"
    let title = "measured speedup and efficiency against the ideal bound"

    func run(_ context: CheckContext) async -> CheckResult {
        let timing = await context.ensureTiming()
        guard let analysis = await context.speedupAnalysis() else {
            return result(.errored, "no complete sequential/parallel pair: \(timing.error ?? "unknown error")", commands: timing.commands)
        }
        let bar = context.settings.minEfficiency
        let measurements = Self.measurements(analysis)
        let efficiency = analysis.efficiency
        let summary = String(format: "speedup %.2f× [%.2f, %.2f], efficiency %.2f [%.2f, %.2f] vs bar %.2f over %d pairs",
                             analysis.speedup.estimate, analysis.speedup.lower, analysis.speedup.upper,
                             efficiency.estimate, efficiency.lower, efficiency.upper, bar, analysis.pairs)
        var notes = [summary]
        if let error = timing.error { notes.append("timing stopped early: \(error)") }
        switch VerdictRule.atLeast(bar, interval: efficiency) {
        case .pass:
            return result(.passed, summary, commands: timing.commands, measurements: measurements, notes: notes)
        case .fail:
            return result(.failed, String(format: "efficiency %.2f (interval up to %.2f) is below %.2f: the parallel run takes %.2f s where %.2f s is possible",
                                          efficiency.estimate, efficiency.upper, bar, analysis.parallelMedian, analysis.idealMedian),
                          commands: timing.commands, measurements: measurements, notes: notes)
        case .inconclusive:
            let more = VerdictRule.additionalRepeatsNeeded(current: analysis.pairs, interval: efficiency, bar: bar)
            let advice = more.map { "about \($0) more repeats (--repeats \(analysis.pairs + $0)) would decide" } ?? "more repeats would not decide: the estimate sits on the bar"
            return result(.inconclusive, String(format: "efficiency interval [%.2f, %.2f] straddles %.2f: too noisy to say; ", efficiency.lower, efficiency.upper, bar) + advice,
                          commands: timing.commands, measurements: measurements, notes: notes)
        }
    }

    static func measurements(_ analysis: SpeedupAnalysis) -> [Measurement] {
        [
            Measurement("sequential median", analysis.sequentialMedian, unit: "s"),
            Measurement("parallel median", analysis.parallelMedian, unit: "s"),
            Measurement("speedup", analysis.speedup.estimate, unit: "×"),
            Measurement("speedup lower", analysis.speedup.lower, unit: "×"),
            Measurement("speedup upper", analysis.speedup.upper, unit: "×"),
            Measurement("ideal parallel", analysis.idealMedian, unit: "s"),
            Measurement("efficiency", analysis.efficiency.estimate),
            Measurement("efficiency lower", analysis.efficiency.lower),
            Measurement("efficiency upper", analysis.efficiency.upper),
            Measurement("effective workers", Double(analysis.effectiveWorkers)),
            Measurement("overhead per job", analysis.overheadPerJob, unit: "s"),
            Measurement("pairs", Double(analysis.pairs)),
        ]
    }
}

import Foundation

/// perf.baseline (only with `--baseline`): the parallel makespan against an earlier
/// results.json; fails on a statistically significant slowdown beyond the tolerance.
struct BaselineCheck: Check {
    let id = "perf.baseline"
    let title = "parallel makespan compared with the baseline"

    func run(_ context: CheckContext) async -> CheckResult {
        guard let path = context.settings.baselinePath else { return result(.skipped, "no --baseline given") }
        guard let baseline = try? ResultsDocument.load(path: path), let reference = baseline.parallelMedianSeconds, reference > 0 else {
            return result(.errored, "the baseline \(path) has no parallel timing")
        }
        let timing = await context.ensureTiming()
        let walls = timing.parallel.map(\.wallSeconds)
        guard let interval = Bootstrap.medianInterval(of: walls.map { $0 / reference }, seed: context.settings.seed) else {
            return result(.errored, "no parallel run completed: \(timing.error ?? "unknown error")", commands: timing.commands)
        }
        let bar = 1 + context.settings.tolerance
        let measurements = [Measurement("baseline parallel median", reference, unit: "s"),
                            Measurement("parallel median", SampleStatistics.median(walls) ?? 0, unit: "s"),
                            Measurement("ratio to baseline", interval.estimate), Measurement("ratio lower", interval.lower),
                            Measurement("ratio upper", interval.upper)]
        let summary = String(format: "makespan %.2f× the baseline [%.2f, %.2f] (bar %.2f)", interval.estimate, interval.lower, interval.upper, bar)
        if interval.lower > bar {
            return result(.failed, "significant slowdown: " + summary, commands: timing.commands, measurements: measurements)
        }
        if interval.upper > bar {
            return result(.inconclusive, "possible slowdown, too noisy to say: " + summary, commands: timing.commands, measurements: measurements)
        }
        return result(.passed, summary, commands: timing.commands, measurements: measurements)
    }
}

/// perf.concurrency: from the probe logs of the parallel timing runs, peak concurrency is
/// min(W, N) and never above W, and no slot stays idle while jobs wait.
struct ConcurrencyCheck: Check {
    let id = "perf.concurrency"
    let title = "peak concurrency = min(W, N), never above W; no idle slot while jobs wait"

    func run(_ context: CheckContext) async -> CheckResult {
        let timing = await context.ensureTiming()
        guard !timing.parallel.isEmpty else {
            return result(.errored, "no parallel timing run completed: \(timing.error ?? "unknown error")", commands: timing.commands)
        }
        let workers = context.settings.workers
        let expectedPeak = min(workers, timing.jobs)
        let analyses = timing.parallel.map { ConcurrencyAnalysis(runs: $0.runs, workers: workers) }
        let overhead = SpeedupAnalysis(timing: timing, cores: 1, cpuBound: false, seed: context.settings.seed)?.overheadPerJob ?? 0
        // A freed slot is refilled after the orchestrator notices the end and the next job's
        // start-up (for Python jobs the interpreter) before it logs: allow for that, no more.
        let allowance = 0.05 + 3 * overhead
        let peaks = analyses.map(\.peakConcurrency)
        let worstGap = analyses.map(\.maxGap).max() ?? 0
        let medianGap = SampleStatistics.median(analyses.flatMap(\.slotGaps)) ?? 0
        let measurements = [
            Measurement("workers", Double(workers)), Measurement("expected peak", Double(expectedPeak)),
            Measurement("min peak", Double(peaks.min() ?? 0)), Measurement("max peak", Double(peaks.max() ?? 0)),
            Measurement("median slot refill gap", medianGap, unit: "s"), Measurement("max slot refill gap", worstGap, unit: "s"),
            Measurement("gap allowance", allowance, unit: "s"),
        ]
        let commands = timing.commands
        if let above = peaks.first(where: { $0 > workers }) {
            return result(.failed, "\(above) jobs ran at once with \(context.profile.flags.maxWorkers) \(workers)", commands: commands, measurements: measurements)
        }
        if let below = peaks.first(where: { $0 < expectedPeak }) {
            return result(.failed, "peak concurrency \(below), expected \(expectedPeak) = min(\(workers) workers, \(timing.jobs) jobs)",
                          commands: commands, measurements: measurements)
        }
        if worstGap > allowance {
            return result(.failed, String(format: "a slot stayed idle %.3f s while jobs waited (allowance %.3f s): not work-conserving", worstGap, allowance),
                          commands: commands, measurements: measurements)
        }
        return result(.passed, commands: commands, measurements: measurements)
    }
}

extension CheckContext {
    /// The timing campaign, run once and shared by the perf checks.
    func ensureTiming() async -> TimingCampaign.Result {
        if let timing { return timing }
        let result = await TimingCampaign.run(self)
        timing = result
        return result
    }

    /// The speedup analysis of the campaign, or nil.
    func speedupAnalysis() async -> SpeedupAnalysis? {
        let timing = await ensureTiming()
        return SpeedupAnalysis(timing: timing, cores: Environment.current.cores,
                               cpuBound: settings.probeMode == .cpu, seed: settings.seed)
    }
}

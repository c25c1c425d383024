/// Speedup and efficiency of the timed pairs, with bootstrap intervals (DESIGN §5.3).
public struct SpeedupAnalysis: Sendable, Equatable, Codable {
    public var sequentialMedian: Double
    public var parallelMedian: Double
    /// Median of sequential_i / parallel_i, with its 95% interval.
    public var speedup: ConfidenceInterval
    /// Median of ideal_i / parallel_i, with its 95% interval.
    public var efficiency: ConfidenceInterval
    /// Median ideal parallel makespan: the orchestrator's own start and exit plus
    /// max(Σd/W, max d) over effective job durations (see `ideal(sequential:workers:)`).
    public var idealMedian: Double
    /// The orchestrator's own start-up and exit (not parallelisable), seconds.
    public var fixedOverhead: Double
    /// Slots the ideal assumes: min(workers, jobs), and for CPU probes also the cores.
    public var effectiveWorkers: Int
    /// Per-job overhead seen in sequential runs (interpreter start-up, orchestration), seconds.
    public var overheadPerJob: Double
    public var pairs: Int

    /// Computes the analysis, or nil when there is no complete pair.
    public init?(timing: TimingCampaign.Result, cores: Int, cpuBound: Bool, seed: UInt64) {
        let pairs = zip(timing.sequential, timing.parallel).map { ($0, $1) }
        guard !pairs.isEmpty else { return nil }
        var slots = min(timing.workers, timing.jobs)
        if cpuBound { slots = min(slots, max(1, cores)) }
        effectiveWorkers = max(1, slots)
        var ideals: [Double] = []
        var overheads: [Double] = []
        var fixed: [Double] = []
        for (sequential, _) in pairs {
            let ideal = Self.ideal(sequential: sequential, workers: effectiveWorkers)
            ideals.append(ideal.makespan)
            overheads.append(ideal.perJob)
            fixed.append(ideal.fixed)
        }
        let sequentialWalls = pairs.map(\.0.wallSeconds)
        let parallelWalls = pairs.map(\.1.wallSeconds)
        guard let speedup = Bootstrap.ratioInterval(numerators: sequentialWalls, denominators: parallelWalls, seed: seed),
              let efficiency = Bootstrap.ratioInterval(numerators: ideals, denominators: parallelWalls, seed: seed &+ 1)
        else { return nil }
        self.speedup = speedup
        self.efficiency = efficiency
        sequentialMedian = SampleStatistics.median(sequentialWalls) ?? 0
        parallelMedian = SampleStatistics.median(parallelWalls) ?? 0
        idealMedian = SampleStatistics.median(ideals) ?? 0
        overheadPerJob = SampleStatistics.median(overheads) ?? 0
        fixedOverhead = SampleStatistics.median(fixed) ?? 0
        self.pairs = pairs.count
    }

    /// The ideal parallel makespan derived from one sequential run.
    ///
    /// A sequential run takes S = A + Σd + (N-1)·o + B: the orchestrator's start-up until the
    /// first job logs its start (A), the jobs' own durations d from the probe log, a per-job
    /// overhead o between one job's end and the next one's start (dispatch, interpreter
    /// start-up), and the exit after the last job (B). Jobs carry their overhead with them
    /// (d + o) and can share W slots; the orchestrator's own start and exit cannot:
    /// ideal = (A + B - o) + max(Σ(d + o)/W, max(d + o)). With W = 1 it gives back S.
    public static func ideal(sequential: TimingCampaign.Sample, workers: Int) -> (makespan: Double, perJob: Double, fixed: Double) {
        let runs = sequential.runs.filter { $0.end != nil }.sorted { $0.start < $1.start }
        let durations = runs.compactMap(\.duration)
        guard let first = runs.first, let lastEnd = runs.compactMap(\.end).max() else {
            return (sequential.wallSeconds, 0, sequential.wallSeconds)
        }
        let gaps = zip(runs, runs.dropFirst()).compactMap { previous, next in previous.end.map { max(0, next.start - $0) } }
        let perJob = gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count)
        let startup = max(0, first.start - sequential.startTime)
        let exit = max(0, sequential.startTime + sequential.wallSeconds - lastEnd)
        let fixed = max(0, startup + exit - perJob)
        let makespan = fixed + idealMakespan(durations: durations.map { $0 + perJob }, workers: workers)
        return (makespan, perJob, fixed)
    }

    /// The lower bound of any schedule's makespan: max(Σd / W, max d).
    public static func idealMakespan(durations: [Double], workers: Int) -> Double {
        max(durations.reduce(0, +) / Double(max(1, workers)), durations.max() ?? 0)
    }
}

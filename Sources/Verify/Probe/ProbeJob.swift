/// One job of the probe workload, as the verifier created it (the ground truth that `--list`
/// and dry-run output are compared against).
public struct ProbeJob: Sendable, Equatable, Codable {
    public var id: String
    /// Nominal seconds of sleep (or CPU) this job takes.
    public var seconds: Double
    public var supportsEpochs: Bool
    public var supportsFolds: Bool

    public init(id: String, seconds: Double, supportsEpochs: Bool, supportsFolds: Bool) {
        self.id = id
        self.seconds = seconds
        self.supportsEpochs = supportsEpochs
        self.supportsFolds = supportsFolds
    }

    /// Training-style ids: the seed's three first, then more, numbered past the list.
    public static func ids(count: Int) -> [String] {
        let names = ["als", "alzheimers", "parkinsons", "huntingtons", "stroke", "epilepsy", "migraine",
                     "glioma", "autism", "schizophrenia", "depression", "multiple_sclerosis"]
        return (0..<count).map { $0 < names.count ? names[$0] : "probe_\($0 + 1)" }
    }

    /// Durations with a deterministic spread around `nominal` (DESIGN §5.2).
    ///
    /// With equal durations a scheduler that waits for a whole wave of W jobs looks perfect. Here
    /// consecutive pairs of full waves get the factors `1 + a(1 - 2p/(W-1))` for positions
    /// p = 0..W-1 (a = 0.3): a work-conserving scheduler hands the slot that frees first (the
    /// shortest job) the longest job of the next wave, so each pair of waves ends together and the
    /// makespan meets the ideal bound `max(Σd/W, max d)`; a wave-barrier scheduler waits for the
    /// longest job of every wave and falls clearly short. Jobs outside a full pair take `nominal`.
    public static func durations(count: Int, workers: Int, nominal: Double, spread: Double = 0.3) -> [Double] {
        guard workers > 1 else { return Array(repeating: nominal, count: count) }
        let pairedJobs = (count / (2 * workers)) * 2 * workers
        return (0..<count).map { index in
            guard index < pairedJobs else { return nominal }
            let position = Double(index % workers)
            let factor = 1 + spread * (1 - 2 * position / Double(workers - 1))
            return nominal * factor
        }
    }

    /// The workload for `count` jobs: every third job (1, 4, 7, ...) does not support `--folds`
    /// and job 2 does not support `--epochs`, so "where supported" propagation is visible.
    public static func workload(count: Int, workers: Int, nominal: Double) -> [ProbeJob] {
        let seconds = durations(count: count, workers: workers, nominal: nominal)
        return zip(ids(count: count), seconds).enumerated().map { index, pair in
            ProbeJob(id: pair.0, seconds: pair.1, supportsEpochs: index != 2, supportsFolds: index % 3 != 1)
        }
    }
}

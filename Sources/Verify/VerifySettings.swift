/// Everything a verification run is configured with (the verify-run-all command line).
public struct VerifySettings: Sendable, Equatable {
    /// `--target`: the script or command of the orchestrator (placeholder `{target}`).
    public var target: String
    public var profile: TargetProfile
    /// Where the target's docs and tests live.
    public var projectDir: String
    public var workers = 4
    public var jobs = 12
    public var jobSeconds = 0.2
    public var probeMode: ProbeWorkload.Mode = .sleep
    /// Timed sequential/parallel pairs after the warm-up run.
    public var repeats = 5
    /// `--claim` values (e.g. "4x", "up to 4x").
    public var claims: [String] = []
    /// Relative tolerance of point claims and baseline comparisons.
    public var tolerance = 0.1
    /// The efficiency bar of perf.speedup.
    public var minEfficiency = 0.8
    /// Check ids to run; nil runs all.
    public var checks: [String]?
    public var baselinePath: String?
    public var outDir = "reports"
    /// Inconclusive checks fail the run.
    public var strict = false
    public var verbose = false
    /// The native probe executable (for catalog workloads).
    public var probeExecutable: String?
    /// Seed of the bootstrap (reports are reproducible for the same measurements).
    public var seed: UInt64 = 0x5EED

    public init(target: String, profile: TargetProfile, projectDir: String) {
        self.target = target
        self.profile = profile
        self.projectDir = projectDir
    }
}

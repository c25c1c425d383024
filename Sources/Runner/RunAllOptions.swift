/// Everything a `run-all` invocation asks for (DESIGN §3 flags plus ours), with the defaults
/// of run_all_training.py.
public struct RunAllOptions: Sendable, Equatable {
    /// `--max-workers`: a number, or `auto` (one per core).
    public enum WorkerCount: Sendable, Equatable {
        case fixed(Int)
        case auto
    }

    public var configPath: String?
    public var parameters = RunParameters()
    public var only: [String]?
    public var exclude: [String] = []
    public var list = false
    public var dryRun = false
    public var parallel = false
    public var maxWorkers: WorkerCount = .fixed(4)
    public var retries = 0
    public var logsDir = "logs"
    public var summaryDir = "summaries"
    public var verbose = false
    public var allowPartialSuccess = false
    public var autoDiscover = true
    public var discoverRoots: [String] = []
    public var includePattern = "train_*.py"
    public var excludeRegex: String?
    public var discoveryLimit: Int?
    public var noDefaultJobs = false
    public var strictDiscovery = false
    /// GNU parallel style joblog file.
    public var joblogPath: String?
    /// Seconds between TERM and KILL when stopping jobs.
    public var grace: Double = 5
    /// Default per-job timeout in seconds.
    public var timeout: Double?
    /// Where jobs run.
    public enum ExecutorKind: String, Sendable, Equatable, CaseIterable {
        case local
        case slurm
    }

    public var executor: ExecutorKind = .local
    /// SLURM partition (`--slurm-partition`).
    public var slurmPartition: String?
    /// Extra sbatch arguments (`--slurm-arg`, repeatable).
    public var slurmArguments: [String] = []
    /// Dispatch order of ready jobs.
    public var order: DispatchOrder = .catalog
    /// The catalog used when `--config` is absent and `--no-default-jobs` is not given.
    public var defaultCatalogPath: String?

    public init() {}

    /// The number of worker slots for `jobCount` selected jobs: 1 unless `--parallel` and
    /// more than one job; otherwise min(max-workers, jobs). `auto` is one worker per core, but
    /// no more than one per GiB of available memory (training jobs are rarely smaller).
    public func slots(forJobCount jobCount: Int, cores: Int, availableMemoryBytes: Int? = nil) -> Int {
        guard parallel, jobCount > 1 else { return 1 }
        switch maxWorkers {
        case let .fixed(count):
            return min(count, jobCount)
        case .auto:
            let byMemory = availableMemoryBytes.map { $0 / (1 << 30) } ?? Int.max
            return min(max(1, min(cores, byMemory)), jobCount)
        }
    }
}

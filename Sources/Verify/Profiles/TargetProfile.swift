/// How to drive one kind of orchestrator as a black box (DESIGN §5.1). Loaded from JSON; the
/// built-ins are `run-all` and `run_all_training`.
///
/// Placeholders in `command`, `workloadArguments` and `tests.command`: `{target}` (the
/// `--target` value), `{workload}` (the probe workload directory), `{catalog}` (the probe
/// catalog file), `{project}` (the project directory), `{junit}` (where the test suite should
/// write JUnit XML).
public struct TargetProfile: Sendable, Codable, Equatable {
    /// What kind of probe workload the target runs.
    public enum WorkloadKind: String, Sendable, Codable {
        /// `train_<id>.py` scripts found by the target's discovery.
        case pythonScripts = "python-scripts"
        /// A JSON catalog of `command` jobs running the native probe (`vra-probe`).
        case catalog
    }

    /// Where the probe workload is created.
    public enum WorkloadLocation: String, Sendable, Codable {
        /// A fresh temporary directory.
        case temporary
        /// Inside the project directory (for targets that only discover inside their own tree),
        /// removed afterwards.
        case project
    }

    /// The names of the target's flags.
    public struct Flags: Sendable, Codable, Equatable {
        public var help = "--help"
        public var list = "--list"
        public var dryRun = "--dry-run"
        public var parallel = "--parallel"
        public var maxWorkers = "--max-workers"
        public var only = "--only"
        public var epochs = "--epochs"
        public var folds = "--folds"

        public init() {}

        enum CodingKeys: String, CodingKey {
            case help, list, dryRun, parallel, maxWorkers, only, epochs, folds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init()
            help = try container.decodeIfPresent(String.self, forKey: .help) ?? help
            list = try container.decodeIfPresent(String.self, forKey: .list) ?? list
            dryRun = try container.decodeIfPresent(String.self, forKey: .dryRun) ?? dryRun
            parallel = try container.decodeIfPresent(String.self, forKey: .parallel) ?? parallel
            maxWorkers = try container.decodeIfPresent(String.self, forKey: .maxWorkers) ?? maxWorkers
            only = try container.decodeIfPresent(String.self, forKey: .only) ?? only
            epochs = try container.decodeIfPresent(String.self, forKey: .epochs) ?? epochs
            folds = try container.decodeIfPresent(String.self, forKey: .folds) ?? folds
        }
    }

    /// Regular expressions of the target's key lines (DESIGN §3), matched on stdout and stderr.
    public struct Patterns: Sendable, Codable, Equatable {
        /// The parallel-mode warning.
        public var parallelWarning = #"⚠️\s+Parallel mode enabled\. Ensure sufficient resources\."#
        /// A dry-run line; capture group 1 is the job id, group 2 the command.
        public var dryRun = #"^\[([^\]]+)\] \(dry-run\) Command: (.*)$"#
        /// A `--list` line; capture group 1 is the job id.
        public var listEntry = #"^\s*- ([A-Za-z0-9_.\-]+): "#
        /// The selection line; groups: selected, total.
        public var selected = #"Selected jobs: (\d+) \(filtered from (\d+)\)"#

        public init() {}

        enum CodingKeys: String, CodingKey {
            case parallelWarning, dryRun, listEntry, selected
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init()
            parallelWarning = try container.decodeIfPresent(String.self, forKey: .parallelWarning) ?? parallelWarning
            dryRun = try container.decodeIfPresent(String.self, forKey: .dryRun) ?? dryRun
            listEntry = try container.decodeIfPresent(String.self, forKey: .listEntry) ?? listEntry
            selected = try container.decodeIfPresent(String.self, forKey: .selected) ?? selected
        }
    }

    /// A documentation file that must show a command in a section.
    public struct DocumentRequirement: Sendable, Codable, Equatable {
        /// Path relative to the project dir (also looked up under `docs/`).
        public var file: String
        /// Text of the heading of the section (case-insensitive substring).
        public var section: String
        /// The command the section must show.
        public var command: String

        public init(file: String, section: String, command: String) {
            self.file = file
            self.section = section
            self.command = command
        }
    }

    /// The target's own test suite.
    public struct TestSuite: Sendable, Codable, Equatable {
        /// argv; run in the project directory.
        public var command: [String]
        /// Extra environment (placeholders allowed), e.g. `{"JUNIT_XML": "{junit}"}`.
        public var environment: [String: String]?
        /// The JUnit file it writes, if any (placeholders allowed).
        public var junit: String?
        /// Seconds before the suite is stopped (default 300).
        public var timeout: Double?

        public init(command: [String], environment: [String: String]? = nil, junit: String? = nil, timeout: Double? = nil) {
            self.command = command
            self.environment = environment
            self.junit = junit
            self.timeout = timeout
        }
    }

    public var name: String
    /// argv of the target; `{target}` is replaced by `--target`.
    public var command: [String]
    public var workload: WorkloadKind
    public var workloadLocation: WorkloadLocation
    /// Arguments that point the target at the probe workload.
    public var workloadArguments: [String]
    public var flags: Flags
    public var patterns: Patterns
    public var documents: [DocumentRequirement]
    /// Files searched for speedup claims (relative to the project dir, also under `docs/`).
    public var claimDocuments: [String]
    public var tests: TestSuite?
    /// Nominal probe job seconds when `--job-seconds` is not given (default 0.2). Interpreted
    /// targets start an interpreter per job; longer jobs keep that start-up from dominating.
    public var defaultJobSeconds: Double?
    /// Seconds any single target command may take before it is stopped (default 60).
    public var commandTimeout: Double?
    /// Seconds the target is given to stop after SIGINT before it counts as hung (default 20).
    public var interruptTimeout: Double?

    public init(name: String, command: [String], workload: WorkloadKind, workloadLocation: WorkloadLocation = .temporary,
                workloadArguments: [String], flags: Flags = Flags(), patterns: Patterns = Patterns(),
                documents: [DocumentRequirement] = [], claimDocuments: [String] = [], tests: TestSuite? = nil,
                defaultJobSeconds: Double? = nil, commandTimeout: Double? = nil, interruptTimeout: Double? = nil) {
        self.name = name
        self.command = command
        self.workload = workload
        self.workloadLocation = workloadLocation
        self.workloadArguments = workloadArguments
        self.flags = flags
        self.patterns = patterns
        self.documents = documents
        self.claimDocuments = claimDocuments
        self.tests = tests
        self.defaultJobSeconds = defaultJobSeconds
        self.commandTimeout = commandTimeout
        self.interruptTimeout = interruptTimeout
    }

    // Profiles are written by hand: every field but `name`, `command`, `workload` and
    // `workloadArguments` may be left out and takes the default of `init`.
    enum CodingKeys: String, CodingKey {
        case name, command, workload, workloadLocation, workloadArguments, flags, patterns, documents
        case claimDocuments, tests, defaultJobSeconds, commandTimeout, interruptTimeout
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            command: try container.decode([String].self, forKey: .command),
            workload: try container.decode(WorkloadKind.self, forKey: .workload),
            workloadLocation: try container.decodeIfPresent(WorkloadLocation.self, forKey: .workloadLocation) ?? .temporary,
            workloadArguments: try container.decode([String].self, forKey: .workloadArguments),
            flags: try container.decodeIfPresent(Flags.self, forKey: .flags) ?? Flags(),
            patterns: try container.decodeIfPresent(Patterns.self, forKey: .patterns) ?? Patterns(),
            documents: try container.decodeIfPresent([DocumentRequirement].self, forKey: .documents) ?? [],
            claimDocuments: try container.decodeIfPresent([String].self, forKey: .claimDocuments) ?? [],
            tests: try container.decodeIfPresent(TestSuite.self, forKey: .tests),
            defaultJobSeconds: try container.decodeIfPresent(Double.self, forKey: .defaultJobSeconds),
            commandTimeout: try container.decodeIfPresent(Double.self, forKey: .commandTimeout),
            interruptTimeout: try container.decodeIfPresent(Double.self, forKey: .interruptTimeout))
    }
}

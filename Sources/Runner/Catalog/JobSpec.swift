/// One job as the catalog or discovery describes it, before run parameters are applied.
public struct JobSpec: Sendable, Equatable, Codable {
    /// What a job runs: a Python script (run with the interpreter, DESIGN §3) or an argv as is.
    public enum Program: Sendable, Equatable, Codable {
        /// An absolute path to a script, run as `python3 SCRIPT [flags]`.
        case script(String)
        /// An argv, run as is (never through a shell unless `shell` is set on the job).
        case command([String])
    }

    /// Unique id, `[A-Za-z0-9_.-]+`, not `.` or `..` (it names the log file).
    public var id: String
    /// Human-readable name shown by `--list`.
    public var name: String
    public var program: Program
    /// Parameters the job accepts; others are never passed to it.
    public var supports: Set<JobParameter>
    /// A failing optional job does not fail the run under `--allow-partial-success`.
    public var optional: Bool
    /// Extra environment variables, on top of the runner's environment.
    public var environment: [String: String]
    /// Working directory (absolute); nil runs in the runner's directory.
    public var workdir: String?
    /// Ids of jobs that must succeed before this one starts.
    public var dependsOn: [String]
    /// Seconds after which the job is terminated (TERM, then KILL after the grace period).
    public var timeout: Double?
    /// Retries for this job; nil uses `--retries`.
    public var retries: Int?
    /// Output directory named by the catalog; nil uses `<base-output-dir>/<id>`.
    public var outputDir: String?
    /// Run `command` (a single string) through `/bin/sh -c`. Only when the catalog says so.
    public var shell: Bool

    public init(
        id: String, name: String? = nil, program: Program, supports: Set<JobParameter> = [],
        optional: Bool = false, environment: [String: String] = [:], workdir: String? = nil,
        dependsOn: [String] = [], timeout: Double? = nil, retries: Int? = nil,
        outputDir: String? = nil, shell: Bool = false
    ) {
        self.id = id
        self.name = name ?? id
        self.program = program
        self.supports = supports
        self.optional = optional
        self.environment = environment
        self.workdir = workdir
        self.dependsOn = dependsOn
        self.timeout = timeout
        self.retries = retries
        self.outputDir = outputDir
        self.shell = shell
    }

    /// Whether `id` is acceptable as a job id: it becomes a file name inside the logs dir, so
    /// it must not contain `/`, NUL or be `.`/`..`.
    public static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id != ".", id != "..", id.utf8.count <= 200 else { return false }
        return id.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": return true
            default: return false
            }
        }
    }
}

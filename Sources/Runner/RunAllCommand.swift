public import CLISupport
public import Foundation

/// The `run-all` command line: the flags of run_all_training.py (DESIGN §3) plus ours, and
/// their translation into `RunAllOptions`. The executable only calls `main`.
public enum RunAllCommand {
    /// The declarative description of every option; `--help` is generated from it.
    public static let spec = CommandSpec(
        name: "run-all",
        summary: "Run training jobs sequentially or in parallel (a drop-in for run_all_training.py).",
        options: [
            OptionSpec("--config", kind: .value, valueName: "FILE", help: "Job catalog (JSON, or YAML by extension). Default: examples/training/jobs.json."),
            OptionSpec("--epochs", kind: .value, valueName: "N", help: "Pass --epochs N to jobs that support it."),
            OptionSpec("--folds", kind: .value, valueName: "N", help: "Pass --folds N to jobs that support it."),
            OptionSpec("--sample", kind: .value, valueName: "N", help: "Pass --sample N to jobs that support it."),
            OptionSpec("--batch", kind: .value, valueName: "N", help: "Pass --batch N to jobs that support it."),
            OptionSpec("--only", kind: .values, valueName: "ID", help: "Run only these job ids (train_ prefix optional)."),
            OptionSpec("--exclude", kind: .values, valueName: "ID", help: "Skip these job ids."),
            OptionSpec("--list", help: "List the jobs and exit."),
            OptionSpec("--dry-run", help: "Print each job's command without running it."),
            OptionSpec("--parallel", help: "Enable parallel execution (default: False)."),
            OptionSpec("--max-workers", kind: .value, valueName: "MAX_WORKERS", help: "Workers for parallel mode, or 'auto' (one per core and GiB of free memory) (default: 4)."),
            OptionSpec("--retries", kind: .value, valueName: "N", help: "Retries for a failed job (default: 0)."),
            OptionSpec("--extra-arg", kind: .repeated, valueName: "ARG", help: "Append ARG to every job's command (repeatable)."),
            OptionSpec("--base-output-dir", kind: .value, valueName: "DIR", help: "Output directories are DIR/<id> (default: results)."),
            OptionSpec("--logs-dir", kind: .value, valueName: "DIR", help: "Per-job log files (default: logs)."),
            OptionSpec("--summary-dir", kind: .value, valueName: "DIR", help: "Summary JSON files (default: summaries)."),
            OptionSpec("--verbose", help: "Print each command as it starts and the tail of failed jobs' logs."),
            OptionSpec("--allow-partial-success", help: "Exit 0 when only optional jobs failed."),
            OptionSpec("--no-auto-discover", help: "Do not discover train_*.py scripts."),
            OptionSpec("--discover-root", kind: .values, valueName: "DIR", help: "Discover train_*.py scripts under these directories."),
            OptionSpec("--include-pattern", kind: .value, valueName: "GLOB", help: "File name pattern for discovery (default: train_*.py)."),
            OptionSpec("--exclude-regex", kind: .value, valueName: "REGEX", help: "Skip discovered paths matching REGEX."),
            OptionSpec("--discovery-limit", kind: .value, valueName: "N", help: "Take at most N discovered scripts."),
            OptionSpec("--no-default-jobs", help: "Do not load the default catalog."),
            OptionSpec("--strict-discovery", help: "Exit 3 when discovery finds nothing."),
            OptionSpec("--executor", kind: .value, valueName: "local|slurm", help: "Run jobs on this machine or as SLURM batch jobs (default: local)."),
            OptionSpec("--slurm-partition", kind: .value, valueName: "NAME", help: "With --executor slurm: the partition to submit to."),
            OptionSpec("--slurm-arg", kind: .repeated, valueName: "ARG", help: "With --executor slurm: an extra sbatch argument (repeatable)."),
            OptionSpec("--order", kind: .value, valueName: "ORDER", help: "Dispatch order: catalog, or longest-first by the durations of earlier runs in --summary-dir (default: catalog)."),
            OptionSpec("--joblog", kind: .value, valueName: "FILE", help: "Write a GNU parallel style joblog (TSV)."),
            OptionSpec("--timeout", kind: .value, valueName: "SECONDS", help: "Terminate a job after SECONDS (catalog 'timeout' wins)."),
            OptionSpec("--grace", kind: .value, valueName: "SECONDS", help: "Seconds between TERM and KILL when stopping jobs (default: 5)."),
            OptionSpec("--python", kind: .value, valueName: "EXE", help: "Interpreter for script jobs (default: python3)."),
            OptionSpec("--self-test", help: "Check this run-all against the run_all_training.py contract on a temporary catalog and exit."),
            OptionSpec("--junit", kind: .value, valueName: "FILE", help: "With --self-test: write the results as JUnit XML."),
        ],
        epilog: """
        examples:
          run-all --parallel --max-workers 4
          run-all --parallel --max-workers 6 --epochs 50 --folds 5
          run-all --parallel --max-workers 4 --only als alzheimers parkinsons
          run-all --parallel --max-workers 4 --dry-run

        exit status: 0 success, 1 a job failed, 2 usage or configuration error,
        3 strict discovery found nothing, 130 interrupted.
        """
    )

    /// Largest accepted `--max-workers`.
    public static let maxWorkersLimit = 4096

    /// Translates parsed arguments into options, validating every value.
    public static func options(from arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                               executablePath: String? = nil) throws(UsageError) -> RunAllOptions {
        let parsed = try ArgumentParser.parse(arguments, spec: spec)
        var options = RunAllOptions()
        options.configPath = parsed.value("config")
        options.parameters.epochs = try parsed.integer("epochs", in: 0...1_000_000_000)
        options.parameters.folds = try parsed.integer("folds", in: 0...1_000_000_000)
        options.parameters.sample = try parsed.integer("sample", in: 0...Int.max)
        options.parameters.batch = try parsed.integer("batch", in: 0...1_000_000_000)
        options.parameters.extraArguments = parsed.list("extra-arg") ?? []
        if let base = parsed.value("base-output-dir") { options.parameters.baseOutputDir = try nonEmpty(base, "base-output-dir") }
        if let python = parsed.value("python") { options.parameters.python = try nonEmpty(python, "python") }
        options.only = parsed.list("only")
        options.exclude = parsed.list("exclude") ?? []
        options.list = parsed.flag("list")
        options.dryRun = parsed.flag("dry-run")
        options.parallel = parsed.flag("parallel")
        if let workers = parsed.value("max-workers") {
            if workers == "auto" {
                options.maxWorkers = .auto
            } else {
                guard let count = Int(workers), (1...maxWorkersLimit).contains(count) else {
                    throw UsageError("--max-workers must be a whole number from 1 to \(maxWorkersLimit) or 'auto', got '\(String(workers.prefix(40)))'")
                }
                options.maxWorkers = .fixed(count)
            }
        }
        options.retries = try parsed.integer("retries", in: 0...100) ?? 0
        if let logs = parsed.value("logs-dir") { options.logsDir = try nonEmpty(logs, "logs-dir") }
        if let summaries = parsed.value("summary-dir") { options.summaryDir = try nonEmpty(summaries, "summary-dir") }
        options.verbose = parsed.flag("verbose")
        options.allowPartialSuccess = parsed.flag("allow-partial-success")
        options.autoDiscover = !parsed.flag("no-auto-discover")
        options.discoverRoots = parsed.list("discover-root") ?? []
        if let pattern = parsed.value("include-pattern") { options.includePattern = try nonEmpty(pattern, "include-pattern") }
        options.excludeRegex = parsed.value("exclude-regex")
        options.discoveryLimit = try parsed.integer("discovery-limit", in: 0...Int.max)
        options.noDefaultJobs = parsed.flag("no-default-jobs")
        options.strictDiscovery = parsed.flag("strict-discovery")
        options.joblogPath = parsed.value("joblog")
        if let executor = parsed.value("executor") {
            guard let kind = RunAllOptions.ExecutorKind(rawValue: executor) else {
                throw UsageError("--executor must be one of \(RunAllOptions.ExecutorKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(String(executor.prefix(40)))'")
            }
            options.executor = kind
        }
        options.slurmPartition = parsed.value("slurm-partition")
        options.slurmArguments = parsed.list("slurm-arg") ?? []
        if options.executor != .slurm, options.slurmPartition != nil || !options.slurmArguments.isEmpty {
            throw UsageError("--slurm-partition and --slurm-arg go with --executor slurm")
        }
        if let order = parsed.value("order") {
            guard let value = DispatchOrder(rawValue: order) else {
                throw UsageError("--order must be one of \(DispatchOrder.allCases.map(\.rawValue).joined(separator: ", ")), got '\(String(order.prefix(40)))'")
            }
            options.order = value
        }
        options.timeout = try parsed.number("timeout", in: 0.001...31_536_000)
        options.grace = try parsed.number("grace", in: 0...3600) ?? 5
        options.defaultCatalogPath = defaultCatalog(environment: environment, executablePath: executablePath)
        return options
    }

    /// Where the default catalog is: `$RUN_ALL_DEFAULT_CATALOG`, else `examples/training/jobs.json`
    /// in the current directory, else in the first ancestor of the executable's directory that
    /// has one (so `.build/release/run-all` finds the repository's catalog).
    public static func defaultCatalog(environment: [String: String], executablePath: String?) -> String? {
        if let explicit = environment["RUN_ALL_DEFAULT_CATALOG"], !explicit.isEmpty { return explicit }
        let relative = "examples/training/jobs.json"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var directory = ((executablePath ?? CommandLine.arguments.first ?? "") as NSString).deletingLastPathComponent
        directory = (directory as NSString).resolvingSymlinksInPath
        while !directory.isEmpty, directory != "/" {
            let candidate = directory + "/" + relative
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// The whole program: parse, run, map errors to one stderr line and an exit status.
    /// `selfTest` runs `--self-test` (it lives with the verifier); it gets the executable path
    /// and the `--junit` file.
    public static func main(_ arguments: [String], selfTest: (String, String?) async -> Int32) async -> Int32 {
        let options: RunAllOptions
        do throws(UsageError) {
            let parsed = try ArgumentParser.parse(arguments, spec: spec)
            if parsed.flag("help") {
                Console.out(ArgumentParser.help(for: spec), newline: false)
                return ExitStatus.success
            }
            if parsed.flag("self-test") {
                return await selfTest(selfExecutablePath(), parsed.value("junit"))
            }
            if parsed.value("junit") != nil { throw UsageError("--junit goes with --self-test") }
            options = try self.options(from: arguments, executablePath: selfExecutablePath())
        } catch {
            Console.err("run-all: error: \(error.message)")
            return ExitStatus.usage
        }
        do {
            return try await RunAll.run(options)
        } catch {
            Console.err("run-all: error: \(error.message)")
            return error.exitCode
        }
    }

    static func nonEmpty(_ value: String, _ key: String) throws(UsageError) -> String {
        guard !value.isEmpty else { throw UsageError("--\(key) must not be empty") }
        return value
    }
}

/// The path of the running executable (`/proc/self/exe`).
public func selfExecutablePath() -> String {
    (("/proc/self/exe" as NSString).resolvingSymlinksInPath)
}

import Foundation
import Glibc

/// The `run-all` program: gathers jobs, selects, prints the key lines of DESIGN §3, runs
/// them, writes the summary and joblog, and returns the exit status.
public enum RunAll {
    /// The parallel-mode warning, byte for byte as run_all_training.py prints it.
    public static let parallelWarning = "⚠️  Parallel mode enabled. Ensure sufficient resources."

    /// Gathers the jobs the options describe: `--config`, or the default catalog, plus discovery.
    public static func gatherJobs(_ options: RunAllOptions) throws(RunAllError) -> [JobSpec] {
        var jobs: [JobSpec] = []
        if let config = options.configPath {
            jobs = try Catalog.load(path: config)
        } else if !options.noDefaultJobs, let defaultCatalog = options.defaultCatalogPath {
            jobs = try Catalog.load(path: defaultCatalog)
        }
        if options.autoDiscover, !options.discoverRoots.isEmpty {
            let discovery = Discovery(roots: options.discoverRoots, includePattern: options.includePattern,
                                      excludeRegex: options.excludeRegex, limit: options.discoveryLimit)
            let (discovered, skipped) = try discovery.discoverWithSkipped()
            for reason in skipped { Console.err("⚠️  discovery skipped \(reason)") }
            if discovered.isEmpty, options.strictDiscovery {
                throw RunAllError("strict discovery: no \(options.includePattern) found under \(options.discoverRoots.joined(separator: ", "))",
                                  exitCode: ExitStatus.nothingDiscovered)
            }
            let known = Set(jobs.map(\.id))
            jobs += discovered.filter { !known.contains($0.id) }
        } else if options.strictDiscovery {
            throw RunAllError("strict discovery: no discovery root given (--discover-root DIR)", exitCode: ExitStatus.nothingDiscovered)
        }
        if jobs.isEmpty {
            if options.configPath == nil, options.defaultCatalogPath == nil, !options.noDefaultJobs {
                throw RunAllError("no jobs: the default catalog examples/training/jobs.json was not found; give --config FILE or --discover-root DIR")
            }
            throw RunAllError("no jobs found (check --config / --discover-root)")
        }
        return jobs
    }

    /// Runs the whole program. Usage and configuration errors are thrown (exit 2 or 3); once
    /// jobs run, the status follows DESIGN §3 (0, 1, 130).
    public static func run(_ options: RunAllOptions) async throws(RunAllError) -> Int32 {
        let all = try gatherJobs(options)
        let selection = try JobSelection(all: all, only: options.only, exclude: options.exclude)
        let jobs = selection.jobs
        let runs = !options.list && !options.dryRun && !jobs.isEmpty
        let slots = options.slots(forJobCount: jobs.count, cores: ProcessInfo.processInfo.activeProcessorCount,
                                  availableMemoryBytes: ProcessMemory.availableSystemMemoryBytes())

        // Signals are caught from here on, before any file is created or any job started: a
        // SIGINT that arrives earlier kills run-all by its default action, and then there is
        // nothing to clean up (docs/RELIABILITY.md).
        let control = RunControl(grace: options.grace)
        let forwarder = runs ? SignalForwarder { signal in
            if !control.isInterrupted {
                Console.err("⚠️  Received \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"): stopping running jobs (TERM, then KILL after \(options.grace)s)")
            }
            control.interrupt()
        } : nil
        defer { withExtendedLifetime(forwarder) {} }
        // Every configuration error is reported before the first key line is printed.
        // A failure here removes the (empty) directories this run created: bad input leaves
        // nothing behind.
        var joblog: JobLogWriter?
        var executor: (any JobExecutor)?
        if runs, options.executor == .slurm {
            let environment = ProcessInfo.processInfo.environment
            if let reason = await SlurmExecutor.unavailableReason(environment: environment, scratchDirectory: NSTemporaryDirectory()) {
                throw RunAllError("--executor slurm: cannot run sbatch (\(reason))")
            }
            executor = SlurmExecutor(environment: environment, partition: options.slurmPartition,
                                     extraArguments: options.slurmArguments, scratchDirectory: NSTemporaryDirectory())
        }
        if runs {
            var created: [String] = []
            do {
                created += try makeDirectory(options.logsDir, flag: "--logs-dir")
                created += try makeDirectory(options.summaryDir, flag: "--summary-dir")
                joblog = try options.joblogPath.map { path throws(RunAllError) in try JobLogWriter(path: path) }
            } catch {
                for directory in created.reversed() { rmdir(directory) }
                throw error
            }
        }

        Console.out(selection.summaryLine)
        if options.list {
            for job in jobs { Console.out(listLine(job)) }
            return ExitStatus.success
        }
        if options.parallel, jobs.count > 1 {
            Console.out(parallelWarning)
            Console.out("🧵 Workers: \(slots)")
        }
        if options.dryRun {
            for job in jobs {
                Console.out("[\(job.id)] (dry-run) Command: \(ShellQuote.join(options.parameters.command(for: job)))")
            }
            return ExitStatus.success
        }
        guard runs else { return ExitStatus.success }

        let prepared = jobs.enumerated().map { index, job in
            PreparedJob(spec: job, command: options.parameters.command(for: job),
                        logPath: options.logsDir + "/" + job.id + ".log",
                        retries: job.retries ?? options.retries, timeout: job.timeout ?? options.timeout,
                        catalogIndex: index)
        }
        let ordered = options.order.arrange(prepared, history: options.order == .catalog ? [:] : DispatchOrder.history(summaryDir: options.summaryDir))

        // Orphaned descendants of jobs are re-parented to us, so that what a job leaves behind
        // outside its process group can be found and stopped after the run.
        EscapedProcesses.adoptOrphans()
        let reporter = ConsoleReporter(total: prepared.count, slots: slots, verbose: options.verbose, joblog: joblog)
        let startDate = Date()
        let startTime = MonotonicClock.now()
        let scheduler = Scheduler(slots: slots, executor: executor ?? LocalExecutor(marksJobs: true), control: control, events: reporter)
        let resultsByID = Dictionary(uniqueKeysWithValues: await scheduler.run(ordered).map { ($0.id, $0) })
        let results = prepared.compactMap { resultsByID[$0.id] }   // summary in catalog order
        reporter.finish()
        let escaped = await stopEscapedProcesses(grace: options.grace)
        let wall = MonotonicClock.now() - startTime
        if let problem = joblog?.writeProblem {
            Console.err("⚠️  joblog \(options.joblogPath ?? ""): \(problem); it is incomplete")
        }

        // The outcome is fixed here: a signal that arrives while the summary is written (the
        // jobs have all ended) does not change it, so the summary and the exit status agree.
        let interrupted = control.isInterrupted
        let exitCode = exitStatus(for: results, interrupted: interrupted, allowPartialSuccess: options.allowPartialSuccess)
        var summary = RunSummary(startedAt: startDate, wallSeconds: wall, workers: slots, parallel: slots > 1,
                                 interrupted: interrupted, exitCode: exitCode, jobs: results)
        summary.escapedProcesses = escaped
        let summaryPath = options.summaryDir + "/" + RunSummary.fileName(startedAt: startDate)
        let encodedSummary = try summary.encoded()
        Console.out(closingLine(results: results, wall: wall, slots: slots, interrupted: interrupted))
        do {
            try AtomicFile.write(encodedSummary, to: summaryPath)
        } catch {
            // The jobs are accounted for on the console lines above; the summary is not
            // written at all rather than half. A failed or interrupted run keeps its status.
            Console.err("run-all: error: \(error.description)")
            return exitCode == ExitStatus.success ? ExitStatus.usage : exitCode
        }
        Console.out("📄 Summary: \(summaryPath)")
        return exitCode
    }

    /// Finds what the jobs left running outside their process groups, reports it on the
    /// console and stops it. Repeats while stopping one escaped process orphans others.
    static func stopEscapedProcesses(grace: Double) async -> [EscapedProcess] {
        var all: [EscapedProcess] = []
        for _ in 0..<3 {
            let found = EscapedProcesses.scan().filter { process in !all.contains { $0.pid == process.pid } }
            if found.isEmpty { break }
            for process in found {
                let owner = process.jobID.map { "[\($0)]" } ?? "a job"
                Console.out("⚠️  \(owner) left a process running outside its process group: pid \(process.pid) (\(process.command)); stopping it")
            }
            await EscapedProcesses.stop(found, grace: grace)
            all += found
        }
        return all
    }

    /// The `--list` line of a job: `- ID: NAME | script=... | supports=...`.
    public static func listLine(_ job: JobSpec) -> String {
        let program: String
        switch job.program {
        case let .script(path): program = "script=\(path)"
        case let .command(argv): program = "command=\(ShellQuote.join(argv))"
        }
        var line = "- \(job.id): \(job.name) | \(program) | supports=\(job.supports.sorted().map(\.rawValue).joined(separator: ","))"
        if !job.dependsOn.isEmpty { line += " | depends_on=\(job.dependsOn.joined(separator: ","))" }
        if job.optional { line += " | optional" }
        return line
    }

    /// 130 when interrupted; 1 when a mandatory job did not succeed (or an optional one,
    /// unless partial success is allowed); else 0.
    public static func exitStatus(for results: [JobResult], interrupted: Bool, allowPartialSuccess: Bool) -> Int32 {
        if interrupted { return ExitStatus.interrupted }
        let unsuccessful = results.filter { $0.status != .succeeded }
        if unsuccessful.isEmpty { return ExitStatus.success }
        if allowPartialSuccess, unsuccessful.allSatisfy(\.optional) { return ExitStatus.success }
        return ExitStatus.failure
    }

    static func closingLine(results: [JobResult], wall: Double, slots: Int, interrupted: Bool) -> String {
        let succeeded = results.filter { $0.status == .succeeded }.count
        let time = String(format: "%.2fs", wall)
        if interrupted {
            return "🛑 Interrupted: \(succeeded)/\(results.count) jobs succeeded before the stop (\(time))"
        }
        let failed = results.filter { $0.status != .succeeded }.map(\.id)
        if failed.isEmpty {
            return "✅ \(succeeded)/\(results.count) jobs succeeded in \(time) (\(slots) worker\(slots == 1 ? "" : "s"))"
        }
        return "❌ \(failed.count) of \(results.count) jobs did not succeed: \(failed.joined(separator: ", ")) (\(time))"
    }

    /// Creates `path` with its missing parents; returns the directories it created, parents
    /// first (an error removes what this call created).
    @discardableResult
    static func makeDirectory(_ path: String, flag: String) throws(RunAllError) -> [String] {
        var missing: [String] = []
        var candidate = path
        while !candidate.isEmpty, candidate != "/", candidate != ".", access(candidate, F_OK) != 0 {
            missing.insert(candidate, at: 0)
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            for directory in missing.reversed() { rmdir(directory) }
            throw RunAllError("\(flag) \(path): cannot create directory")
        }
        guard access(path, W_OK) == 0 else {
            for directory in missing.reversed() { rmdir(directory) }
            throw RunAllError("\(flag) \(path): directory is not writable")
        }
        return missing
    }
}

public import CLISupport
public import Foundation
import Runner

/// The `verify-run-all` command line and its translation into `VerifySettings`.
public enum VerifyCommand {
    public static let spec = CommandSpec(
        name: "verify-run-all",
        summary: """
        Verify a run-all style orchestrator as a black box: run the documented checks on a generated probe
        workload, time sequential against parallel runs, check speedup claims, and write VERIFICATION.md,
        junit.xml, results.json, timeline.svg and benchmark.json. With no arguments it verifies the bundled
        run-all with this project's docs and tests.
        """,
        options: [
            OptionSpec("--target", kind: .value, valueName: "CMD", help: "The orchestrator: a script path or a command (default: the run-all next to verify-run-all)."),
            OptionSpec("--profile", kind: .value, valueName: "NAME|FILE", help: "How to drive it: run-all, run_all_training, or a JSON profile (default: run_all_training for *.py targets, else run-all)."),
            OptionSpec("--project-dir", kind: .value, valueName: "DIR", help: "Where the target's docs and tests live (default: the target script's folder, else the current directory)."),
            OptionSpec("--workers", kind: .value, valueName: "N", help: "Workers to verify with (default: 4)."),
            OptionSpec("--jobs", kind: .value, valueName: "N", help: "Probe jobs (default: 12)."),
            OptionSpec("--job-seconds", kind: .value, valueName: "S", help: "Nominal seconds per probe job (default: 0.2; 0.5 for run_all_training)."),
            OptionSpec("--probe", kind: .value, valueName: "sleep|cpu", help: "Probe jobs sleep or burn a fixed amount of CPU (default: sleep)."),
            OptionSpec("--repeats", kind: .value, valueName: "N", help: "Interleaved sequential/parallel pairs (default: 5)."),
            OptionSpec("--claim", kind: .repeated, valueName: "CLAIM", help: "A speedup claim to check, e.g. 4x or 'up to 4x' (repeatable)."),
            OptionSpec("--tolerance", kind: .value, valueName: "T", help: "Relative tolerance of point claims and baselines (default: 0.1)."),
            OptionSpec("--min-efficiency", kind: .value, valueName: "E", help: "Efficiency bar of perf.speedup (default: 0.8)."),
            OptionSpec("--checks", kind: .value, valueName: "ID,...", help: "Run only these checks (comma-separated ids)."),
            OptionSpec("--baseline", kind: .value, valueName: "FILE", help: "An earlier results.json: fail on a significant makespan regression."),
            OptionSpec("--out", kind: .value, valueName: "DIR", help: "Report directory (default: reports)."),
            OptionSpec("--strict", help: "Inconclusive measurements fail the run."),
            OptionSpec("--verbose", help: "Print each command and check result as it runs."),
            OptionSpec("--list-checks", help: "List the check ids and exit."),
        ],
        epilog: """
        examples:
          verify-run-all
          verify-run-all --target path/to/run_all_training.py --profile run_all_training
          verify-run-all --probe cpu --claim 4x --strict

        exit status: 0 every check passed (inconclusive allowed unless --strict), 1 a check failed
        or errored, 2 usage or profile error, 130 interrupted.
        """
    )

    /// Builds the settings from `arguments`. `executableDirectory` is where verify-run-all runs
    /// from (run-all and vra-probe are looked up next to it).
    public static func settings(from arguments: [String], executableDirectory: String,
                                currentDirectory: String = FileManager.default.currentDirectoryPath) throws(UsageError) -> VerifySettings {
        let parsed = try ArgumentParser.parse(arguments, spec: spec)
        let explicitTarget = parsed.value("target")
        let profileName = parsed.value("profile") ?? ((explicitTarget?.hasSuffix(".py") ?? false) ? "run_all_training" : "run-all")
        let profile: TargetProfile
        do { profile = try ProfileLoader.load(profileName) } catch { throw UsageError(error.message) }

        let target: String
        var projectDir: String
        if let explicitTarget {
            guard !explicitTarget.isEmpty else { throw UsageError("--target must not be empty") }
            target = try resolveTarget(explicitTarget, currentDirectory: currentDirectory)
            // A profile that runs the target itself (not through an interpreter) needs it executable.
            if profile.command.first == "{target}", !FileManager.default.isExecutableFile(atPath: target) {
                throw UsageError("--target \(explicitTarget): not executable (the \(profile.name) profile runs it directly)")
            }
            var isDirectory: ObjCBool = false
            if explicitTarget.contains("/") || FileManager.default.fileExists(atPath: explicitTarget, isDirectory: &isDirectory) && !isDirectory.boolValue {
                projectDir = (target as NSString).deletingLastPathComponent
            } else {
                projectDir = currentDirectory
            }
        } else {
            guard profile.name == "run-all" else { throw UsageError("--target is required with --profile \(profileName)") }
            let beside = executableDirectory + "/run-all"
            if FileManager.default.isExecutableFile(atPath: beside) {
                target = beside
            } else {
                target = try resolveTarget("run-all", currentDirectory: currentDirectory)
            }
            projectDir = currentDirectory
        }
        if let dir = parsed.value("project-dir") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("--project-dir \(dir): not a directory")
            }
            projectDir = dir
        }
        projectDir = Catalog.absolute(projectDir, base: currentDirectory)

        var settings = VerifySettings(target: target, profile: profile, projectDir: projectDir)
        settings.workers = try parsed.integer("workers", in: 1...256) ?? 4
        settings.jobs = try parsed.integer("jobs", in: 1...1000) ?? 12
        settings.jobSeconds = try parsed.number("job-seconds", in: 0.01...600) ?? profile.defaultJobSeconds ?? 0.2
        if let probe = parsed.value("probe") {
            guard let mode = ProbeWorkload.Mode(rawValue: probe) else { throw UsageError("--probe must be 'sleep' or 'cpu', got '\(probe.prefix(40))'") }
            settings.probeMode = mode
        }
        settings.repeats = try parsed.integer("repeats", in: 1...1000) ?? 5
        settings.claims = parsed.list("claim") ?? []
        for claim in settings.claims {
            do { _ = try ClaimExtractor.parseClaimArgument(claim) } catch { throw UsageError(error.description) }
        }
        settings.tolerance = try parsed.number("tolerance", in: 0...10) ?? 0.1
        settings.minEfficiency = try parsed.number("min-efficiency", in: 0...1) ?? 0.8
        if let checks = parsed.value("checks") {
            let ids = checks.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !ids.isEmpty else { throw UsageError("--checks needs at least one check id") }
            settings.checks = ids
        }
        if let baseline = parsed.value("baseline") {
            do { _ = try ResultsDocument.load(path: baseline) } catch { throw UsageError(error.message) }
            settings.baselinePath = baseline
        }
        if let out = parsed.value("out") {
            guard !out.isEmpty else { throw UsageError("--out must not be empty") }
            settings.outDir = out
        }
        settings.strict = parsed.flag("strict")
        settings.verbose = parsed.flag("verbose")
        let probe = executableDirectory + "/vra-probe"
        settings.probeExecutable = FileManager.default.isExecutableFile(atPath: probe) ? probe : nil
        return settings
    }

    /// A target given as a path must exist and be readable; a bare name must be on PATH.
    static func resolveTarget(_ target: String, currentDirectory: String) throws(UsageError) -> String {
        if target.contains("/") || target.hasSuffix(".py") {
            let path = Catalog.absolute(target, base: currentDirectory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw UsageError("--target \(target): no such file") }
            guard !isDirectory.boolValue else { throw UsageError("--target \(target): is a directory") }
            guard FileManager.default.isReadableFile(atPath: path) else { throw UsageError("--target \(target): not readable") }
            return path
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(target)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw UsageError("--target \(target): command not found on PATH")
    }

    /// The whole program.
    public static func main(_ arguments: [String]) async -> Int32 {
        let settings: VerifySettings
        do {
            let parsed = try ArgumentParser.parse(arguments, spec: spec)
            if parsed.flag("help") {
                Console.out(ArgumentParser.help(for: spec), newline: false)
                return ExitStatus.success
            }
            if parsed.flag("list-checks") {
                for check in CheckCatalog.all + [BaselineCheck()] { Console.out("\(check.id)\t\(check.title)") }
                return ExitStatus.success
            }
            let directory = (selfExecutablePath() as NSString).deletingLastPathComponent
            settings = try self.settings(from: arguments, executableDirectory: directory)
        } catch {
            Console.err("verify-run-all: error: \(error.message)")
            return ExitStatus.usage
        }
        let verbose = settings.verbose
        let log: @Sendable (String) -> Void = { line in if verbose { Console.err("[verify] " + line) } }
        do {
            let (report, status) = try await Verification.run(settings, log: log) {
                Console.err("verify-run-all: verifying \(settings.target) (profile \(settings.profile.name)): \(settings.jobs) probe jobs, \(settings.workers) workers, \(settings.repeats) timed pairs")
            }
            if let report {
                for result in report.results {
                    Console.out("\(MarkdownReport.icon(result.status)) \(result.id): \(result.status.rawValue)\(result.reason.map { " — \(MarkdownReport.inline($0))" } ?? "")")
                }
                if let speedup = report.speedup {
                    Console.out(String(format: "speedup %.2f× [%.2f, %.2f], efficiency %.2f, sequential %.2f s, parallel %.2f s",
                                       speedup.speedup.estimate, speedup.speedup.lower, speedup.speedup.upper,
                                       speedup.efficiency.estimate, speedup.sequentialMedian, speedup.parallelMedian))
                }
                Console.out("\(MarkdownReport.statusHeadline(report.overall)) — reports in \(settings.outDir)/ (\(Verification.reportFiles.joined(separator: ", ")))")
            }
            return status
        } catch {
            Console.err("verify-run-all: error: \(error.message)")
            return error.exitCode
        }
    }
}

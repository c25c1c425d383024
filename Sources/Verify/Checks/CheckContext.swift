import Foundation
public import Runner

/// What the checks share during one verification: the settings, the probe workload, the way to
/// run the target, and what earlier checks learned (ids from `--list`, `--help` output, timings).
/// Used by one task at a time, in check order.
public final class CheckContext {
    public let settings: VerifySettings
    public let workload: ProbeWorkload
    public let runner: TargetRunner
    /// Probe id -> the id the target uses for it (learned from `--list`; some keep `train_`).
    public var targetIDs: [String: String] = [:]
    /// `--help` output once cli.help ran.
    public var helpRun: TargetRun?
    /// Sequential/parallel timings once the timing campaign ran.
    public var timing: TimingCampaign.Result?
    /// Progress lines for `--verbose`.
    public let log: @Sendable (String) -> Void

    public init(settings: VerifySettings, workload: ProbeWorkload, runner: TargetRunner, log: @escaping @Sendable (String) -> Void) {
        self.settings = settings
        self.workload = workload
        self.runner = runner
        self.log = log
    }

    var profile: TargetProfile { settings.profile }

    /// The seconds a target command may run.
    var commandTimeout: Double { profile.commandTimeout ?? 60 }

    /// Replaces the profile placeholders in `text`.
    func expand(_ text: String, junit: String = "") -> String {
        text.replacingOccurrences(of: "{target}", with: settings.target)
            .replacingOccurrences(of: "{workload}", with: workload.directory)
            .replacingOccurrences(of: "{catalog}", with: workload.catalogPath)
            .replacingOccurrences(of: "{project}", with: settings.projectDir)
            .replacingOccurrences(of: "{junit}", with: junit)
    }

    /// The target's argv with the workload arguments and then `arguments`.
    func targetCommand(_ arguments: [String], includeWorkload: Bool = true) -> [String] {
        profile.command.map { expand($0) } + (includeWorkload ? profile.workloadArguments.map { expand($0) } : []) + arguments
    }

    /// Runs the target with `arguments` (after the workload arguments).
    func runTarget(_ arguments: [String], includeWorkload: Bool = true, timeout: Double? = nil, keepLeftovers: Bool = false,
                   whileRunning: (@Sendable (pid_t) async -> Void)? = nil) async -> TargetRun {
        let argv = targetCommand(arguments, includeWorkload: includeWorkload)
        log("$ " + ShellQuote.join(argv))
        return await runner.run(argv, timeout: timeout ?? commandTimeout, keepLeftovers: keepLeftovers, whileRunning: whileRunning)
    }

    /// The target's id for probe job `probeID`.
    func targetID(_ probeID: String) -> String { targetIDs[probeID] ?? probeID }

    /// The probe id for an id the target printed (`train_als` and `als` both map to `als`).
    func probeID(forTargetID id: String) -> String? {
        let known = Set(workload.jobs.map(\.id))
        if known.contains(id) { return id }
        if id.hasPrefix("train_"), known.contains(String(id.dropFirst(6))) { return String(id.dropFirst(6)) }
        return targetIDs.first { $0.value == id }?.key
    }

    /// A report record of `run`. Paths are shortened for readers: the probe workload directory
    /// (random, removed after the run) becomes `$PROBE`, and paths under the current directory
    /// become relative.
    func record(_ run: TargetRun) -> CommandRecord {
        CommandRecord(command: readable(ShellQuote.join(run.command)), status: run.statusDescription, seconds: run.seconds,
                      excerpt: readable(String(run.output.prefix(4000))))
    }

    /// `text` with the workload directory written as `$PROBE` and the current directory removed.
    func readable(_ text: String) -> String {
        text.replacingOccurrences(of: workload.directory, with: "$PROBE")
            .replacingOccurrences(of: FileManager.default.currentDirectoryPath + "/", with: "")
    }

    /// Rows of capture groups of `pattern` over `lines` (each matching line gives one row).
    func matches(_ pattern: String, in lines: [String]) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        return lines.compactMap { line in
            let range = NSRange(line.startIndex..., in: line)
            guard let match = regex.firstMatch(in: line, range: range) else { return nil }
            return (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: line).map { String(line[$0]) } ?? ""
            }
        }
    }

    /// "the target did not start" style reasons shared by checks.
    func failureToRun(_ run: TargetRun) -> String? {
        if let error = run.startError { return "the target could not be started: \(error)" }
        if run.timedOut { return "the target did not finish within \(String(format: "%g", commandTimeout)) s and was stopped" }
        return nil
    }

    /// True when the output contains a Python traceback or a Swift crash report.
    func looksLikeCrash(_ run: TargetRun) -> Bool {
        run.output.contains("Traceback (most recent call last)") || run.output.contains("Fatal error:")
            || run.output.contains("Stack dump:") || run.signal == 11 || run.signal == 6
    }
}

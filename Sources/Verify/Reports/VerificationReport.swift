public import Foundation

/// Everything one verification produced; the reports are pure functions of this value.
public struct VerificationReport: Sendable {
    public var settings: VerifySettings
    public var results: [CheckResult]
    public var timing: TimingCampaign.Result?
    public var speedup: SpeedupAnalysis?
    public var environment: Environment
    public var startedAt: Date
    public var wallSeconds: Double
    /// `git rev-parse HEAD` of the project dir, when it is a git checkout.
    public var targetCommit: String?
    /// The target's own version line (first line of `--version`), if any.
    public var targetVersion: String?

    /// The overall verdict: failed when a check failed or errored (or, with `strict`, was
    /// inconclusive), inconclusive when one was inconclusive, else passed.
    public var overall: CheckStatus {
        if results.contains(where: { $0.status == .failed || $0.status == .errored }) { return .failed }
        if results.contains(where: { $0.status == .inconclusive }) { return settings.strict ? .failed : .inconclusive }
        return .passed
    }

    /// The shell command a reader would type for the target.
    public var targetDisplayCommand: String {
        let base = settings.profile.command.map { $0.replacingOccurrences(of: "{target}", with: settings.target) }
        return (base.map { ($0 as NSString).lastPathComponent == $0 ? $0 : Self.shortPath($0) } + [settings.profile.flags.parallel, settings.profile.flags.maxWorkers, String(settings.workers)]).joined(separator: " ")
    }

    /// `path` relative to the current directory when it lies inside it ("." for the directory itself).
    static func shortPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path == cwd { return "." }
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    /// Properties for JUnit: target, settings, environment.
    public var properties: [(String, String)] {
        var list: [(String, String)] = [
            ("target", settings.target), ("profile", settings.profile.name), ("project-dir", settings.projectDir),
            ("workers", String(settings.workers)), ("jobs", String(settings.jobs)),
            ("job-seconds", String(settings.jobSeconds)), ("probe", settings.probeMode.rawValue),
            ("repeats", String(settings.repeats)), ("tolerance", String(settings.tolerance)),
            ("min-efficiency", String(settings.minEfficiency)), ("strict", String(settings.strict)),
            ("os", environment.operatingSystem), ("kernel", environment.kernel), ("cores", String(environment.cores)),
            ("memory-bytes", String(environment.memoryBytes)), ("verify-run-all.version", environment.toolVersion),
            ("overall", overall.rawValue),
        ]
        if let targetCommit { list.append(("target.commit", targetCommit)) }
        if let targetVersion { list.append(("target.version", targetVersion)) }
        return list
    }
}

public import Runner

/// One finished (or stopped) command of the target, with what it printed.
public typealias TargetRun = CapturedRun

/// Runs target commands with the verifier's environment and working directory, through the
/// runner's process layer (`CommandCapture`), and keeps track of the running ones so an
/// interrupted verification can stop them.
public struct TargetRunner: Sendable {
    /// How many bytes of a command's output are kept for checks and reports.
    public static let outputLimit = CommandCapture.defaultOutputLimit

    public var environment: [String: String]
    public var workdir: String?
    public var scratchDirectory: String

    public init(environment: [String: String], workdir: String?, scratchDirectory: String) {
        self.environment = environment
        self.workdir = workdir
        self.scratchDirectory = scratchDirectory
    }

    /// Runs `argv` to completion or until `timeout` seconds pass (then TERM, KILL after 2 s).
    /// `whileRunning` is called with the pid once the command started (e.g. to interrupt it).
    /// `keepLeftovers`: do not kill what the target leaves in its process group when it exits
    /// (the interrupt check looks for such survivors and kills them itself).
    public func run(_ argv: [String], timeout: Double, extraEnvironment: [String: String] = [:], keepLeftovers: Bool = false,
                    whileRunning: (@Sendable (Int32) async -> Void)? = nil) async -> TargetRun {
        var env = environment
        for (key, value) in extraEnvironment { env[key] = value }
        return await CommandCapture.run(argv, environment: env, workdir: workdir, scratchDirectory: scratchDirectory,
                                        timeout: timeout, outputLimit: Self.outputLimit, registry: Self.activeTargets,
                                        killGroupOnExit: !keepLeftovers, whileRunning: whileRunning)
    }

    /// Targets running right now, so an interrupted verifier can stop them; once closed, no
    /// new target command starts.
    public static let activeTargets = PidSet()
}

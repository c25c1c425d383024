import Foundation

/// One finished (or stopped) command, with what it printed (stdout and stderr together).
public struct CapturedRun: Sendable, Equatable, Codable {
    /// The argv as run.
    public var command: [String]
    public var exitCode: Int32?
    public var signal: Int32?
    public var seconds: Double
    /// Wall-clock time of the spawn, seconds since 1970 (the probe log's clock).
    public var startTime: Double = 0
    /// It ran past its timeout and was stopped.
    public var timedOut: Bool
    /// stdout and stderr together, in order, decoded leniently, at most the capture limit.
    public var output: String
    /// The output was longer than what `output` keeps.
    public var outputTruncated: Bool
    /// The command could not be started (nil when it was).
    public var startError: String?
    /// wait4's ru_maxrss of the command, bytes (an upper bound, see ProcessOutcome).
    public var peakRSSBytes: Int

    /// Output lines, with ANSI colour sequences removed so that patterns match plain text.
    public var lines: [String] {
        TerminalText.stripANSI(output).split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSuffix("\r")) }
    }

    public init(command: [String], exitCode: Int32?, signal: Int32?, seconds: Double, startTime: Double = 0, timedOut: Bool,
                output: String, outputTruncated: Bool, startError: String?, peakRSSBytes: Int) {
        self.command = command
        self.exitCode = exitCode
        self.signal = signal
        self.seconds = seconds
        self.startTime = startTime
        self.timedOut = timedOut
        self.output = output
        self.outputTruncated = outputTruncated
        self.startError = startError
        self.peakRSSBytes = peakRSSBytes
    }

    /// A status for reports: `exit N`, `killed by signal N`, `timed out ...`, `not started: ...`.
    public var statusDescription: String {
        if let startError { return "not started: \(startError)" }
        if timedOut { return "timed out after \(String(format: "%.1f", seconds)) s" }
        if let exitCode { return "exit \(exitCode)" }
        return "killed by signal \(signal ?? 0)"
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : self }
}

import CLISupport

/// An error a user can act on: a one-line message and the exit status it maps to.
///
/// Every failure that reaches a command-line front end is one of these; the executables print
/// `message` on one line of stderr and exit with `exitCode`.
public struct RunAllError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The exit status a command-line front end should use for this error.
    public var exitCode: Int32
    /// One line, naming the problem (a file, a flag, an id) and what was wrong with it.
    public var message: String

    /// Creates an error with `exitCode` (2 by default: usage or configuration error).
    public init(_ message: String, exitCode: Int32 = ExitStatus.usage) {
        // One bounded, printable line whatever the source of the text was.
        self.message = UsageError.oneLine(message)
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// A failed report or summary write, as a usage-level error (exit 2).
    public init(_ error: AtomicFileError) {
        self.init(error.description)
    }
}

/// The exit statuses of the run_all_training.py contract (DESIGN §3), shared by both tools.
public enum ExitStatus {
    /// Every mandatory job succeeded (verify-run-all: every check passed).
    public static let success: Int32 = 0
    /// A mandatory job failed (verify-run-all: a check failed or errored).
    public static let failure: Int32 = 1
    /// Usage or configuration error: bad flag, missing or unreadable catalog.
    public static let usage: Int32 = 2
    /// `--strict-discovery` found no job.
    public static let nothingDiscovered: Int32 = 3
    /// Interrupted by SIGINT or SIGTERM.
    public static let interrupted: Int32 = 130
}

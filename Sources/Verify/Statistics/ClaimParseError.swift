/// A `--claim` argument that is not a speedup claim; `message` is one line a user can act on.
public struct ClaimParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The argument as given.
    public var argument: String
    /// One line naming the argument and what is wrong with it.
    public var message: String

    /// Creates an error for `argument`, explaining `problem` (kept to one line).
    public init(argument: String, problem: String) {
        self.argument = argument
        let shownArgument = argument.split(whereSeparator: \.isNewline).joined(separator: " ")
        let oneLineProblem = problem.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.message = "invalid --claim '\(shownArgument)': \(oneLineProblem)"
    }

    /// The same as `message`.
    public var description: String { message }
}

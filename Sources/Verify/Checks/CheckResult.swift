/// The verdict of one check.
public enum CheckStatus: String, Sendable, Codable, Equatable {
    case passed
    case failed
    /// The check could not be carried out (the target did not start, the probe broke).
    case errored
    case skipped
    /// A measurement too noisy to decide (its interval straddles the bar).
    case inconclusive
}

/// A command a check ran, for the report.
public struct CommandRecord: Sendable, Codable, Equatable {
    /// Shell-quoted command line.
    public var command: String
    /// `exit 0`, `killed by signal 2`, `timed out ...`.
    public var status: String
    public var seconds: Double
    /// The start of its output (sanitised later by each report).
    public var excerpt: String

    public init(command: String, status: String, seconds: Double, excerpt: String) {
        self.command = command
        self.status = status
        self.seconds = seconds
        self.excerpt = excerpt
    }
}

/// A named figure a check measured.
public struct Measurement: Sendable, Codable, Equatable {
    public var name: String
    public var value: Double
    public var unit: String

    public init(_ name: String, _ value: Double, unit: String = "") {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// What one check found: a value, so reports are pure functions of a list of these.
public struct CheckResult: Sendable, Codable, Equatable {
    /// Stable id (DESIGN §5.3), the JUnit testcase name.
    public var id: String
    public var title: String
    public var status: CheckStatus
    /// One line a user can act on; set for every status but `passed` (and may be set there).
    public var reason: String?
    public var commands: [CommandRecord]
    public var measurements: [Measurement]
    /// Further findings, one line each.
    public var notes: [String]
    public var seconds: Double

    public init(id: String, title: String, status: CheckStatus, reason: String? = nil, commands: [CommandRecord] = [],
                measurements: [Measurement] = [], notes: [String] = [], seconds: Double = 0) {
        self.id = id
        self.title = title
        self.status = status
        self.reason = reason
        self.commands = commands
        self.measurements = measurements
        self.notes = notes
        self.seconds = seconds
    }

    /// The group (JUnit testsuite) of a check id: the part before the first dot.
    public var group: String { String(id.split(separator: ".").first ?? Substring(id)) }

    /// The figure named `name`, if measured.
    public func measurement(_ name: String) -> Double? { measurements.first { $0.name == name }?.value }
}

/// A run-wide parameter that is passed to a job only "where supported" (DESIGN §3).
public enum JobParameter: String, CaseIterable, Sendable, Codable, Comparable {
    case outputDir = "output-dir"
    case epochs
    case folds
    case sample
    case batch

    /// The command-line flag a job script accepts for this parameter.
    public var flag: String { "--" + rawValue }

    public static func < (lhs: JobParameter, rhs: JobParameter) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One check of DESIGN §5.3: a stable id, a title, and a function from the shared context to
/// a result. Checks run one after another (they share the probe log).
public protocol Check: Sendable {
    /// Stable id, e.g. `parallel.dry-run`.
    var id: String { get }
    /// What it proves, for reports.
    var title: String { get }
    /// Runs the check. Never throws: every problem is a result.
    func run(_ context: CheckContext) async -> CheckResult
}

extension Check {
    /// A result of this check.
    func result(_ status: CheckStatus, _ reason: String? = nil, commands: [CommandRecord] = [],
                measurements: [Measurement] = [], notes: [String] = []) -> CheckResult {
        CheckResult(id: id, title: title, status: status, reason: reason, commands: commands,
                    measurements: measurements, notes: notes)
    }
}

/// Every check, in the order they run (and appear in reports).
public enum CheckCatalog {
    public static let all: [any Check] = [
        HelpCheck(), ListCheck(), DryRunParamsCheck(), ParallelDryRunCheck(), SingleJobCheck(), OnlyFilterCheck(),
        InvalidWorkersCheck(), FailureCheck(), InterruptCheck(), TargetTestsCheck(), DocsCoverageCheck(),
        ConcurrencyCheck(), SpeedupCheck(), ClaimsCheck(),
    ]

    /// All check ids.
    public static var ids: [String] { all.map(\.id) }
}

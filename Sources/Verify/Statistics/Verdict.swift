/// The three-valued outcome of checking a measurement against a bar (DESIGN §5.3).
///
/// The raw values are the stable strings written to `results.json` and the reports.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// The confidence interval clears the bar.
    case pass
    /// The confidence interval lies wholly on the wrong side of the bar.
    case fail
    /// The confidence interval straddles the bar: the measurement is too noisy to decide.
    case inconclusive
}

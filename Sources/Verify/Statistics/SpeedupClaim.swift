/// A speedup a document or the user claims, e.g. "~4× speedup" or "up to 4× faster".
public struct SpeedupClaim: Sendable, Equatable, Codable {
    /// How a claim's factor is meant.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The speedup is about `factor` ("4× speedup", "≈ 4×"): checked within a tolerance.
        case point
        /// The speedup is at most `factor` ("up to 4×", "at most", "theoretical maximum"):
        /// checked as a ceiling the measurement must not exceed.
        case ceiling
    }

    /// The claimed speedup factor (4 for "4×"); always finite and greater than zero.
    public var factor: Double
    /// Whether the factor is a point value or a ceiling.
    public var kind: Kind
    /// The sentence (or `--claim` argument) the claim was found in, trimmed, for reports.
    public var text: String
    /// Where the claim came from: a documentation file's name, or `"--claim"`.
    public var source: String
    /// The 1-based line of `source` holding the claim; `nil` for a command-line claim.
    public var line: Int?

    /// Creates a claim from its parts.
    public init(factor: Double, kind: Kind, text: String, source: String, line: Int? = nil) {
        self.factor = factor
        self.kind = kind
        self.text = text
        self.source = source
        self.line = line
    }

    /// Checks the claim against a measured speedup interval: a point claim passes when the
    /// interval lies within `tolerance` (relative, 0.1 = ±10%) of the factor
    /// (`VerdictRule.within`); a ceiling claim passes unless the measurement exceeds the ceiling
    /// (`VerdictRule.atMost`: it fails only when the whole interval lies above it).
    public func verdict(against interval: ConfidenceInterval, tolerance: Double = 0.1) -> Verdict {
        switch kind {
        case .point: return VerdictRule.within(factor, tolerance: tolerance, interval: interval)
        case .ceiling: return VerdictRule.atMost(factor, interval: interval)
        }
    }
}

/// A point estimate with a two-sided confidence interval around it, e.g. a median speedup of
/// 3.52 with a 95% interval of [3.41, 3.60].
///
/// Intervals produced by `Bootstrap` always satisfy `lower ≤ estimate ≤ upper`.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    /// The point estimate (for `Bootstrap`, the median of the observed sample).
    public var estimate: Double
    /// The lower end of the interval.
    public var lower: Double
    /// The upper end of the interval.
    public var upper: Double
    /// The nominal coverage, in (0, 1): 0.95 for a 95% interval.
    public var confidence: Double

    /// Creates an interval from its parts as given (no reordering or validation).
    public init(estimate: Double, lower: Double, upper: Double, confidence: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// `upper − lower`; zero for a degenerate interval.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval `lower...upper`.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}

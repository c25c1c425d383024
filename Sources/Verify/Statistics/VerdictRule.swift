/// Turns a confidence interval and a bar into a `Verdict`, and estimates how many more repeats
/// an inconclusive measurement needs.
///
/// All comparisons are inclusive at the bar for `pass` (an interval whose lower end equals the
/// bar passes `atLeast`). A NaN anywhere makes every comparison false, which yields
/// `.inconclusive`, never a false `.pass`.
public enum VerdictRule {
    /// The most additional repeats `additionalRepeatsNeeded` ever suggests. When the estimate
    /// sits almost exactly on the bar the 1/√n extrapolation explodes; past this many repeats
    /// (hours of runs for the default probe workload) more repeats are not a practical answer,
    /// and a report should say "more than `repeatCap`".
    public static let repeatCap = 1_000

    /// `.pass` when `interval.lower ≥ bar`, `.fail` when `interval.upper < bar`, otherwise
    /// `.inconclusive`. For "the speedup is at least X" checks.
    public static func atLeast(_ bar: Double, interval: ConfidenceInterval) -> Verdict {
        if interval.lower >= bar { return .pass }
        if interval.upper < bar { return .fail }
        return .inconclusive
    }

    /// `.pass` when `interval.upper ≤ bar`, `.fail` when `interval.lower > bar`, otherwise
    /// `.inconclusive`. For ceiling claims ("up to 4× faster", "theoretical maximum"): the claim
    /// fails only when the measurement is certainly above the ceiling.
    public static func atMost(_ bar: Double, interval: ConfidenceInterval) -> Verdict {
        if interval.upper <= bar { return .pass }
        if interval.lower > bar { return .fail }
        return .inconclusive
    }

    /// Checks a point value with a relative tolerance: the band is
    /// `[target·(1 − tolerance), target·(1 + tolerance)]` (ends sorted, so a negative target
    /// works too). `.pass` when the whole interval lies inside the band (ends inclusive), `.fail`
    /// when it lies wholly outside it, otherwise `.inconclusive`. A negative tolerance is treated
    /// as its magnitude. For point claims ("~4× speedup" with `tolerance: 0.1`).
    public static func within(_ target: Double, tolerance: Double, interval: ConfidenceInterval) -> Verdict {
        let spread = abs(tolerance)
        let firstEnd = target * (1 - spread)
        let secondEnd = target * (1 + spread)
        let bandLower = Swift.min(firstEnd, secondEnd)
        let bandUpper = Swift.max(firstEnd, secondEnd)
        if interval.lower >= bandLower && interval.upper <= bandUpper { return .pass }
        if interval.upper < bandLower || interval.lower > bandUpper { return .fail }
        return .inconclusive
    }

    /// Estimates how many more repeats (beyond the `n` already taken) would let `interval` clear
    /// `bar` on the side its estimate is on, assuming the estimate stays put and each half-width
    /// shrinks like 1/√n.
    ///
    /// With the estimate above the bar the relevant half-width is `estimate − lower` (the
    /// interval must rise clear of the bar); below it, `upper − estimate`. The total needed is
    /// the smallest m with halfWidth·√(n/m) < |estimate − bar|, and the result is `m − n`, capped
    /// at `repeatCap`. Returns 0 when the interval already clears the bar on that side.
    ///
    /// Returns `nil` when `n ≤ 0`, the estimate equals the bar exactly (no number of repeats
    /// would decide), or a value is not finite.
    public static func additionalRepeatsNeeded(current n: Int, interval: ConfidenceInterval, bar: Double) -> Int? {
        guard n > 0, interval.estimate.isFinite, interval.lower.isFinite,
              interval.upper.isFinite, bar.isFinite, interval.estimate != bar
        else { return nil }
        let distance = abs(interval.estimate - bar)
        let halfWidth = interval.estimate > bar
            ? interval.estimate - interval.lower
            : interval.upper - interval.estimate
        // Already clear of the bar on the estimate's side (a zero half-width included).
        if halfWidth < distance { return 0 }
        // halfWidth·√(n/m) < distance  ⇔  m > n·(halfWidth/distance)². Computed in Double and
        // capped before converting: the ratio can be astronomically large near the bar.
        let requiredTotal = Double(n) * (halfWidth / distance) * (halfWidth / distance)
        let additional = requiredTotal.rounded(.down) + 1 - Double(n)
        guard additional.isFinite, additional < Double(repeatCap) else { return repeatCap }
        return Swift.max(1, Int(additional))
    }
}

/// Descriptive statistics of a sample of measurements (durations, speedups).
///
/// The sample may come in any order. Every function returns `nil` when its result is undefined:
/// an empty sample, or a sample that holds a non-finite value (NaN, +∞ or −∞). Non-finite values
/// are rejected rather than filtered out on purpose: one means something upstream went wrong (a
/// division by a zero duration, a clock that failed), and dropping it silently would report a
/// figure computed from fewer runs than the caller believes it measured.
public enum SampleStatistics {
    /// The median: the middle value of the sorted sample, or the mean of the two middle values
    /// when the count is even (the same as `quantile(samples, 0.5)`).
    /// `nil` for an empty sample or one holding a non-finite value.
    public static func median(_ samples: [Double]) -> Double? {
        quantile(samples, 0.5)
    }

    /// The `p`-quantile by linear interpolation between order statistics (Hyndman & Fan type 7,
    /// the default of R and NumPy): with the sample sorted as x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p,
    /// the result is x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). `p = 0` gives the minimum, `p = 1` the
    /// maximum.
    /// `nil` when `p` lies outside 0...1 (or is NaN), the sample is empty, or it holds a
    /// non-finite value.
    public static func quantile(_ samples: [Double], _ p: Double) -> Double? {
        guard p >= 0, p <= 1, let sorted = sortedFiniteSample(samples) else { return nil }
        return quantile(sorted: sorted, p)
    }

    /// The arithmetic mean. `nil` for an empty sample or one holding a non-finite value.
    public static func mean(_ samples: [Double]) -> Double? {
        guard !samples.isEmpty, samples.allSatisfy(\.isFinite) else { return nil }
        return samples.reduce(0, +) / Double(samples.count)
    }

    /// The sample standard deviation (Bessel-corrected: divides by n − 1).
    /// `nil` for fewer than two values (the spread of one value is undefined, not zero) or a
    /// sample holding a non-finite value.
    public static func standardDeviation(_ samples: [Double]) -> Double? {
        guard samples.count >= 2, let average = mean(samples) else { return nil }
        // Two passes (mean first, then squared deviations) to avoid the cancellation of the
        // one-pass sum-of-squares formula on samples with a large mean and a small spread.
        let squaredDeviations = samples.reduce(0) { sum, value in
            sum + (value - average) * (value - average)
        }
        return (squaredDeviations / Double(samples.count - 1)).squareRoot()
    }

    /// The smallest value. `nil` for an empty sample or one holding a non-finite value.
    public static func minimum(_ samples: [Double]) -> Double? {
        guard samples.allSatisfy(\.isFinite) else { return nil }
        return samples.min()
    }

    /// The largest value. `nil` for an empty sample or one holding a non-finite value.
    public static func maximum(_ samples: [Double]) -> Double? {
        guard samples.allSatisfy(\.isFinite) else { return nil }
        return samples.max()
    }

    /// The sample sorted ascending, or `nil` when it is empty or holds a non-finite value.
    static func sortedFiniteSample(_ samples: [Double]) -> [Double]? {
        guard !samples.isEmpty, samples.allSatisfy(\.isFinite) else { return nil }
        return samples.sorted()
    }

    /// Type-7 quantile of an already sorted, non-empty, finite sample; `p` in 0...1.
    /// Split out so the bootstrap can sort each resample once and skip the validation.
    static func quantile(sorted: [Double], _ p: Double) -> Double {
        let position = Double(sorted.count - 1) * p
        let lowerIndex = Int(position.rounded(.down))
        let upperIndex = Swift.min(lowerIndex + 1, sorted.count - 1)
        let fraction = position - Double(lowerIndex)
        let lowerValue = sorted[lowerIndex]
        // When both neighbours are equal this is exactly `lowerValue`, so a constant sample gives
        // its constant back bit for bit.
        return lowerValue + fraction * (sorted[upperIndex] - lowerValue)
    }
}

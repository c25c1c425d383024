/// Percentile-bootstrap confidence intervals for medians, the statistic the speedup checks use.
///
/// Resampling is driven by a `SeededGenerator`, so the same inputs and seed give the same
/// interval on every run and machine; a report can be regenerated bit for bit.
public enum Bootstrap {
    /// The largest number of resamples accepted; more would only cost memory and time.
    public static let maximumResamples = 1_000_000

    /// A percentile-bootstrap confidence interval for the median of `samples`.
    ///
    /// Draws `resamples` samples of the same size with replacement, takes the median of each,
    /// and returns the `(1 − confidence)/2` and `(1 + confidence)/2` quantiles (type 7) of those
    /// medians as the interval, with the observed sample median as the estimate. The interval is
    /// widened, if needed, to contain the estimate (the percentile method does not guarantee it
    /// on its own for very small or lumpy samples), so a verdict taken from the interval never
    /// contradicts the estimate. A single sample, or a constant one, gives the degenerate
    /// interval `[x, x]`.
    ///
    /// Returns `nil` when `samples` is empty or holds a non-finite value, `confidence` is not
    /// strictly between 0 and 1, or `resamples` is outside `1...maximumResamples`.
    public static func medianInterval(
        of samples: [Double],
        confidence: Double = 0.95,
        resamples: Int = 10_000,
        seed: UInt64 = 0x5EED
    ) -> ConfidenceInterval? {
        guard confidence > 0, confidence < 1,
              (1...maximumResamples).contains(resamples),
              let sortedSample = SampleStatistics.sortedFiniteSample(samples)
        else { return nil }
        let estimate = SampleStatistics.quantile(sorted: sortedSample, 0.5)
        if sortedSample.first == sortedSample.last {
            // Every resample of a constant sample is that constant; skip the work.
            return ConfidenceInterval(estimate: estimate, lower: estimate, upper: estimate, confidence: confidence)
        }

        var generator = SeededGenerator(seed: seed)
        var resample = [Double](repeating: 0, count: sortedSample.count)
        var resampledMedians = [Double]()
        resampledMedians.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for position in resample.indices {
                resample[position] = sortedSample[generator.nextIndex(below: sortedSample.count)]
            }
            resample.sort()
            resampledMedians.append(SampleStatistics.quantile(sorted: resample, 0.5))
        }
        resampledMedians.sort()
        let tail = (1 - confidence) / 2
        let lower = SampleStatistics.quantile(sorted: resampledMedians, tail)
        let upper = SampleStatistics.quantile(sorted: resampledMedians, 1 - tail)
        return ConfidenceInterval(
            estimate: estimate,
            lower: Swift.min(lower, estimate),
            upper: Swift.max(upper, estimate),
            confidence: confidence
        )
    }

    /// A percentile-bootstrap confidence interval for the median of paired ratios
    /// `numerators[i] / denominators[i]`.
    ///
    /// Meant for interleaved runs: pair i is one sequential and one parallel run taken back to
    /// back, so speedupᵢ = sequentialᵢ / parallelᵢ, and drift of the machine over time cancels
    /// within a pair. The pairs are resampled as units (this is `medianInterval(of:)` applied to
    /// the ratios), and the estimate is the median ratio.
    ///
    /// Returns `nil` when the arrays are empty or of different lengths, a denominator is not
    /// strictly positive, a value is non-finite, or for the reasons `medianInterval(of:)` gives.
    public static func ratioInterval(
        numerators: [Double],
        denominators: [Double],
        confidence: Double = 0.95,
        resamples: Int = 10_000,
        seed: UInt64 = 0x5EED
    ) -> ConfidenceInterval? {
        guard numerators.count == denominators.count,
              numerators.allSatisfy(\.isFinite),
              denominators.allSatisfy({ $0.isFinite && $0 > 0 })
        else { return nil }
        let ratios = zip(numerators, denominators).map { $0 / $1 }
        return medianInterval(of: ratios, confidence: confidence, resamples: resamples, seed: seed)
    }
}

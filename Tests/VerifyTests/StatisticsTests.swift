import Foundation
import Testing
import Verify

@Suite("SampleStatistics")
struct SampleStatisticsTests {
    @Test("median of odd and even samples, in any order", arguments: [
        ([5.0], 5.0),
        ([3.0, 1.0, 2.0], 2.0),
        ([4.0, 1.0, 3.0, 2.0], 2.5),
        ([10.0, -2.0, 7.0, 7.0, 1.0], 7.0),
    ])
    func median(sample: [Double], expected: Double) {
        #expect(SampleStatistics.median(sample) == expected)
    }

    // Reference values from R: quantile(x, p, type = 7), which is also NumPy's default.
    @Test("quantile matches R's type 7", arguments: [
        ([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1),
        ([1.0, 2, 3, 4], 0.25, 1.75),
        ([3.0, 1, 2], 0.25, 1.5),
        ([1.0, 2, 3, 4], 0.0, 1.0),
        ([1.0, 2, 3, 4], 1.0, 4.0),
        ([2.0, 8, 4, 6], 0.5, 5.0),
        ([7.0], 0.3, 7.0),
    ])
    func quantile(sample: [Double], p: Double, expected: Double) throws {
        let value = try #require(SampleStatistics.quantile(sample, p))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test("undefined results are nil", arguments: [
        [Double](),
        [1.0, .nan, 3.0],
        [1.0, .infinity],
        [-.infinity, 2.0],
    ])
    func undefinedInputs(sample: [Double]) {
        #expect(SampleStatistics.median(sample) == nil)
        #expect(SampleStatistics.quantile(sample, 0.5) == nil)
        #expect(SampleStatistics.mean(sample) == nil)
        #expect(SampleStatistics.standardDeviation(sample) == nil)
        #expect(SampleStatistics.minimum(sample) == nil)
        #expect(SampleStatistics.maximum(sample) == nil)
    }

    @Test("quantile rejects p outside 0...1", arguments: [-0.1, 1.5, Double.nan])
    func quantileRejectsBadProbability(p: Double) {
        #expect(SampleStatistics.quantile([1, 2, 3], p) == nil)
    }

    @Test("mean, sample standard deviation, minimum and maximum")
    func descriptive() throws {
        let sample = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(SampleStatistics.mean(sample) == 5)
        let deviation = try #require(SampleStatistics.standardDeviation(sample))
        #expect(abs(deviation - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(SampleStatistics.minimum(sample) == 2)
        #expect(SampleStatistics.maximum(sample) == 9)
        #expect(SampleStatistics.standardDeviation([3]) == nil)
        #expect(SampleStatistics.standardDeviation([3, 3, 3]) == 0)
    }
}

@Suite("SeededGenerator")
struct SeededGeneratorTests {
    @Test("the same seed gives the same sequence; another seed a different one")
    func determinism() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        var other = SeededGenerator(seed: 43)
        let firstValues = (0..<16).map { _ in first.next() }
        let secondValues = (0..<16).map { _ in second.next() }
        let otherValues = (0..<16).map { _ in other.next() }
        #expect(firstValues == secondValues)
        #expect(firstValues != otherValues)
    }

    @Test("seed zero works (the state is never all zero)")
    func zeroSeed() {
        var generator = SeededGenerator(seed: 0)
        let values = (0..<8).map { _ in generator.next() }
        #expect(values.contains { $0 != 0 })
        #expect(Set(values).count == values.count)
    }

    @Test("bounded indices stay in range and cover it", arguments: [1, 2, 3, 7, 12, 1_000])
    func boundedIndices(bound: Int) {
        var generator = SeededGenerator(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<(bound * 40) {
            let index = generator.nextIndex(below: bound)
            #expect((0..<bound).contains(index))
            seen.insert(index)
        }
        #expect(seen.count == bound || bound == 1_000)
    }

    @Test("degenerate bounds give zero instead of trapping", arguments: [0, -5])
    func degenerateBounds(bound: Int) {
        var generator = SeededGenerator(seed: 1)
        #expect(generator.nextIndex(below: bound) == 0)
    }

    @Test("unit-interval doubles lie in [0, 1)")
    func unitInterval() {
        var generator = SeededGenerator(seed: 99)
        let values = (0..<1_000).map { _ in generator.nextUnitInterval() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let average = values.reduce(0, +) / Double(values.count)
        #expect(abs(average - 0.5) < 0.05)
    }
}

@Suite("Bootstrap")
struct BootstrapTests {
    @Test("a constant sample gives the degenerate interval at the constant", arguments: [1, 2, 5, 40])
    func constantSample(count: Int) throws {
        let interval = try #require(Bootstrap.medianInterval(of: Array(repeating: 3.25, count: count)))
        #expect(interval == ConfidenceInterval(estimate: 3.25, lower: 3.25, upper: 3.25, confidence: 0.95))
        #expect(interval.width == 0)
    }

    @Test("one sample gives [x, x]")
    func singleSample() throws {
        let interval = try #require(Bootstrap.medianInterval(of: [1.7], confidence: 0.9))
        #expect(interval.estimate == 1.7 && interval.lower == 1.7 && interval.upper == 1.7)
        #expect(interval.confidence == 0.9)
    }

    @Test("the same seed gives the same interval; the estimate is the sample median")
    func determinism() throws {
        let sample = [3.1, 3.6, 3.4, 2.9, 3.8, 3.3, 3.5, 3.2, 3.7]
        let first = try #require(Bootstrap.medianInterval(of: sample, seed: 11))
        let second = try #require(Bootstrap.medianInterval(of: sample, seed: 11))
        #expect(first == second)
        #expect(first.estimate == SampleStatistics.median(sample))
        let defaultSeed = try #require(Bootstrap.medianInterval(of: sample))
        #expect(defaultSeed == Bootstrap.medianInterval(of: sample))
    }

    @Test("the interval contains the estimate and lies within the sample's range", arguments: [1, 2, 3, 4, 5, 6])
    func containsEstimate(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let sample = (0..<(3 + Int(seed) * 2)).map { _ in 1 + generator.nextUnitInterval() * 4 }
        let interval = try #require(Bootstrap.medianInterval(of: sample, seed: seed))
        #expect(interval.contains(interval.estimate))
        let smallest = try #require(sample.min())
        let largest = try #require(sample.max())
        #expect(interval.lower >= smallest && interval.upper <= largest)
    }

    @Test("a wider confidence level never gives a narrower interval")
    func confidenceNesting() throws {
        let sample = [1.0, 1.4, 2.2, 2.5, 2.6, 3.0, 3.9, 4.4, 5.1, 6.0, 6.3]
        let narrow = try #require(Bootstrap.medianInterval(of: sample, confidence: 0.5))
        let wide = try #require(Bootstrap.medianInterval(of: sample, confidence: 0.99))
        #expect(wide.lower <= narrow.lower && narrow.upper <= wide.upper)
    }

    /// Exponential samples (a skewed distribution, like run times) with rate 1: the true median is
    /// ln 2. Over 20 independent samples a 95% interval should cover it about 19 times; the
    /// outcome is deterministic because every seed is fixed.
    @Test("95% intervals cover the true median of a known distribution")
    func coverage() throws {
        let trueMedian = 0.693_147_180_559_945_3
        var covered = 0
        for seed in UInt64(1)...20 {
            var generator = SeededGenerator(seed: seed * 1_000)
            let sample = (0..<41).map { _ in -log(1 - generator.nextUnitInterval()) }
            let interval = try #require(Bootstrap.medianInterval(of: sample, resamples: 2_000, seed: seed))
            if interval.contains(trueMedian) { covered += 1 }
        }
        #expect(covered >= 16)
    }

    @Test("paired ratios of exact 4× data give [4, 4]")
    func exactRatio() throws {
        let parallel = [0.5, 0.75, 1.25, 2.0, 0.625]
        let sequential = parallel.map { $0 * 4 }
        let interval = try #require(Bootstrap.ratioInterval(numerators: sequential, denominators: parallel))
        #expect(interval == ConfidenceInterval(estimate: 4, lower: 4, upper: 4, confidence: 0.95))
    }

    @Test("paired ratios are taken pair by pair, not as a ratio of medians")
    func pairing() throws {
        // Each pair is 2× but the runs drift upwards; the per-pair median ratio is still 2.
        let sequential = [2.0, 4.0, 8.0, 16.0, 32.0]
        let parallel = [1.0, 2.0, 4.0, 8.0, 16.0]
        let interval = try #require(Bootstrap.ratioInterval(numerators: sequential, denominators: parallel, seed: 3))
        #expect(interval.estimate == 2 && interval.lower == 2 && interval.upper == 2)
    }

    @Test("invalid ratio inputs give nil", arguments: [
        ([1.0, 2.0], [1.0]),
        ([1.0, 2.0], [1.0, 0.0]),
        ([1.0, 2.0], [1.0, -1.0]),
        ([1.0, .nan], [1.0, 1.0]),
        ([Double](), [Double]()),
    ])
    func invalidRatios(numerators: [Double], denominators: [Double]) {
        #expect(Bootstrap.ratioInterval(numerators: numerators, denominators: denominators) == nil)
    }

    @Test("invalid settings give nil")
    func invalidSettings() {
        let sample = [1.0, 2.0, 3.0]
        #expect(Bootstrap.medianInterval(of: []) == nil)
        #expect(Bootstrap.medianInterval(of: [1, .nan]) == nil)
        #expect(Bootstrap.medianInterval(of: sample, confidence: 0) == nil)
        #expect(Bootstrap.medianInterval(of: sample, confidence: 1) == nil)
        #expect(Bootstrap.medianInterval(of: sample, resamples: 0) == nil)
        #expect(Bootstrap.medianInterval(of: sample, resamples: Bootstrap.maximumResamples + 1) == nil)
    }
}

import Foundation
import Testing
import Verify

@Suite("Verdicts")
struct VerdictTests {
    private func interval(_ lower: Double, _ estimate: Double, _ upper: Double) -> ConfidenceInterval {
        ConfidenceInterval(estimate: estimate, lower: lower, upper: upper, confidence: 0.95)
    }

    @Test("atLeast: pass when the lower end clears the bar, fail when the upper end is below", arguments: [
        (3.2, 3.4, 3.6, Verdict.pass),
        (3.0, 3.4, 3.6, .pass),          // lower == bar passes
        (2.8, 3.1, 3.3, .inconclusive),
        (2.5, 2.7, 2.9, .fail),
        (2.5, 2.8, 3.0, .inconclusive),  // upper == bar is not below it
    ])
    func atLeast(lower: Double, estimate: Double, upper: Double, expected: Verdict) {
        #expect(VerdictRule.atLeast(3.0, interval: interval(lower, estimate, upper)) == expected)
    }

    @Test("atMost: pass when the upper end is under the ceiling, fail when the lower end exceeds it", arguments: [
        (3.2, 3.5, 3.8, Verdict.pass),
        (3.5, 3.8, 4.0, .pass),
        (3.8, 4.0, 4.2, .inconclusive),
        (4.1, 4.3, 4.5, .fail),
    ])
    func atMost(lower: Double, estimate: Double, upper: Double, expected: Verdict) {
        #expect(VerdictRule.atMost(4.0, interval: interval(lower, estimate, upper)) == expected)
    }

    // Target 4 with 10% tolerance: the band is [3.6, 4.4].
    @Test("within: pass inside the band, fail wholly outside, inconclusive across an edge", arguments: [
        (3.7, 3.9, 4.2, Verdict.pass),
        (3.6, 4.0, 4.4, .pass),
        (3.5, 3.7, 3.9, .inconclusive),
        (4.3, 4.5, 4.7, .inconclusive),
        (3.2, 3.5, 4.8, .inconclusive),  // wider than the band
        (3.0, 3.3, 3.5, .fail),
        (4.5, 4.6, 4.9, .fail),
    ])
    func within(lower: Double, estimate: Double, upper: Double, expected: Verdict) {
        #expect(VerdictRule.within(4.0, tolerance: 0.1, interval: interval(lower, estimate, upper)) == expected)
    }

    @Test("a NaN never passes")
    func nanIsInconclusive() {
        let broken = interval(.nan, .nan, .nan)
        #expect(VerdictRule.atLeast(3, interval: broken) == .inconclusive)
        #expect(VerdictRule.atMost(3, interval: broken) == .inconclusive)
        #expect(VerdictRule.within(3, tolerance: 0.1, interval: broken) == .inconclusive)
    }

    // Half-width 0.5 and distance 0.25 from the bar: (0.5 / 0.25)² = 4, so more than 4 × 5 = 20
    // runs are needed in all, i.e. 21, which is 16 more. Values are exact in binary.
    @Test("additional repeats follow the 1/√n rule on either side of the bar", arguments: [
        (3.0, 3.5, 4.0),  // estimate above the bar: the lower half-width matters
        (2.0, 3.0, 3.5),  // estimate below the bar: the upper half-width matters
    ])
    func additionalRepeats(lower: Double, estimate: Double, upper: Double) {
        let measured = interval(lower, estimate, upper)
        #expect(VerdictRule.atLeast(3.25, interval: measured) == .inconclusive)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 5, interval: measured, bar: 3.25) == 16)
    }

    @Test("the suggested repeats would decide, under the model's assumptions")
    func suggestedRepeatsDecide() throws {
        let measured = interval(3.0, 3.5, 3.75)
        let current = 6
        let more = try #require(VerdictRule.additionalRepeatsNeeded(current: current, interval: measured, bar: 3.25))
        #expect(more == 19)
        // Shrink the half-widths by √(n / (n + more)) around the same estimate.
        let scale = (Double(current) / Double(current + more)).squareRoot()
        let projected = interval(3.5 - 0.5 * scale, 3.5, 3.5 + 0.25 * scale)
        #expect(VerdictRule.atLeast(3.25, interval: projected) == .pass)
    }

    @Test("a decided interval needs no more repeats")
    func decidedNeedsNone() {
        #expect(VerdictRule.additionalRepeatsNeeded(current: 5, interval: interval(3.4, 3.5, 3.6), bar: 3) == 0)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 5, interval: interval(2.4, 2.5, 2.6), bar: 3) == 0)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 3, interval: interval(3, 3, 3), bar: 2) == 0)
    }

    @Test("undecidable cases give nil")
    func undecidable() {
        #expect(VerdictRule.additionalRepeatsNeeded(current: 5, interval: interval(2.5, 3, 3.5), bar: 3) == nil)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 0, interval: interval(2.5, 3, 3.5), bar: 2.9) == nil)
        #expect(VerdictRule.additionalRepeatsNeeded(current: -1, interval: interval(2.5, 3, 3.5), bar: 2.9) == nil)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 5, interval: interval(.nan, 3, 3.5), bar: 2.9) == nil)
    }

    @Test("an estimate a hair from the bar is capped, not overflowed")
    func cap() {
        let nearlyOnTheBar = interval(1, 3.000_000_000_001, 5)
        #expect(VerdictRule.additionalRepeatsNeeded(current: 10, interval: nearlyOnTheBar, bar: 3) == VerdictRule.repeatCap)
        let huge = interval(-1e300, 1, 1e300)
        #expect(VerdictRule.additionalRepeatsNeeded(current: Int.max, interval: huge, bar: 0.5) == VerdictRule.repeatCap)
    }

    @Test("verdicts encode as their stable raw values")
    func coding() throws {
        let encoded = try JSONEncoder().encode([Verdict.pass, .fail, .inconclusive])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["pass","fail","inconclusive"]"#)
        let decoded = try JSONDecoder().decode([Verdict].self, from: encoded)
        #expect(decoded == [.pass, .fail, .inconclusive])
    }

    @Test("a confidence interval round-trips through JSON")
    func intervalCoding() throws {
        let original = interval(3.25, 3.5, 3.75)
        let decoded = try JSONDecoder().decode(ConfidenceInterval.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }

    @Test("claims are checked as points within a tolerance or as ceilings", arguments: [
        (SpeedupClaim.Kind.point, 3.7, 3.8, 3.9, Verdict.pass),
        (.point, 3.3, 3.4, 3.5, .fail),
        (.ceiling, 3.3, 3.4, 3.5, .pass),
        (.ceiling, 3.9, 4.05, 4.2, .inconclusive),
        (.ceiling, 4.2, 4.3, 4.4, .fail),
    ])
    func claimVerdicts(kind: SpeedupClaim.Kind, lower: Double, estimate: Double, upper: Double, expected: Verdict) {
        let claim = SpeedupClaim(factor: 4, kind: kind, text: "4×", source: "--claim")
        #expect(claim.verdict(against: interval(lower, estimate, upper), tolerance: 0.1) == expected)
    }
}

import Foundation
import Runner
import Verify

/// `vra-bench junit`: the verifier's own path for `junit.xml` (`JUnitWriter.render`, then
/// `AtomicFile.write` with its fsync and rename) on a synthetic report of N testcases, for the
/// DESIGN §7 target "a 100,000-testcase JUnit file written in under 1 s".
///
/// The report looks like a large real one: suites of 1,000 cases, one case in 100 failed with a
/// message and details that carry what hostile job output carries (ANSI colour, a control byte,
/// `]]>`, non-ASCII text), so sanitising is on the measured path; one in 100 skipped.
enum JUnitBenchmark {
    struct Timing {
        var cases: Int
        var suites: Int
        var bytes: Int
        var buildSeconds: Double
        var renderSeconds: Double
        var writeSeconds: Double

        var line: String {
            String(format: "junit: %d testcases in %d suites, %.1f MB: build %.3f s, render %.3f s, write %.3f s, total %.3f s",
                   cases, suites, Double(bytes) / 1e6, buildSeconds, renderSeconds, writeSeconds,
                   buildSeconds + renderSeconds + writeSeconds)
        }
    }

    static let casesPerSuite = 1_000

    static func run(cases: Int, output: String) throws -> Timing {
        let start = MonotonicClock.now()
        let suites = self.suites(cases: cases)
        let built = MonotonicClock.now()
        let bytes = try JUnitWriter.render(suites)
        let rendered = MonotonicClock.now()
        do { try AtomicFile.write(bytes, to: output) } catch { throw BenchError("cannot write \(output): \(error)") }
        let written = MonotonicClock.now()
        return Timing(cases: cases, suites: suites.count, bytes: bytes.count, buildSeconds: built - start,
                      renderSeconds: rendered - built, writeSeconds: written - rendered)
    }

    static func suites(cases: Int) -> [JUnitTestSuite] {
        let timestamp = Date(timeIntervalSince1970: 1_780_000_000)
        let details = "Traceback (most recent call last):\n  \u{1B}[31mAssertionError\u{1B}[0m: expected 0.99 ≥ 0.80\n"
            + "job output: \u{07}bell ]]> <tag attr=\"x\"> & done\n"
        return stride(from: 0, to: cases, by: casesPerSuite).map { first in
            let suiteIndex = first / casesPerSuite
            let testCases = (first..<min(first + casesPerSuite, cases)).map { index in
                let outcome: JUnitTestCase.Outcome
                switch index % 100 {
                case 37: outcome = .failed(type: "AssertionError", message: "case \(index): efficiency 0.61 below the bar 0.80", details: details)
                case 73: outcome = .skipped(message: "not applicable to this target")
                default: outcome = .passed
                }
                return JUnitTestCase(name: "case.\(index)", className: "bench.suite\(suiteIndex)",
                                     time: Double(index % 1_000) / 1_000, outcome: outcome)
            }
            return JUnitTestSuite(name: "suite\(suiteIndex)", package: "bench", timestamp: timestamp, hostname: "bench-host",
                                  time: Double(testCases.count) / 1_000,
                                  properties: [JUnitProperty(name: "suite.\(suiteIndex).cases", value: "\(testCases.count)")],
                                  testCases: testCases)
        }
    }
}

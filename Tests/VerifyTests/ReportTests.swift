import Foundation
import Testing
@testable import Verify

@Suite("Reports")
struct ReportTests {
    static func sampleReport(statuses: [CheckStatus] = [.passed, .failed, .skipped, .inconclusive, .errored], strict: Bool = false) -> VerificationReport {
        var settings = VerifySettings(target: "/x/run_all_training.py", profile: BuiltinProfiles.runAllTraining, projectDir: "/x")
        settings.strict = strict
        let results = statuses.enumerated().map { index, status in
            CheckResult(id: ["cli.help", "parallel.dry-run", "target.tests", "perf.speedup", "reliability.interrupt"][index % 5],
                        title: "title \(index) with | pipe", status: status, reason: status == .passed ? nil : "reason \u{1B}[31m<b>\u{0}",
                        commands: [CommandRecord(command: "run ```x```", status: "exit 0", seconds: 0.5, excerpt: "out\u{1B}[1m ]]> \u{FFFE}")],
                        measurements: [Measurement("speedup", 3.5, unit: "×")], notes: ["note"], seconds: 0.25)
        }
        return VerificationReport(settings: settings, results: results, timing: nil, speedup: nil, environment: .current,
                                  startedAt: Date(timeIntervalSince1970: 1_800_000_000), wallSeconds: 12, targetCommit: nil, targetVersion: nil)
    }

    @Test("VERIFICATION.md has the seed report's sections, in its order")
    func markdownSections() {
        let markdown = MarkdownReport.render(Self.sampleReport())
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == ["## Issue Statement", "## Verification Results", "## Test Results", "## Documentation Coverage",
                             "## Performance Characteristics", "## Environment", "## Conclusion", "## Recommendations"])
        #expect(markdown.hasPrefix("# Parallel Mode Verification Report\n"))
        #expect(markdown.contains("### ❌ Feature Status: NOT WORKING AS DOCUMENTED"))
        #expect(markdown.contains("### 1. title 0 with | pipe (`cli.help`)"))
        #expect(!markdown.contains("\u{1B}"))
        #expect(!markdown.contains("\u{0}"))
        // A command containing ``` gets a longer fence, so the block cannot be broken out of.
        #expect(markdown.contains("````bash\n$ run ```x```\n````"))
    }

    @Test("overall status: failed beats inconclusive; strict turns inconclusive into failure")
    func overall() {
        #expect(Self.sampleReport(statuses: [.passed, .skipped]).overall == .passed)
        #expect(Self.sampleReport(statuses: [.passed, .inconclusive]).overall == .inconclusive)
        #expect(Self.sampleReport(statuses: [.passed, .inconclusive], strict: true).overall == .failed)
        #expect(Self.sampleReport(statuses: [.errored, .inconclusive]).overall == .failed)
        #expect(MarkdownReport.render(Self.sampleReport(statuses: [.passed])).contains("### ✅ Feature Status: FULLY OPERATIONAL"))
    }

    @Test("junit.xml: one suite per group, one case per check, exact counts, inconclusive as skipped")
    func junitMapping() throws {
        let report = Self.sampleReport()
        let suites = VerificationJUnit.suites(results: report.results, properties: report.properties, timestamp: report.startedAt, strict: false)
        #expect(suites.map(\.name) == ["verify-run-all.cli", "verify-run-all.parallel", "verify-run-all.target", "verify-run-all.perf", "verify-run-all.reliability"])
        #expect(suites.flatMap(\.testCases).map(\.name) == ["cli.help", "parallel.dry-run", "target.tests", "perf.speedup", "reliability.interrupt"])
        #expect(suites[3].skipped == 1)
        #expect(suites[1].failures == 1 && suites[4].errors == 1)
        let strict = VerificationJUnit.suites(results: report.results, properties: report.properties, timestamp: report.startedAt, strict: true)
        #expect(strict[3].failures == 1 && strict[3].skipped == 0)
        let xml = try JUnitWriter.render(suites)
        let text = String(decoding: xml, as: UTF8.self)
        #expect(text.contains("<testcase name=\"perf.speedup\""))
        #expect(text.contains("perf.speedup.speedup"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test("benchmark.json entries for github-action-benchmark")
    func benchmark() throws {
        #expect(BenchmarkReport.render(speedup: nil, workers: 4, jobs: 12) == "[]\n")
    }
}

@Suite("Check helpers")
struct CheckHelperTests {
    @Test("help entries are found across wrapped lines")
    func helpEntry() {
        let help = """
        options:
          --parallel            Enable parallel execution
                                (default: False)
          --max-workers MAX_WORKERS
                                Workers for parallel mode
                                (default: 4)
          --verbose             Talk more
        """.split(separator: "\n").map(String.init)
        #expect(HelpCheck.entry(for: "--max-workers", in: help) == "--max-workers MAX_WORKERS Workers for parallel mode (default: 4)")
        #expect(HelpCheck.entry(for: "--parallel", in: help)?.hasSuffix("(default: False)") == true)
        #expect(HelpCheck.entry(for: "--max", in: help) == nil)
        #expect(HelpCheck.entry(for: "--workers", in: help) == nil)
    }

    @Test("Markdown sections end at the next heading of the same level; fences are not headings")
    func sections() {
        let text = """
        # Guide
        ## 3. Run in Parallel (Faster)
        ```bash
        # not a heading
        run-all --parallel --max-workers 4
        ```
        ### detail
        more
        ## 4. Other
        run-all --other
        """
        let section = MarkdownSections.section(matching: "run in parallel", in: text)
        #expect(section?.heading == "3. Run in Parallel (Faster)")
        #expect(section?.body.contains("run-all --parallel --max-workers 4") == true)
        #expect(section?.body.contains("more") == true)
        #expect(section?.body.contains("--other") == false)
        #expect(MarkdownSections.section(matching: "Missing", in: text) == nil)
    }

    @Test("printed commands split like a POSIX shell", arguments: [
        ("python3 a.py --epochs 50", ["python3", "a.py", "--epochs", "50"]),
        ("x 'a b' \"c d\" e\\ f", ["x", "a b", "c d", "e f"]),
        ("x 'it'\"'\"'s' --folds=5", ["x", "it's", "--folds=5"]),
        ("x ''", ["x", ""]),
    ])
    func shellWords(_ sample: (String, [String])) {
        #expect(ShellWords.split(sample.0) == sample.1)
    }

    @Test("claims: points within tolerance, unreachable ceilings fail")
    func claims() {
        var settings = VerifySettings(target: "t", profile: BuiltinProfiles.runAll, projectDir: "/")
        settings.workers = 4
        settings.jobs = 12
        func analysis(_ estimate: Double, _ lower: Double, _ upper: Double, workers: Int) -> SpeedupAnalysis {
            var value = SpeedupAnalysisFixture.make(workers: workers)
            value.speedup = ConfidenceInterval(estimate: estimate, lower: lower, upper: upper, confidence: 0.95)
            return value
        }
        let measured = analysis(3.9, 3.8, 3.95, workers: 4)
        let point = SpeedupClaim(factor: 4, kind: .point, text: "4× speedup", source: "doc")
        let ceiling = SpeedupClaim(factor: 4, kind: .ceiling, text: "up to 4×", source: "doc")
        #expect(ClaimsCheck.evaluate(point, analysis: measured, settings: settings).verdict == .pass)
        #expect(ClaimsCheck.evaluate(ceiling, analysis: measured, settings: settings).verdict == .pass)
        let slow = analysis(2.0, 1.9, 2.1, workers: 4)
        #expect(ClaimsCheck.evaluate(point, analysis: slow, settings: settings).verdict == .fail)
        settings.probeMode = .cpu
        let coreBound = analysis(1.9, 1.8, 2.0, workers: 2)
        let evaluation = ClaimsCheck.evaluate(ceiling, analysis: coreBound, settings: settings)
        #expect(evaluation.verdict == .fail)
        #expect(evaluation.explanation.contains("cannot be reached"))
        let noisy = analysis(3.7, 3.4, 4.0, workers: 4)
        #expect(ClaimsCheck.evaluate(point, analysis: noisy, settings: settings).verdict == .inconclusive)
    }
}

/// Builds SpeedupAnalysis values for claim tests from synthetic timing.
enum SpeedupAnalysisFixture {
    static func make(workers: Int) -> SpeedupAnalysis {
        let runs = probeRuns([(0, 1), (1, 2)])
        let sample = TimingCampaign.Sample(parallel: false, wallSeconds: 2, startTime: 0, runs: runs, peakRSSBytes: 0)
        let timing = TimingCampaign.Result(sequential: [sample], parallel: [sample], workers: workers, jobs: 12, error: nil, commands: [])
        var analysis = SpeedupAnalysis(timing: timing, cores: workers, cpuBound: false, seed: 1)!
        analysis.effectiveWorkers = workers
        return analysis
    }
}

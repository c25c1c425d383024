import Foundation

/// Median and range of a set of measurements (or of per-round ratios).
struct Spread: Codable, Equatable {
    var median: Double
    var min: Double
    var max: Double
    var count: Int

    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted[0]
        max = sorted[sorted.count - 1]
        count = sorted.count
    }
}

/// `benchmarks/results/<date>.json`: every sample, its medians and ranges, the per-round
/// ratios, and the DESIGN §7 targets with their verdicts.
struct BenchmarkResults: Codable {
    struct Runner: Codable {
        var key: String
        var label: String
        var command: String
        var samples: [Double]
        var spread: Spread
        /// Per round: this runner's time over the reference runner's time in the same round.
        var ratioToReference: Spread?
        /// Each sample over the section's ideal.
        var ratioToIdeal: Spread?
    }

    struct Section: Codable {
        var id: String
        var title: String
        var unit: String
        var ideal: Double?
        var reference: String?
        var runners: [Runner]
    }

    struct Target: Codable {
        var id: String
        var description: String
        /// What is measured: "ratio" or the unit of a plain value.
        var unit: String
        var comparison: String
        var bar: Double
        var measured: Spread
        /// The median meets the bar.
        var passed: Bool
        /// Every round meets the bar (not only the median).
        var everyRoundPassed: Bool
        /// Shown for context, not a DESIGN §7 target: never fails the run.
        var informational: Bool
    }

    var schemaVersion = 1
    var environment: [String: String]
    var sections: [Section]
    var targets: [Target]

    static func aggregate(rawDirectory: String) throws(BenchError) -> BenchmarkResults {
        let raw = try RawMeasurements.load(directory: rawDirectory)
        var sections: [Section] = []
        for section in raw.sections {
            let samples = raw.samples.filter { $0.section == section.id }
            var runners: [Runner] = []
            for runner in raw.runners where runner.section == section.id {
                let values = samples.filter { $0.key == runner.key }.map(\.value)
                guard let spread = Spread(values) else {
                    throw BenchError("no measurement of \(runner.key) in section \(section.id)")
                }
                let toReference = section.reference.flatMap { reference in
                    Spread(pairedRatios(samples, numerator: runner.key, denominator: reference))
                }
                let toIdeal = section.ideal.flatMap { ideal in Spread(values.map { $0 / ideal }) }
                runners.append(Runner(key: runner.key, label: runner.label, command: runner.command, samples: values,
                                      spread: spread, ratioToReference: toReference, ratioToIdeal: toIdeal))
            }
            sections.append(Section(id: section.id, title: section.title, unit: section.unit, ideal: section.ideal,
                                    reference: section.reference, runners: runners))
        }
        let targets = try TargetDefinition.designTargets.map { definition throws(BenchError) in
            try definition.evaluate(sections: sections, samples: raw.samples)
        }
        return BenchmarkResults(environment: Dictionary(raw.environment, uniquingKeysWith: { $1 }),
                                sections: sections, targets: targets)
    }

    /// For every round that measured both runners: numerator's median over denominator's median.
    static func pairedRatios(_ samples: [RawMeasurements.Sample], numerator: String, denominator: String) -> [Double] {
        let rounds = Dictionary(grouping: samples, by: \.round)
        return rounds.keys.sorted().compactMap { round in
            let inRound = rounds[round] ?? []
            guard let top = Spread(inRound.filter { $0.key == numerator }.map(\.value))?.median,
                  let bottom = Spread(inRound.filter { $0.key == denominator }.map(\.value))?.median, bottom > 0 else { return nil }
            return top / bottom
        }
    }

    func encoded() throws(BenchError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) + [10] } catch { throw BenchError("cannot encode the results: \(error)") }
    }
}

/// One DESIGN §7 target: which figure, which bar.
struct TargetDefinition {
    enum Figure {
        /// Per-round ratio of two runners of a section.
        case ratio(section: String, numerator: String, denominator: String)
        /// A runner's samples over the section's ideal.
        case toIdeal(section: String, runner: String)
        /// A runner's samples as measured.
        case value(section: String, runner: String)
    }

    enum Comparison: String {
        case atMost = "≤"
        case atLeast = "≥"
        case below = "<"

        func holds(_ value: Double, _ bar: Double) -> Bool {
            switch self {
            case .atMost: value <= bar
            case .atLeast: value >= bar
            case .below: value < bar
            }
        }
    }

    var id: String
    var description: String
    var figure: Figure
    var comparison: Comparison
    var bar: Double
    var informational = false

    /// DESIGN §7, in its order, plus the like-for-like comparison it mentions.
    static let designTargets: [TargetDefinition] = [
        TargetDefinition(id: "overhead.xargs", description: "Overhead, 1000 × `true` on 2 workers: run-all / `xargs -P2` (the floor)",
                         figure: .ratio(section: "overhead", numerator: "run-all", denominator: "xargs"), comparison: .atMost, bar: 1.5),
        TargetDefinition(id: "overhead.python", description: "Overhead: run-all / Python ThreadPoolExecutor + subprocess.run",
                         figure: .ratio(section: "overhead", numerator: "run-all", denominator: "python-tpe"), comparison: .atMost, bar: 1.0),
        TargetDefinition(id: "overhead.python-logs", description: "(context, not a §7 bar) like for like: run-all / the Python orchestrator with a log file and a session per job",
                         figure: .ratio(section: "overhead", numerator: "run-all", denominator: "python-tpe-logs"), comparison: .atMost, bar: 1.0,
                         informational: true),
        TargetDefinition(id: "overhead.parallel", description: "Overhead: GNU `parallel -j2` / run-all (how many times faster)",
                         figure: .ratio(section: "overhead", numerator: "parallel", denominator: "run-all"), comparison: .atLeast, bar: 3.0),
        TargetDefinition(id: "makespan.ideal", description: "Makespan, 12 × `sleep 0.5` on 4 workers: run-all / ideal 1.5 s",
                         figure: .toIdeal(section: "makespan", runner: "run-all"), comparison: .atMost, bar: 1.05),
        TargetDefinition(id: "memory.10k", description: "Peak RSS of run-all with 10,000 queued no-op jobs (MiB)",
                         figure: .value(section: "memory", runner: "noop-10k"), comparison: .below, bar: 64),
        TargetDefinition(id: "memory.1gib", description: "Peak RSS while one job prints 1 GiB / one silent job (flat: ≤ 1.10)",
                         figure: .ratio(section: "memory", numerator: "print-1gib", denominator: "noop-1"), comparison: .atMost, bar: 1.10),
        TargetDefinition(id: "junit.100k", description: "JUnit report of 100,000 testcases rendered and written (s)",
                         figure: .value(section: "reports", runner: "junit-write"), comparison: .below, bar: 1.0),
        TargetDefinition(id: "verifier.default", description: "Default `verify-run-all` run, wall time (s)",
                         figure: .value(section: "verifier", runner: "default-run"), comparison: .below, bar: 30),
    ]

    func evaluate(sections: [BenchmarkResults.Section], samples: [RawMeasurements.Sample]) throws(BenchError) -> BenchmarkResults.Target {
        let values: [Double]
        let unit: String
        switch figure {
        case let .ratio(section, numerator, denominator):
            values = BenchmarkResults.pairedRatios(samples.filter { $0.section == section }, numerator: numerator, denominator: denominator)
            unit = "ratio"
        case let .toIdeal(section, runner):
            values = sections.first { $0.id == section }?.runners.first { $0.key == runner }?.samples
                .compactMap { sample in sections.first { $0.id == section }?.ideal.map { sample / $0 } } ?? []
            unit = "ratio"
        case let .value(section, runner):
            values = sections.first { $0.id == section }?.runners.first { $0.key == runner }?.samples ?? []
            unit = sections.first { $0.id == section }?.unit ?? ""
        }
        guard let spread = Spread(values) else { throw BenchError("target \(id): no measurement") }
        return BenchmarkResults.Target(id: id, description: description, unit: unit, comparison: comparison.rawValue, bar: bar,
                                       measured: spread, passed: comparison.holds(spread.median, bar),
                                       everyRoundPassed: values.allSatisfy { comparison.holds($0, bar) }, informational: informational)
    }
}

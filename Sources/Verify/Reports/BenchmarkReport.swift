import Foundation

/// `benchmark.json` for github-action-benchmark's `customSmallerIsBetter` tool.
public enum BenchmarkReport {
    /// Entries: sequential and parallel makespan, the ideal, and 1/efficiency (smaller is better).
    public static func render(speedup: SpeedupAnalysis?, workers: Int, jobs: Int) -> String {
        guard let speedup else { return "[]\n" }
        let entries: [(String, Double, String)] = [
            ("sequential makespan (\(jobs) jobs)", speedup.sequentialMedian, "s"),
            ("parallel makespan (\(jobs) jobs, \(workers) workers)", speedup.parallelMedian, "s"),
            ("ideal parallel makespan", speedup.idealMedian, "s"),
            ("parallel / ideal", speedup.efficiency.estimate > 0 ? 1 / speedup.efficiency.estimate : 0, "ratio"),
        ]
        let lines = entries.map { name, value, unit in
            "  {\"name\": \(jsonString(name)), \"unit\": \(jsonString(unit)), \"value\": \(String(format: "%.4f", value))}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

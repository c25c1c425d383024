import Foundation

/// What `benchmarks/run.sh` leaves in its raw directory, read back:
///
/// * `env.tsv` — `key<TAB>value`: machine, load, tool versions, commit, rounds;
/// * `sections.tsv` — `id<TAB>title<TAB>unit<TAB>ideal<TAB>reference`: one line per section
///   (`ideal` in the section's unit or `-`; `reference` a runner key or `-`);
/// * `commands.tsv` — `section<TAB>key<TAB>label<TAB>command`: the runners, in table order;
/// * `<section>.<round>.json` — hyperfine `--export-json` files (command names are runner
///   keys); every file is one round, so runners in the same file were measured side by side;
/// * `samples.tsv` — `section<TAB>key<TAB>round<TAB>value`: measurements hyperfine cannot
///   take (peak RSS from GNU time, in the section's unit).
struct RawMeasurements {
    struct Section {
        var id: String
        var title: String
        var unit: String
        var ideal: Double?
        var reference: String?
    }

    struct Runner {
        var section: String
        var key: String
        var label: String
        var command: String
    }

    /// One measured value: which runner, in which round, how much.
    struct Sample {
        var section: String
        var key: String
        var round: String
        var value: Double
    }

    var environment: [(key: String, value: String)]
    var sections: [Section]
    var runners: [Runner]
    var samples: [Sample]

    static func load(directory: String) throws(BenchError) -> RawMeasurements {
        let environment = try table(directory + "/env.tsv", columns: 2).map { (key: $0[0], value: $0[1]) }
        let sections = try table(directory + "/sections.tsv", columns: 5).map { row throws(BenchError) in
            var ideal: Double?
            if row[3] != "-" {
                guard let value = Double(row[3]), value > 0 else {
                    throw BenchError("sections.tsv: ideal '\(row[3])' of \(row[0]) is not a positive number")
                }
                ideal = value
            }
            return Section(id: row[0], title: row[1], unit: row[2], ideal: ideal, reference: row[4] == "-" ? nil : row[4])
        }
        let runners = try table(directory + "/commands.tsv", columns: 4).map {
            Runner(section: $0[0], key: $0[1], label: $0[2], command: $0[3])
        }
        var samples: [Sample] = []
        let samplesPath = directory + "/samples.tsv"
        if FileManager.default.fileExists(atPath: samplesPath) {
            samples += try table(samplesPath, columns: 4).map { row throws(BenchError) in
                guard let value = Double(row[3]) else { throw BenchError("samples.tsv: '\(row[3])' is not a number") }
                return Sample(section: row[0], key: row[1], round: row[2], value: value)
            }
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        for name in names {
            let section = String(name.prefix(while: { $0 != "." }))
            guard sections.contains(where: { $0.id == section }) else { continue }
            let export = try HyperfineExport.load(directory + "/" + name)
            for result in export.results {
                if let codes = result.exitCodes, codes.contains(where: { $0 != 0 }) {
                    throw BenchError("\(name): \(result.command) exited with \(codes.filter { $0 != 0 }) — a failing runner is not timed")
                }
                samples += result.times.map { Sample(section: section, key: result.command, round: name, value: $0) }
            }
        }
        return RawMeasurements(environment: environment, sections: sections, runners: runners, samples: samples)
    }

    /// Rows of a tab-separated file with exactly `columns` fields (blank lines skipped).
    static func table(_ path: String, columns: Int) throws(BenchError) -> [[String]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        var rows: [[String]] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns else {
                throw BenchError("\(path):\(number + 1): expected \(columns) tab-separated fields, got \(fields.count)")
            }
            rows.append(fields)
        }
        return rows
    }
}

/// The part of a hyperfine `--export-json` file the report reads.
struct HyperfineExport: Decodable {
    struct Result: Decodable {
        var command: String
        var times: [Double]
        var exitCodes: [Int]?

        enum CodingKeys: String, CodingKey {
            case command, times
            case exitCodes = "exit_codes"
        }
    }

    var results: [Result]

    static func load(_ path: String) throws(BenchError) -> HyperfineExport {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        do { return try JSONDecoder().decode(HyperfineExport.self, from: data) } catch {
            throw BenchError("\(path) is not a hyperfine --export-json file")
        }
    }
}

import Foundation
public import Runner

/// `results.json`: everything measured, machine-readable; also the `--baseline` input.
public struct ResultsDocument: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var tool = "verify-run-all"
    public var toolVersion = Environment.version
    public var startedAt: String
    public var wallSeconds: Double
    public var target: String
    public var profile: String
    public var projectDir: String
    public var settings: [String: String]
    public var environment: Environment
    public var targetCommit: String?
    public var overall: String
    public var checks: [CheckResult]
    public var timing: TimingCampaign.Result?
    public var speedup: SpeedupAnalysis?

    /// The median parallel wall time, for baselines.
    public var parallelMedianSeconds: Double? {
        speedup?.parallelMedian ?? timing.flatMap { SampleStatistics.median($0.parallel.map(\.wallSeconds)) }
    }

    /// Pretty, key-sorted JSON.
    public func encoded() throws(RunAllError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) + [10] } catch {
            throw RunAllError("cannot encode results.json: \(error)")
        }
    }

    /// Reads a results.json (a baseline).
    public static func load(path: String) throws(RunAllError) -> ResultsDocument {
        let data: Data
        do { data = Data(try FileContents.read(path, limit: FileContents.configLimit)) } catch {
            throw RunAllError("cannot read baseline \(path): \(error.reason)")
        }
        do { return try JSONDecoder().decode(ResultsDocument.self, from: data) } catch {
            throw RunAllError("invalid baseline \(path): not a results.json of verify-run-all")
        }
    }
}

public import Foundation

/// The summary JSON of a run (`summaries/summary-<timestamp>.json`).
public struct RunSummary: Sendable, Codable, Equatable {
    /// Version of this document's shape.
    public var schemaVersion = 1
    public var tool = "run-all"
    public var startedAt: String
    public var wallSeconds: Double
    public var workers: Int
    public var parallel: Bool
    public var interrupted: Bool
    public var exitCode: Int32
    public var counts: [String: Int]
    /// The runner's own peak RSS (VmHWM of /proc/self/status, exact, unlike wait4's figure).
    public var runnerPeakRSSBytes: Int?
    public var jobs: [JobResult]
    /// Processes the jobs left running outside their process groups (daemons), found and
    /// stopped after the run (see `EscapedProcesses`). Nil in summaries of older versions.
    public var escapedProcesses: [EscapedProcess]?

    public init(startedAt: Date, wallSeconds: Double, workers: Int, parallel: Bool, interrupted: Bool,
                exitCode: Int32, jobs: [JobResult]) {
        self.startedAt = ISO8601DateFormatter().string(from: startedAt)
        self.wallSeconds = wallSeconds
        self.workers = workers
        self.parallel = parallel
        self.interrupted = interrupted
        self.exitCode = exitCode
        self.jobs = jobs
        self.escapedProcesses = []
        self.counts = Dictionary(grouping: jobs, by: \.status.rawValue).mapValues(\.count)
        self.runnerPeakRSSBytes = ProcessMemory.peakRSSBytes(ofProcess: "self")
    }

    /// Pretty, key-sorted JSON.
    public func encoded() throws(RunAllError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(self)) + [10] } catch {
            throw RunAllError("cannot encode the summary: \(error)")
        }
    }

    /// The file name for a run that started at `date`: `summary-YYYYMMDD-HHMMSS-<pid>.json`.
    public static func fileName(startedAt date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "summary-\(formatter.string(from: date))-\(ProcessInfo.processInfo.processIdentifier).json"
    }
}

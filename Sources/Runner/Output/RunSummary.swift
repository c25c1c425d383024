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
    /// The runner's own peak RSS (VmHWM of /proc/self/status, exact, unlike wait4's figure),
    /// read when the summary is made, so it does not include encoding the summary itself.
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
        self.counts = jobs.reduce(into: [:]) { counts, job in counts[job.status.rawValue, default: 0] += 1 }
        self.runnerPeakRSSBytes = ProcessMemory.peakRSSBytes(ofProcess: "self")
    }

    /// Pretty, key-sorted JSON.
    ///
    /// The bytes are exactly those of `JSONEncoder` on the whole summary, but the jobs are
    /// encoded one at a time and spliced in: the encoder builds a tree of the entire value
    /// before it writes, which for 10,000 jobs took more memory (~25 MB) than the whole run
    /// had used until then (DESIGN §7: 10,000 queued jobs under 64 MiB; benchmarks/).
    public func encoded() throws(RunAllError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var header = self
        header.jobs = []
        do {
            let outline = Array(try encoder.encode(header))
            // How the pretty printer writes the empty top-level array; the key is ours and a
            // quote inside any string value is escaped, so this occurs exactly once.
            let emptyJobs = Array("\"jobs\" : [\n\n  ]".utf8)
            guard !jobs.isEmpty, let splice = Self.firstRange(of: emptyJobs, in: outline) else { return outline + [10] }
            var bytes = Array(outline[..<splice.lowerBound])
            bytes += Array("\"jobs\" : [\n".utf8)
            for (index, job) in jobs.enumerated() {
                if index > 0 { bytes += Array(",\n".utf8) }
                // One nesting level deeper: every non-empty line indented by two levels.
                var lineStart = true
                for byte in try encoder.encode(job) {
                    if lineStart, byte != 10 { bytes += [32, 32, 32, 32] }
                    bytes.append(byte)
                    lineStart = byte == 10
                }
            }
            bytes += Array("\n  ]".utf8)
            bytes += outline[splice.upperBound...]
            bytes.append(10)
            return bytes
        } catch {
            throw RunAllError("cannot encode the summary: \(error)")
        }
    }

    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
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

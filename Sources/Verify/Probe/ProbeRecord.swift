import Foundation
import Runner

/// One line of the probe log: a probe job starting or ending.
public struct ProbeRecord: Sendable, Equatable, Codable {
    public var event: String
    public var id: String
    public var pid: Int32
    public var pgid: Int32
    public var ppid: Int32
    /// A grandchild the job started (0 when none).
    public var child: Int32?
    /// The job's full argv (start records).
    public var argv: [String]?
    /// Wall-clock seconds since 1970.
    public var time: Double
    public var exit: Int32?
}

/// A probe job's run reconstructed from its start and end records.
public struct ProbeRun: Sendable, Equatable, Codable {
    public var id: String
    public var pid: Int32
    public var pgid: Int32
    public var child: Int32?
    public var argv: [String]
    public var start: Double
    /// Nil when the job never wrote its end record (interrupted, killed).
    public var end: Double?

    /// Seconds the job ran (end - start), when it ended.
    public var duration: Double? { end.map { $0 - start } }
}

/// Reads the probe log (JSON lines; lines that do not parse are counted, not fatal).
public enum ProbeLog {
    /// Parses the log at `path`; a missing file is an empty log.
    public static func read(_ path: String) -> (runs: [ProbeRun], malformedLines: Int) {
        // FileContents: FoundationEssentials leaks the buffer of an empty file (an empty
        // probe log is the normal case of a dry run).
        guard let bytes = try? FileContents.read(path, limit: 1 << 30) else { return ([], 0) }
        let data = Data(bytes)
        var runs: [String: ProbeRun] = [:]
        var order: [String] = []
        var malformed = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let record = try? decoder.decode(ProbeRecord.self, from: Data(line)) else {
                malformed += 1
                continue
            }
            let key = "\(record.id)#\(record.pid)"
            if record.event == "start" {
                runs[key] = ProbeRun(id: record.id, pid: record.pid, pgid: record.pgid, child: record.child,
                                     argv: record.argv ?? [], start: record.time, end: nil)
                order.append(key)
            } else if record.event == "end", runs[key] != nil {
                runs[key]?.end = record.time
            }
        }
        return (order.compactMap { runs[$0] }, malformed)
    }
}

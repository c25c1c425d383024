import Foundation

/// Exact memory figures from /proc (wait4's ru_maxrss is inflated for posix_spawned children,
/// see ProcessOutcome.peakRSSBytes).
public enum ProcessMemory {
    /// VmHWM (peak resident set) of `/proc/<process>/status` in bytes; `process` is a pid or
    /// "self". Nil when the process is gone or has no memory (a zombie).
    public static func peakRSSBytes(ofProcess process: String) -> Int? {
        statusField("VmHWM", ofProcess: process)
    }

    /// VmRSS (current resident set) in bytes.
    public static func currentRSSBytes(ofProcess process: String) -> Int? {
        statusField("VmRSS", ofProcess: process)
    }

    /// MemAvailable of /proc/meminfo in bytes, or nil.
    public static func availableSystemMemoryBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            return line.dropFirst("MemAvailable:".count).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    static func statusField(_ field: String, ofProcess process: String) -> Int? {
        // Not String(contentsOfFile:): FoundationEssentials leaks the buffer of a /proc read.
        guard let text = FileContents.text("/proc/\(process)/status", limit: 1 << 16) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.dropFirst(field.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}

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

    static func statusField(_ field: String, ofProcess process: String) -> Int? {
        // Not String(contentsOfFile:): FoundationEssentials leaks the buffer of a /proc read.
        guard let text = FileContents.text("/proc/\(process)/status", limit: 1 << 16) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.dropFirst(field.count + 1).split(separator: " ").first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}

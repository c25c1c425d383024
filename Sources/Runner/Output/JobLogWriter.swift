import Foundation
import Glibc

/// Appends one line per finished attempt in GNU parallel's `--joblog` format:
/// `Seq Host Starttime JobRuntime Send Receive Exitval Signal Command`, tab-separated.
/// Lines are written as jobs finish, so an interrupted run keeps what it did.
public final class JobLogWriter: @unchecked Sendable {
    // @unchecked: `fd` is set once; `sequence` is only used under `lock`.
    private let lock = NSLock()
    private let fd: Int32
    private var sequence = 0

    /// The header line.
    public static let header = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand"

    /// Creates (truncates) the joblog at `path` and writes the header.
    public init(path: String) throws(RunAllError) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw RunAllError("cannot write joblog \(path): \(String(cString: strerror(errno)))") }
        writeLine(Self.header)
    }

    deinit { close(fd) }

    /// Records a finished job (one line; started jobs only).
    public func record(_ result: JobResult) {
        guard let start = result.start, let duration = result.duration else { return }
        lock.lock()
        sequence += 1
        let line = Self.line(sequence: sequence, result: result, start: start, duration: duration)
        writeLine(line)
        lock.unlock()
    }

    static func line(sequence: Int, result: JobResult, start: Double, duration: Double) -> String {
        let command = ShellQuote.join(result.command).replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        return [
            String(sequence), ":", String(format: "%.3f", start), String(format: "%.3f", duration), "0", "0",
            String(result.exitCode ?? -1), String(result.signal ?? 0), command,
        ].joined(separator: "\t")
    }

    private func writeLine(_ line: String) {
        FileDescriptorOutput.writeAll(fd, Array((line + "\n").utf8))
    }
}

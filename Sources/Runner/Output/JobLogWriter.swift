import Foundation
import Glibc

/// Appends one line per finished attempt in GNU parallel's `--joblog` format:
/// `Seq Host Starttime JobRuntime Send Receive Exitval Signal Command`, tab-separated.
/// Lines are written as jobs finish, so an interrupted run keeps what it did.
public final class JobLogWriter: @unchecked Sendable {
    // @unchecked: `fd` is set once; `sequence` and `problem` are only used under `lock`.
    private let lock = NSLock()
    private let fd: Int32
    private var sequence = 0
    private var problem: String?

    /// The header line.
    public static let header = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand"

    /// Creates (replaces) the joblog at `path` and writes the header.
    public init(path: String) throws(RunAllError) {
        do { fd = try LogFile.create(path) } catch {
            throw RunAllError("cannot write joblog \(path): \(error.reason)")
        }
        lock.lock()
        writeLine(Self.header)
        lock.unlock()
        if let problem {
            ftruncate(fd, 0)   // no half-written joblog
            throw RunAllError("cannot write joblog \(path): \(problem)")
        }
    }

    deinit { close(fd) }

    /// The first write error (a full disk), or nil when every line was written.
    public var writeProblem: String? {
        lock.lock()
        defer { lock.unlock() }
        return problem
    }

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

    /// Call with `lock` held.
    private func writeLine(_ line: String) {
        if !FileDescriptorOutput.writeAll(fd, Array((line + "\n").utf8)), problem == nil {
            problem = "write failed: \(String(cString: strerror(errno)))"
        }
    }
}

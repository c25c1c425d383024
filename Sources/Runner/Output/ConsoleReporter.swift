public import Foundation
import Glibc

/// Prints run events as lines on stdout, and on a terminal a live progress line on stderr
/// (`[7/12] 4 running · 0 failed · ETA 9s`). Colour only on a terminal and never with NO_COLOR.
public final class ConsoleReporter: RunEventSink, @unchecked Sendable {
    // @unchecked: all mutable state is only touched under `lock`.
    private let lock = NSLock()
    private let total: Int
    private let slots: Int
    private let verbose: Bool
    private let progress: Bool
    private let color: Bool
    private var finished = 0
    private var failed = 0
    private var running = 0
    private var finishedDurations: Double = 0
    private var progressShown = false
    private let joblog: JobLogWriter?

    /// `total` jobs on `slots` workers; `joblog` receives every finished attempt.
    public init(total: Int, slots: Int, verbose: Bool, joblog: JobLogWriter?,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.total = total
        self.slots = max(1, slots)
        self.verbose = verbose
        self.joblog = joblog
        let stderrIsTerminal = isatty(2) == 1
        progress = stderrIsTerminal && environment["TERM"] != "dumb"
        color = isatty(1) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public func handle(_ event: RunEvent) {
        lock.lock()
        defer { lock.unlock() }
        clearProgress()
        switch event {
        case let .started(job, attempt, slot):
            running += 1
            if verbose {
                Console.out("[\(job.id)] started (slot \(slot + 1)\(attempt > 1 ? ", attempt \(attempt)" : "")): \(ShellQuote.join(job.command))")
            }
        case let .retrying(job, attempt, reason):
            running -= 1
            Console.out("[\(job.id)] 🔁 attempt \(attempt) failed (\(reason)); retrying")
        case let .finished(result):
            if result.startOffset != nil { running -= 1 }
            finished += 1
            finishedDurations += result.duration ?? 0
            joblog?.record(result)
            let took = result.duration.map { String(format: " in %.2fs", $0) } ?? ""
            switch result.status {
            case .succeeded:
                Console.out("[\(result.id)] \(paint("✅ done", 32))\(took)")
            case .failed, .timedOut, .interrupted:
                failed += 1
                let detail = result.message.map { $0 == result.status.rawValue ? "" : " (\($0))" } ?? ""
                Console.out("[\(result.id)] \(paint("❌ \(result.status.rawValue)", 31))\(detail)\(took) — log: \(result.logPath)")
                if verbose { printLogTail(result.logPath) }
            case .skipped, .notStarted:
                if result.status == .skipped { failed += 1 }
                Console.out("[\(result.id)] ⏭  \(result.status.rawValue) (\(result.message ?? ""))")
            }
        }
        drawProgress()
    }

    /// Removes the progress line before the final summary is printed.
    public func finish() {
        lock.lock()
        clearProgress()
        lock.unlock()
    }

    private func paint(_ text: String, _ code: Int) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func clearProgress() {
        if progressShown { Console.err("\r\u{1B}[K", newline: false) }
        progressShown = false
    }

    private func drawProgress() {
        guard progress, finished < total else { return }
        var line = "[\(finished)/\(total)] \(running) running · \(failed) failed"
        if finished > 0 {
            let average = finishedDurations / Double(finished)
            let remaining = Double(total - finished) * average / Double(slots)
            line += String(format: " · ETA %.0fs", remaining.rounded(.up))
        }
        Console.err(line, newline: false)
        progressShown = true
    }

    private func printLogTail(_ path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        let data = (try? handle.readToEnd()) ?? Data()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
        for line in lines where !line.isEmpty { Console.out("    \(Self.printable(line))") }
    }

    /// `text` safe to print on a terminal: control characters (ESC sequences that could move
    /// the cursor or retitle the window, NUL, BEL, C1 controls) become U+FFFD; TAB stays.
    /// Invalid UTF-8 was already replaced when the bytes were decoded.
    static func printable(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = (value < 0x20 && value != 0x09) || (0x7F...0x9F).contains(value)
            result.append(isControl ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }
}

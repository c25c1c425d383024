public import Foundation
import Glibc
import Runner

/// One finished (or stopped) command of the target, with what it printed.
public struct TargetRun: Sendable, Equatable, Codable {
    /// The argv as run.
    public var command: [String]
    public var exitCode: Int32?
    public var signal: Int32?
    public var seconds: Double
    /// Wall-clock time of the spawn, seconds since 1970 (the probe log's clock).
    public var startTime: Double = 0
    /// It ran past its timeout and was stopped.
    public var timedOut: Bool
    /// stdout and stderr together, in order, decoded leniently, at most `TargetRunner.outputLimit` bytes.
    public var output: String
    /// The output was longer than what `output` keeps.
    public var outputTruncated: Bool
    /// The command could not be started (nil when it was).
    public var startError: String?
    /// wait4's ru_maxrss of the target, bytes.
    public var peakRSSBytes: Int

    /// Output lines, with ANSI colour sequences removed so that patterns match plain text.
    public var lines: [String] {
        TargetRunner.stripANSI(output).split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingSuffix("\r")) }
    }

    /// A shell-style status for reports: the exit code, or 128 + signal.
    public var statusDescription: String {
        if let startError { return "not started: \(startError)" }
        if timedOut { return "timed out after \(String(format: "%.1f", seconds)) s" }
        if let exitCode { return "exit \(exitCode)" }
        return "killed by signal \(signal ?? 0)"
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : self }
}

/// Runs target commands through the runner's process layer (own process group, reaped on the
/// reaper thread), with a timeout, capturing output into a file so memory stays flat whatever
/// the target prints.
public struct TargetRunner: Sendable {
    /// How many bytes of a command's output are kept for checks and reports.
    public static let outputLimit = 4 << 20

    public var environment: [String: String]
    public var workdir: String?
    public var scratchDirectory: String

    public init(environment: [String: String], workdir: String?, scratchDirectory: String) {
        self.environment = environment
        self.workdir = workdir
        self.scratchDirectory = scratchDirectory
    }

    /// Runs `argv` to completion or until `timeout` seconds pass (then TERM, KILL after 2 s).
    /// `whileRunning` is called with the pid once the command started (e.g. to interrupt it).
    public func run(_ argv: [String], timeout: Double, extraEnvironment: [String: String] = [:],
                    whileRunning: (@Sendable (pid_t) async -> Void)? = nil) async -> TargetRun {
        let outputPath = scratchDirectory + "/output-\(UUID().uuidString).txt"
        defer { unlink(outputPath) }
        var env = environment
        for (key, value) in extraEnvironment { env[key] = value }
        let start = MonotonicClock.now()
        let startTime = Date().timeIntervalSince1970
        if Self.activeTargets.isClosed {
            return TargetRun(command: argv, exitCode: nil, signal: nil, seconds: 0, timedOut: false, output: "",
                             outputTruncated: false, startError: "the verification was interrupted", peakRSSBytes: 0)
        }
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(SpawnRequest(argv: argv, environment: env, workdir: workdir, output: .file(outputPath)))
        } catch {
            return TargetRun(command: argv, exitCode: nil, signal: nil, seconds: 0, timedOut: false, output: "",
                             outputTruncated: false, startError: error.message, peakRSSBytes: 0)
        }
        if !Self.activeTargets.insert(pid) {
            // Interrupted between the check above and the spawn: stop it at once.
            RunControl.terminate(pid, grace: 2)
        }
        defer { Self.activeTargets.remove(pid) }
        let timer = Deadline(seconds: timeout, pid: pid)
        if let whileRunning { await whileRunning(pid) }
        let outcome = await ChildReaper.shared.outcome(of: pid)
        let timedOut = timer.cancel()
        let (output, truncated) = Self.readOutput(outputPath)
        return TargetRun(command: argv, exitCode: outcome.exitCode, signal: outcome.signal,
                         seconds: MonotonicClock.now() - start, startTime: startTime, timedOut: timedOut, output: output,
                         outputTruncated: truncated, startError: nil, peakRSSBytes: outcome.peakRSSBytes)
    }

    /// Targets running right now, so an interrupted verifier can stop them; once closed, no
    /// new target command starts.
    public static let activeTargets = PidSet()

    static func readOutput(_ path: String) -> (String, Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ("", false) }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: outputLimit + 1)) ?? Data()
        let truncated = data.count > outputLimit
        return (String(decoding: data.prefix(outputLimit), as: UTF8.self), truncated)
    }

    /// Removes ANSI escape sequences (colours, cursor movement).
    public static func stripANSI(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { result.unicodeScalars.append(scalar); continue }
            guard let next = scalars.next() else { break }
            if next == "[" {
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
            } else if next == "]" {
                while let c = scalars.next(), c != "\u{07}", c != "\u{1B}" {}
            }
        }
        return result
    }
}

/// Stops a target's process group when its deadline passes; `cancel` says whether it fired.
final class Deadline: @unchecked Sendable {
    // @unchecked: `fired` is only used under `lock`; `item` is set once in init.
    private let lock = NSLock()
    private var fired = false
    private var item: DispatchWorkItem?

    init(seconds: Double, pid: pid_t) {
        let item = DispatchWorkItem { [self] in
            lock.lock()
            fired = true
            lock.unlock()
            RunControl.terminate(pid, grace: 2)
        }
        self.item = item
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
    }

    func cancel() -> Bool {
        item?.cancel()
        lock.lock()
        defer { lock.unlock() }
        return fired
    }
}

/// A lock-protected set of pids that can be closed to new members.
public final class PidSet: @unchecked Sendable {
    // @unchecked: `pids` and `closed` are only used under `lock`.
    private let lock = NSLock()
    private var pids: Set<pid_t> = []
    private var closed = false

    public init() {}

    /// Adds `pid`; false (and not added) when the set was closed.
    @discardableResult
    public func insert(_ pid: pid_t) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return false }
        pids.insert(pid)
        return true
    }

    public func remove(_ pid: pid_t) { lock.lock(); pids.remove(pid); lock.unlock() }
    public var all: [pid_t] { lock.lock(); defer { lock.unlock() }; return Array(pids) }

    /// Refuses new members from now on and returns the current ones.
    public func close() -> [pid_t] {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        return Array(pids)
    }

    /// Whether `close` was called.
    public var isClosed: Bool { lock.lock(); defer { lock.unlock() }; return closed }
}

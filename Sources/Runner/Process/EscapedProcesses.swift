import CSpawn
public import Foundation
public import Glibc

/// A process that a job left running outside its process group (it called `setsid`, or
/// `setpgid` to another group, typically to become a daemon), found after the jobs ended.
public struct EscapedProcess: Sendable, Equatable, Codable {
    public var pid: Int32
    /// The job whose marker the process carries in its environment; nil when it carries none
    /// (it replaced its environment) and was found because it was re-parented to run-all.
    public var jobID: String?
    /// Its command line (`/proc/PID/cmdline`, arguments joined by spaces, cut to 200 characters).
    public var command: String

    public init(pid: Int32, jobID: String?, command: String) {
        self.pid = pid
        self.jobID = jobID
        self.command = command
    }
}

/// Finds and stops what jobs leave behind outside their process groups.
///
/// Killing a job's process group (which run-all does when the job's main process ends) cannot
/// reach a process that moved to a session or group of its own. Two things make such
/// processes findable: every job carries `RUN_ALL_JOB=<run-all pid>:<job id>` in its
/// environment, which its descendants inherit; and run-all is a child subreaper
/// (`PR_SET_CHILD_SUBREAPER`), so an orphaned descendant is re-parented to run-all rather than
/// to init. After the last job ended, a scan of /proc finds every live process that carries
/// one of this run's markers or is a child of run-all; each is stopped (TERM, then KILL
/// after the grace period) through a pidfd, so a recycled pid is never signalled.
///
/// Limits (docs/RELIABILITY.md): a process that both drops the marker from its environment and
/// is adopted by something other than run-all (for example handed to a service manager, or
/// started over ssh) is not found; one that escapes and exits before the scan is not reported.
public enum EscapedProcesses {
    /// The environment variable that marks a job's processes.
    public static let markerVariable = "RUN_ALL_JOB"

    /// The marker value for `jobID` in this run.
    public static func marker(jobID: String, runnerPID: Glibc.pid_t = Glibc.getpid()) -> String {
        "\(runnerPID):\(jobID)"
    }

    /// Makes this process a child subreaper; false when the kernel refuses.
    @discardableResult
    public static func adoptOrphans() -> Bool {
        vra_become_child_subreaper() == 0
    }

    /// Live processes (not zombies) other than this one that carry a marker of this run, or
    /// whose parent is this process, except `excluding` (children still being run as jobs).
    public static func scan(runnerPID: Glibc.pid_t = Glibc.getpid(), excluding: Set<pid_t> = []) -> [EscapedProcess] {
        // readdir and raw reads, not Foundation: this runs once per run and should cost
        // about a millisecond, not several.
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        // A job's process started after we did: older processes are skipped on their stat
        // line alone, without reading their environment (the scan costs ~1 ms, not ~3).
        let ourStart = statFields(of: runnerPID)?.startTime ?? 0
        var found: [EscapedProcess] = []
        while let entry = readdir(directory) {
            let pid = withUnsafeBytes(of: entry.pointee.d_name) { raw -> pid_t? in
                var value: pid_t = 0
                for byte in raw {
                    if byte == 0 { break }
                    guard (48...57).contains(byte) else { return nil }
                    value = value &* 10 &+ pid_t(byte - 48)
                }
                return value > 0 ? value : nil
            }
            guard let pid, pid != runnerPID, !excluding.contains(pid) else { continue }
            if let escaped = inspect(pid, runnerPID: runnerPID, startedAfter: ourStart) { found.append(escaped) }
        }
        return found.sorted { $0.pid < $1.pid }
    }

    /// Whether `pid` is an escaped process of this run, and which job it came from.
    static func inspect(_ pid: pid_t, runnerPID: pid_t, startedAfter: UInt64 = 0) -> EscapedProcess? {
        guard let fields = statFields(of: pid), fields.state != "Z", fields.state != "X",
              fields.startTime >= startedAfter else { return nil }
        let parent = fields.parent
        let jobID = markedJob(of: pid, runnerPID: runnerPID)
        guard jobID != nil || parent == runnerPID else { return nil }
        return EscapedProcess(pid: pid, jobID: jobID, command: commandLine(of: pid))
    }

    /// Stops `processes`: TERM and CONT, then KILL to whatever is still alive after `grace`
    /// seconds. Runs on its own thread (it waits), never on the cooperative pool.
    public static func stop(_ processes: [EscapedProcess], grace: Double, runnerPID: Glibc.pid_t = Glibc.getpid()) async {
        guard !processes.isEmpty else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                stopBlocking(processes, grace: grace, runnerPID: runnerPID)
                continuation.resume()
            }
            thread.name = "escaped-processes"
            thread.start()
        }
    }

    static func stopBlocking(_ processes: [EscapedProcess], grace: Double, runnerPID: pid_t) {
        var descriptors: [Int32] = []
        for process in processes {
            let descriptor = vra_pidfd_open(process.pid)
            guard descriptor >= 0 else { continue }   // already gone
            // The descriptor now names one process for good; make sure it is still the one
            // we found (the pid could have been recycled between the scan and the open).
            guard inspect(process.pid, runnerPID: runnerPID) != nil else { close(descriptor); continue }
            _ = vra_pidfd_send_signal(descriptor, SIGTERM)
            _ = vra_pidfd_send_signal(descriptor, SIGCONT)
            descriptors.append(descriptor)
        }
        // A pidfd becomes readable when its process exits.
        let deadline = MonotonicClock.now() + max(0, grace)
        var waiting = descriptors
        while !waiting.isEmpty {
            let remaining = deadline - MonotonicClock.now()
            if remaining <= 0 { break }
            var polls = waiting.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), Int32(min(remaining, 3600) * 1000) + 1)
            if ready < 0, errno != EINTR { break }
            waiting = zip(waiting, polls).filter { $0.1.revents == 0 }.map(\.0)
        }
        for descriptor in waiting { _ = vra_pidfd_send_signal(descriptor, SIGKILL) }
        descriptors.forEach { close($0) }
    }

    /// The state letter, parent pid and start time (clock ticks after boot) from
    /// `/proc/PID/stat`. Parsed from the raw bytes in a stack buffer: this runs for every
    /// process on the machine after each run, so it allocates nothing.
    static func statFields(of pid: pid_t) -> (state: Character, parent: pid_t, startTime: UInt64)? {
        var path: [CChar] = Array("/proc/\(pid)/stat".utf8CString)
        let descriptor = open(&path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { buffer in
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            guard count > 0 else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<count])
            // The command (field 2) is in parentheses and may contain anything: fields
            // start after the last ')'. Then: state (3), ppid (4), ..., starttime (22).
            guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
            var field = 2
            var state: UInt8 = 0
            var parent: UInt64 = 0
            var startTime: UInt64 = 0
            for byte in bytes[(close + 1)...] {
                if byte == UInt8(ascii: " ") { field += 1; continue }
                switch field {
                case 3: state = byte
                case 4: parent = parent &* 10 &+ UInt64(byte &- 48)
                case 22: startTime = startTime &* 10 &+ UInt64(byte &- 48)
                default: break
                }
                if field > 22 { break }
            }
            guard field >= 22, state != 0 else { return nil }
            return (Character(Unicode.Scalar(state)), pid_t(truncatingIfNeeded: parent), startTime)
        }
    }

    /// The job id in the process's `RUN_ALL_JOB` marker when the marker is from this run.
    static func markedJob(of pid: pid_t, runnerPID: pid_t) -> String? {
        guard let environment = try? FileContents.read("/proc/\(pid)/environ", limit: 4 << 20) else { return nil }
        let prefix = Array("\(markerVariable)=\(runnerPID):".utf8)
        for entry in environment.split(separator: 0, omittingEmptySubsequences: true) where entry.starts(with: prefix) {
            return String(decoding: entry.dropFirst(prefix.count), as: UTF8.self)
        }
        return nil
    }

    static func commandLine(of pid: pid_t) -> String {
        let data = (try? FileContents.read("/proc/\(pid)/cmdline", limit: 64 << 10)) ?? []
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let line = words.joined(separator: " ")
        let printable = String(String.UnicodeScalarView(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        return printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
    }
}

public import Foundation
import Glibc

/// Reaps every child of this process on one dedicated thread and resumes the tasks waiting
/// for them, so no task of Swift's cooperative pool ever blocks in `waitpid`.
///
/// The reaper first observes an exit with `waitid(WNOWAIT)`, which leaves the child a zombie:
/// while it is a zombie its pid (and so its process group id) cannot be reused, so the reaper
/// can safely SIGKILL whatever is left in the job's process group (background grandchildren)
/// before it collects the status and resource usage with `wait4`. `signalGroup` takes the same
/// lock and only signals groups whose leader has not been collected, for the same reason.
///
/// It reaps *all* children (`P_ALL`): every child of our tools is started through
/// `ProcessSpawner`, which registers it here.
public final class ChildReaper: @unchecked Sendable {
    // @unchecked: every mutable field below is only touched while `condition` is locked.
    /// The one reaper of this process.
    public static let shared = ChildReaper()

    private let condition = NSCondition()
    private var started = false
    private var liveChildren = 0
    private var running: [pid_t: (serial: UInt64, spawnTime: Double, killGroupOnExit: Bool)] = [:]
    private var nextSerial: UInt64 = 0
    private var waiters: [pid_t: CheckedContinuation<ProcessOutcome, Never>] = [:]
    private var finished: [pid_t: ProcessOutcome] = [:]

    private init() {}

    /// Runs `spawn` (which must start exactly one child in its own process group and return its
    /// pid) while holding the reaper's lock, and registers the child. With `killGroupOnExit`
    /// (the default) whatever the child leaves running in its process group is killed when it
    /// exits; the verifier turns this off for targets, to observe what they leave behind.
    public func register(killGroupOnExit: Bool = true, _ spawn: () throws(RunAllError) -> pid_t) throws(RunAllError) -> pid_t {
        condition.lock()
        defer { condition.unlock() }
        startThreadIfNeeded()
        let pid = try spawn()
        nextSerial += 1
        running[pid] = (nextSerial, MonotonicClock.now(), killGroupOnExit)
        liveChildren += 1
        condition.signal()
        return pid
    }

    /// Waits (asynchronously) until `pid` has exited and been reaped.
    public func outcome(of pid: pid_t) async -> ProcessOutcome {
        await withCheckedContinuation { continuation in
            condition.lock()
            if let outcome = finished.removeValue(forKey: pid) {
                condition.unlock()
                continuation.resume(returning: outcome)
            } else {
                waiters[pid] = continuation
                condition.unlock()
            }
        }
    }

    /// Sends `signal` to the process group led by `pid` if that leader has not been reaped yet
    /// (and, when `serial` is given, is still the same child: pids are reused, pid_max can be
    /// as small as 32768). Returns false when the job is already gone.
    @discardableResult
    public func signalGroup(_ pid: pid_t, _ signal: Int32, serial: UInt64? = nil) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let entry = running[pid], serial == nil || entry.serial == serial else { return false }
        return kill(-pid, signal) == 0
    }

    /// A number that identifies this child among all children ever registered, or nil when
    /// `pid` is not running.
    public func serial(of pid: pid_t) -> UInt64? {
        condition.lock()
        defer { condition.unlock() }
        return running[pid]?.serial
    }

    /// Whether `pid` is a registered child that has not been reaped.
    public func isRunning(_ pid: pid_t) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return running[pid] != nil
    }

    /// Pids of all children not reaped yet.
    public var runningPids: [pid_t] {
        condition.lock()
        defer { condition.unlock() }
        return Array(running.keys)
    }

    private func startThreadIfNeeded() {
        guard !started else { return }
        started = true
        let thread = Thread { [self] in reapLoop() }
        thread.name = "child-reaper"
        thread.start()
    }

    private func reapLoop() {
        while true {
            condition.lock()
            while liveChildren == 0 { condition.wait() }
            condition.unlock()

            var info = siginfo_t()
            if waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) != 0 {
                if errno == ECHILD {
                    // Children we did not count may have been reaped elsewhere; resynchronise.
                    condition.lock()
                    if running.isEmpty { liveChildren = 0 }
                    condition.unlock()
                    usleep(1000)
                }
                continue
            }
            let pid = info._sifields._sigchld.si_pid
            condition.lock()
            let entry = running.removeValue(forKey: pid)
            let spawnTime = entry?.spawnTime
            if entry?.killGroupOnExit == true {
                // The leader is a zombie: its group id cannot be reused yet, so this reaches
                // only the job's own leftovers.
                kill(-pid, SIGKILL)
            }
            condition.unlock()

            var status: Int32 = 0
            var usage = rusage()
            var reaped: pid_t
            repeat { reaped = wait4(pid, &status, 0, &usage) } while reaped == -1 && errno == EINTR
            let end = MonotonicClock.now()
            guard let spawnTime else { continue }   // not one of ours

            let outcome = ProcessOutcome(
                exitCode: Self.exited(status) ? Self.exitStatus(status) : nil,
                signal: Self.exited(status) ? nil : Self.termSignal(status),
                wallSeconds: end - spawnTime,
                userCPUSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                systemCPUSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                peakRSSBytes: usage.ru_maxrss * 1024
            )
            condition.lock()
            liveChildren -= 1
            let waiter = waiters.removeValue(forKey: pid)
            if waiter == nil { finished[pid] = outcome }
            condition.unlock()
            waiter?.resume(returning: outcome)
        }
    }

    // The W* macros are not imported into Swift.
    static func exited(_ status: Int32) -> Bool { status & 0x7f == 0 }
    static func exitStatus(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
    static func termSignal(_ status: Int32) -> Int32 { status & 0x7f }
}

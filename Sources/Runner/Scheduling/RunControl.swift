import Dispatch
public import Foundation
import Glibc

/// The shared stop switch of a run: which job process groups are running, and the interrupt
/// sequence (TERM to every group, KILL after the grace period) expressed once for all of them.
public final class RunControl: @unchecked Sendable {
    // @unchecked: `interrupted`, `interruptCount` and `tracked` are only used under `lock`.
    private let lock = NSLock()
    private var interrupted = false
    private var interruptCount = 0
    private var tracked: Set<pid_t> = []
    /// Seconds between TERM and KILL.
    public let grace: Double

    public init(grace: Double) {
        self.grace = grace
    }

    /// Whether the run has been interrupted (no new job may start).
    public var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }

    /// Records a started job. If the run was interrupted meanwhile, the job is stopped at once.
    public func track(_ pid: pid_t) {
        lock.lock()
        tracked.insert(pid)
        let stopNow = interrupted
        lock.unlock()
        if stopNow { Self.terminate(pid, grace: grace) }
    }

    /// Forgets a job that has been reaped.
    public func untrack(_ pid: pid_t) {
        lock.lock()
        tracked.remove(pid)
        lock.unlock()
    }

    /// Stops the run: TERM to every running job's process group, KILL after the grace period.
    /// A second interrupt kills at once.
    public func interrupt() {
        lock.lock()
        interrupted = true
        interruptCount += 1
        let pids = tracked
        let immediate = interruptCount > 1
        lock.unlock()
        for pid in pids {
            if immediate {
                ChildReaper.shared.signalGroup(pid, SIGKILL)
            } else {
                Self.terminate(pid, grace: grace)
            }
        }
    }

    /// TERM to the group of `pid`, then KILL after `grace` seconds if it is still there.
    public static func terminate(_ pid: pid_t, grace: Double) {
        guard let serial = ChildReaper.shared.serial(of: pid),
              ChildReaper.shared.signalGroup(pid, SIGTERM, serial: serial) else { return }
        // SIGCONT so that a stopped job sees the TERM.
        ChildReaper.shared.signalGroup(pid, SIGCONT, serial: serial)
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, grace)) {
            ChildReaper.shared.signalGroup(pid, SIGKILL, serial: serial)
        }
    }
}

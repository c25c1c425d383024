import Dispatch
import Foundation
import Glibc

/// Stops a child's process group when its time is up (TERM, then KILL after the grace
/// period, through `RunControl.terminate`); `finish` says whether it fired. Runs on a dispatch
/// timer, never on the cooperative pool. Used for job timeouts and for target commands.
public final class TimeoutTimer: @unchecked Sendable {
    // @unchecked: `fired` is only accessed under `lock`; `workItem` is set once in init.
    private let lock = NSLock()
    private var fired = false
    private var workItem: DispatchWorkItem?

    /// Arms the timer for `seconds` (nil: never fires).
    public init(seconds: Double?, pid: Int32, grace: Double) {
        guard let seconds else { return }
        let item = DispatchWorkItem { [self] in
            lock.lock()
            fired = true
            lock.unlock()
            RunControl.terminate(pid, grace: grace)
        }
        workItem = item
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
    }

    /// Disarms the timer; true when it had already fired.
    public func finish() -> Bool {
        workItem?.cancel()
        lock.lock()
        defer { lock.unlock() }
        return fired
    }
}

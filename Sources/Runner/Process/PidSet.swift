import Foundation

/// A lock-protected set of pids that can be closed to new members.
public final class PidSet: @unchecked Sendable {
    // @unchecked: `pids` and `closed` are only used under `lock`.
    private let lock = NSLock()
    private var pids: Set<Int32> = []
    private var closed = false

    public init() {}

    /// Adds `pid`; false (and not added) when the set was closed.
    @discardableResult
    public func insert(_ pid: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return false }
        pids.insert(pid)
        return true
    }

    public func remove(_ pid: Int32) { lock.lock(); pids.remove(pid); lock.unlock() }
    public var all: [Int32] { lock.lock(); defer { lock.unlock() }; return Array(pids) }

    /// Refuses new members from now on and returns the current ones.
    public func close() -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        return Array(pids)
    }

    /// Whether `close` was called.
    public var isClosed: Bool { lock.lock(); defer { lock.unlock() }; return closed }
}

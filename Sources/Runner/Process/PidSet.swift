import Foundation

/// A lock-protected set of pids.
public final class PidSet: @unchecked Sendable {
    // @unchecked: `pids` is only used under `lock`.
    private let lock = NSLock()
    private var pids: Set<Int32> = []

    public init() {}

    public func insert(_ pid: Int32) { lock.lock(); pids.insert(pid); lock.unlock() }
    public func remove(_ pid: Int32) { lock.lock(); pids.remove(pid); lock.unlock() }
    public var all: [Int32] { lock.lock(); defer { lock.unlock() }; return Array(pids) }
}

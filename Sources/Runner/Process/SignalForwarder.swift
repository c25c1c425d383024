import CSpawn
import Foundation
import Glibc

/// Turns SIGINT, SIGTERM and SIGHUP into a callback instead of death, so the runner can stop
/// its jobs, write its summary and exit 130 (DESIGN §4).
///
/// The signals are caught with `sigaction` by a handler that writes one byte to a self-pipe;
/// a dedicated thread (never the cooperative pool) reads the pipe and calls the handlers. So
/// from the moment the first forwarder is created no signal is lost: an earlier version set
/// SIG_IGN and then created dispatch signal sources, which dropped every signal that arrived
/// before libdispatch had registered the source. Before the first forwarder exists the
/// default action applies (the process dies): both tools create it before they create any
/// file or start any process, so nothing can be left behind by a signal that early.
///
/// The disposition stays installed for the life of the process; a signal that arrives while
/// no forwarder is alive is recorded but calls nothing.
public final class SignalForwarder: @unchecked Sendable {
    // @unchecked: the only stored property is a constant.
    private let token: Int

    /// SIGINT, SIGTERM and SIGHUP: the signals that ask a run to stop.
    public static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Catches `signals` (once per process) and calls `handler` with the signal number each
    /// time one arrives, on the signal thread, until this instance is released.
    public init(signals: [Int32] = SignalForwarder.stopSignals, handler: @escaping @Sendable (Int32) -> Void) {
        token = SignalDispatch.shared.add(handler, signals: signals)
    }

    deinit { SignalDispatch.shared.remove(token) }
}

/// The process-wide half of `SignalForwarder`: the self-pipe, the reader thread, the handlers.
final class SignalDispatch: @unchecked Sendable {
    // @unchecked: `handlers`, `nextToken` and `caught` are only used under `lock`; the pipe
    // descriptors are constants.
    static let shared = SignalDispatch()

    private let lock = NSLock()
    private var handlers: [Int: @Sendable (Int32) -> Void] = [:]
    private var nextToken = 0
    private var caught: Set<Int32> = []
    private let readEnd: Int32
    private let writeEnd: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        // Non-blocking write end: the handler must never block. Blocking read end: the thread sleeps.
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        let thread = Thread { [self, readEnd] in
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    deliver(Int32(byte))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        thread.name = "signal-forwarder"
        thread.start()
    }

    func add(_ handler: @escaping @Sendable (Int32) -> Void, signals: [Int32]) -> Int {
        lock.lock()
        defer { lock.unlock() }
        for number in signals where !caught.contains(number) {
            if writeEnd >= 0, vra_catch_signal(number, writeEnd) == 0 { caught.insert(number) }
        }
        nextToken += 1
        handlers[nextToken] = handler
        return nextToken
    }

    func remove(_ token: Int) {
        lock.lock()
        handlers[token] = nil
        lock.unlock()
    }

    private func deliver(_ signal: Int32) {
        lock.lock()
        let current = Array(handlers.values)
        lock.unlock()
        for handler in current { handler(signal) }
    }
}

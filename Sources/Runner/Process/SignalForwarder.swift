import Dispatch
public import Glibc

/// Turns SIGINT and SIGTERM into a callback instead of death, so the runner can stop its jobs,
/// write its summary and exit 130 (DESIGN §4). Delivery happens on a private dispatch queue,
/// never on the cooperative pool.
public final class SignalForwarder: @unchecked Sendable {
    // @unchecked: `sources` is written once in init and only read afterwards.
    private let sources: [any DispatchSourceSignal]
    private let queue = DispatchQueue(label: "signal-forwarder")

    /// Ignores SIGINT/SIGTERM/SIGHUP for the default action and calls `handler` with the signal
    /// number each time one arrives. Keep the instance alive as long as the handler should run.
    public init(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], handler: @escaping @Sendable (Int32) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit { sources.forEach { $0.cancel() } }
}

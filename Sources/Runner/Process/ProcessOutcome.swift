/// How a child process ended, with the resource usage the kernel reported for it.
public struct ProcessOutcome: Sendable, Equatable, Codable {
    /// Exit status when the process exited normally.
    public var exitCode: Int32?
    /// The signal that killed it, when it did not exit normally.
    public var signal: Int32?
    /// Wall-clock seconds from spawn to exit (monotonic clock).
    public var wallSeconds: Double
    /// User CPU seconds (wait4 rusage: the process and its reaped descendants).
    public var userCPUSeconds: Double
    /// System CPU seconds (wait4 rusage).
    public var systemCPUSeconds: Double
    /// Peak resident set size in bytes as wait4 reports it (`ru_maxrss`). On Linux a child
    /// started by posix_spawn (vfork-style) inherits the parent's high-water mark, so a tiny
    /// job reports at least the runner's own size; see docs/ARCHITECTURE.md.
    public var peakRSSBytes: Int

    public init(exitCode: Int32?, signal: Int32?, wallSeconds: Double, userCPUSeconds: Double = 0,
                systemCPUSeconds: Double = 0, peakRSSBytes: Int = 0) {
        self.exitCode = exitCode
        self.signal = signal
        self.wallSeconds = wallSeconds
        self.userCPUSeconds = userCPUSeconds
        self.systemCPUSeconds = systemCPUSeconds
        self.peakRSSBytes = peakRSSBytes
    }

    /// True for exit status 0.
    public var succeeded: Bool { exitCode == 0 }

    /// A shell-style status: the exit code, or 128 + signal.
    public var shellStatus: Int32 { exitCode ?? (128 + (signal ?? 0)) }
}

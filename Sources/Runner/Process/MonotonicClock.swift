import Glibc

/// Seconds on CLOCK_MONOTONIC: immune to wall-clock jumps, comparable across threads.
public enum MonotonicClock {
    /// The current monotonic time in seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a file with ``AtomicFile`` failed; the destination was left unchanged.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The destination path that was being written.
    public var path: String
    /// The step that failed, such as `renaming /d/.f.tmp.1.ab to /d/f`.
    public var operation: String
    /// The `errno` value the system reported.
    public var errorNumber: Int32

    /// Creates an error for the step `operation` of writing `path`, which failed with `errorNumber`.
    public init(path: String, operation: String, errorNumber: Int32) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
    }

    /// The system's description of ``errorNumber`` (`strerror`).
    public var reason: String {
        String(cString: strerror(errorNumber))
    }

    /// One line: `cannot write PATH: STEP: REASON`.
    public var description: String {
        "cannot write \(path): \(operation): \(reason)"
    }
}

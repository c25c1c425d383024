import Glibc

/// Reads whole files that come from outside (catalogs, profiles, baselines, a target's JUnit
/// file and docs, discovered scripts) with a size limit, so `/dev/zero` or a runaway file
/// cannot exhaust memory, and optionally only when they are regular files, so a FIFO planted
/// where a file is expected cannot block us forever.
public enum FileContents {
    /// Why a file could not be read, in words for a one-line error.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Catalogs, profiles and baselines larger than this are refused.
    public static let configLimit = 64 << 20

    /// The bytes of `path`, at most `limit` of them (more is an error). With `regularOnly`,
    /// anything but a regular file is refused without blocking (a FIFO, a device); without
    /// it, a pipe such as bash's `<(...)` is read until its end.
    public static func read(_ path: String, limit: Int, regularOnly: Bool = false) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        let type = status.st_mode & S_IFMT
        if type == S_IFDIR { throw ReadError(reason: "is a directory") }
        if regularOnly, type != S_IFREG { throw ReadError(reason: "not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(limit + 1, 1 << 14))
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            if bytes.count + count > limit { throw ReadError(reason: "larger than \(limit >> 20) MiB") }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// `read` as text (invalid UTF-8 repaired), or nil when the file cannot be read.
    public static func text(_ path: String, limit: Int, regularOnly: Bool = true) -> String? {
        guard let bytes = try? read(path, limit: limit, regularOnly: regularOnly) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

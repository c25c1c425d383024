#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old content or the complete new content,
/// never a half-written file, and never write through a symbolic link planted at the path.
///
/// The bytes go to a new temporary file in the destination's directory
/// (`.NAME.tmp.<pid>.<random>`, created with `O_EXCL | O_NOFOLLOW`, mode 0644 set with
/// `fchmod` so the process umask does not matter), are written in full and `fsync`ed, and the
/// temporary file is then `rename`d over the destination. `rename` replaces a symbolic link at
/// the destination rather than following it, so the link's target is never touched. On any
/// failure the temporary file is removed and the destination is left as it was.
/// After the rename the directory is `fsync`ed too (best effort) so the new name survives a
/// crash.
public enum AtomicFile {
    /// The permissions of every file written: `rw-r--r--`.
    private static let mode: mode_t = 0o644

    /// Atomically replaces the file at `path` with `bytes`.
    ///
    /// - Throws: ``AtomicFileError`` naming the path, the step that failed and the system's
    ///   reason; the destination is then unchanged and no temporary file is left behind.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(AtomicFileError) {
        let result: Result<Void, AtomicFileError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(AtomicFileError) in try write(buffer: UnsafeRawBufferPointer(buffer), to: path) }
        }
        if let result {
            try result.get()
        } else {
            try Array(bytes).withUnsafeBytes { buffer in
                Result { () throws(AtomicFileError) in try write(buffer: buffer, to: path) }
            }.get()
        }
    }

    /// Atomically replaces the file at `path` with the UTF-8 encoding of `string`.
    ///
    /// - Throws: ``AtomicFileError``, as for the byte-collection overload.
    public static func write(_ string: String, to path: String) throws(AtomicFileError) {
        try write(string.utf8, to: path)
    }

    /// A complete temporary file beside its destination, not yet renamed into place.
    ///
    /// Several files can be staged first and committed together: if anything fails (or the
    /// run is interrupted) before the commit, `discard` removes the temporary files and every
    /// destination keeps its old content. A staged file that is neither committed nor
    /// discarded stays as a hidden `.NAME.tmp.*` file, so callers do one or the other.
    public struct Staged: Sendable {
        /// The destination.
        public let path: String
        let temporaryPath: String
        let directory: String

        /// Renames the temporary file over the destination.
        public func commit() throws(AtomicFileError) {
            if rename(temporaryPath, path) != 0 {
                let errorNumber = errno
                unlink(temporaryPath)
                throw AtomicFileError(path: path, operation: "renaming \(temporaryPath) to \(path)", errorNumber: errorNumber)
            }
            syncDirectory(directory)
        }

        /// Removes the temporary file; the destination is untouched.
        public func discard() {
            unlink(temporaryPath)
        }
    }

    /// Writes `bytes` completely into a new temporary file beside `path` and returns it,
    /// staged for `commit()`.
    public static func stage(_ bytes: some Collection<UInt8>, to path: String) throws(AtomicFileError) -> Staged {
        let result: Result<Staged, AtomicFileError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(AtomicFileError) in try stage(buffer: UnsafeRawBufferPointer(buffer), to: path) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(AtomicFileError) in try stage(buffer: buffer, to: path) }
        }.get()
    }

    /// `stage` for the UTF-8 encoding of `string`.
    public static func stage(_ string: String, to path: String) throws(AtomicFileError) -> Staged {
        try stage(string.utf8, to: path)
    }

    /// Stages every `(bytes, path)` pair, then commits them all; when a staging step fails,
    /// the files staged so far are discarded and no destination changes. `shouldCommit` is
    /// asked once everything is staged: false discards everything (an interrupted run).
    /// Returns whether the files were committed.
    @discardableResult
    public static func writeAll(_ files: [(bytes: [UInt8], path: String)], shouldCommit: () -> Bool = { true }) throws(AtomicFileError) -> Bool {
        var staged: [Staged] = []
        for file in files {
            do { staged.append(try stage(file.bytes, to: file.path)) } catch {
                staged.forEach { $0.discard() }
                throw error
            }
        }
        guard shouldCommit() else {
            staged.forEach { $0.discard() }
            return false
        }
        for (index, file) in staged.enumerated() {
            do { try file.commit() } catch {
                staged[(index + 1)...].forEach { $0.discard() }
                throw error
            }
        }
        return true
    }

    private static func write(buffer: UnsafeRawBufferPointer, to path: String) throws(AtomicFileError) {
        try stage(buffer: buffer, to: path).commit()
    }

    private static func stage(buffer: UnsafeRawBufferPointer, to path: String) throws(AtomicFileError) -> Staged {
        let (directory, name) = try split(path)
        var descriptor: Int32 = -1
        var temporaryPath = ""
        for _ in 0..<16 {
            let random = String(UInt64.random(in: .min ... .max), radix: 16)
            temporaryPath = "\(directory)/.\(name).tmp.\(getpid()).\(random)"
            descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else {
            throw AtomicFileError(path: path, operation: "creating a temporary file in \(directory)", errorNumber: errno)
        }

        // From here on, every failure closes and removes the temporary file.
        func fail(_ operation: String, _ errorNumber: Int32) -> AtomicFileError {
            if descriptor >= 0 {
                close(descriptor)
                descriptor = -1
            }
            unlink(temporaryPath)
            return AtomicFileError(path: path, operation: operation, errorNumber: errorNumber)
        }

        if fchmod(descriptor, mode) != 0 {
            throw fail("setting the mode of \(temporaryPath)", errno)
        }
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw fail("writing \(temporaryPath)", errno)
            }
            if written == 0 {
                // write(2) of a non-zero count returning 0 would loop forever: report it.
                throw fail("writing \(temporaryPath)", EIO)
            }
            offset += written
        }
        if fsync(descriptor) != 0 {
            throw fail("flushing \(temporaryPath) to disk", errno)
        }
        // Linux releases the descriptor even when close fails (also on EINTR): never retry.
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 {
            throw fail("closing \(temporaryPath)", errno)
        }
        return Staged(path: path, temporaryPath: temporaryPath, directory: directory)
    }

    /// write(2); named apart because `write` here means this type's own methods.
    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// Splits `path` into its directory (`.` when there is none) and file name.
    private static func split(_ path: String) throws(AtomicFileError) -> (directory: String, name: String) {
        guard !path.isEmpty else {
            throw AtomicFileError(path: path, operation: "checking the path (it is empty)", errorNumber: ENOENT)
        }
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        guard !name.isEmpty, name != ".", name != ".." else {
            throw AtomicFileError(path: path, operation: "checking the path (it names no file)", errorNumber: EISDIR)
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, name)
    }

    /// Makes the rename durable. Best effort: the file is already complete and in place, so a
    /// failure here (a file system without directory fsync) is not reported.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

import Glibc

/// Opens the files that jobs write into (per-job logs, the joblog) so that nothing planted in
/// the logs directory can redirect the writes: a symbolic link is never followed, and a file
/// with other hard links (possibly a hard link to some file elsewhere) is never truncated or
/// appended to.
enum LogFile {
    /// Why a log file could not be opened.
    struct OpenError: Error {
        /// The system's reason, e.g. `Permission denied`.
        var reason: String
    }

    /// The permissions of every log file: `rw-r--r--` whatever the umask.
    static let mode: mode_t = 0o644

    /// `path` open for writing and empty: created when missing, truncated when it is a
    /// regular file with a single link. A symbolic link (`O_NOFOLLOW`) and a regular file
    /// with other hard links are refused, not written through; nothing is ever unlinked. A
    /// character device (`/dev/null`) is accepted as it is.
    static func create(_ path: String) throws(OpenError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw OpenError(reason: errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw OpenError(reason: reason)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG where status.st_nlink <= 1:
            guard ftruncate(descriptor, 0) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw OpenError(reason: reason)
            }
            if status.st_uid == geteuid() { _ = fchmod(descriptor, mode) }
            return descriptor
        case S_IFCHR:
            return descriptor
        case S_IFREG:
            close(descriptor)
            throw OpenError(reason: "it has other hard links (refusing to write through them)")
        default:
            close(descriptor)
            throw OpenError(reason: "not a regular file")
        }
    }

    /// `path` open for appending (a retry's output goes after the first attempt's). Refuses a
    /// symbolic link, anything but a regular file, and a file with more than one link; creates
    /// the file when it is missing.
    static func openForAppend(_ path: String) throws(OpenError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return try create(path) }
            throw OpenError(reason: errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              status.st_mode & S_IFMT == S_IFCHR || (status.st_mode & S_IFMT == S_IFREG && status.st_nlink == 1) else {
            close(descriptor)
            throw OpenError(reason: "not a regular file with a single link (refusing to write through it)")
        }
        return descriptor
    }
}

import Glibc

/// Writing whole buffers to a file descriptor (retrying short writes and EINTR).
public enum FileDescriptorOutput {
    /// Writes all of `bytes` to `fd`; returns false (with `errno` set) when a write fails.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

/// Unbuffered line output on stdout/stderr (ordering with children's output must hold).
public enum Console {
    /// Writes `text` and a newline to stdout.
    public static func out(_ text: String, newline: Bool = true) { write(1, newline ? text + "\n" : text) }
    /// Writes `text` and a newline to stderr.
    public static func err(_ text: String, newline: Bool = true) { write(2, newline ? text + "\n" : text) }

    private static func write(_ fd: Int32, _ text: String) {
        FileDescriptorOutput.writeAll(fd, Array(text.utf8))
    }
}

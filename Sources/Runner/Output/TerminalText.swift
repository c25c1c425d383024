/// Text as a terminal shows it.
public enum TerminalText {
    /// Removes ANSI escape sequences (colours, cursor movement).
    public static func stripANSI(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { result.unicodeScalars.append(scalar); continue }
            guard let next = scalars.next() else { break }
            if next == "[" {
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
            } else if next == "]" {
                while let c = scalars.next(), c != "\u{07}", c != "\u{1B}" {}
            }
        }
        return result
    }
}

/// Why a configuration document (JSON or YAML) could not be turned into a `ConfigValue`,
/// and where in the text the problem was found.
///
/// Both `JSONConfigParser` and `YAMLParser` throw this one type, so a catalog loader reports
/// syntax errors the same way whatever the file format was.
public struct ConfigParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong, in words a user can act on (`found duplicate key "id"`).
    public var message: String
    /// The 1-based line of the problem, when it is known.
    public var line: Int?
    /// The 1-based column (counted in Unicode scalars, not bytes) of the problem, when known.
    public var column: Int?

    /// Creates an error with `message` at the 1-based `line` and `column`, when known.
    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// Creates an error at byte `byteOffset` of UTF-8 `text`, working out the line and column
    /// (the column counts Unicode scalars, so it matches what an editor shows for non-ASCII
    /// text). Parsers call this only when failing, so they need not track lines as they go.
    init(_ message: String, byteOffset: Int, in text: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        for byte in text[..<min(byteOffset, text.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character starts here.
                column += 1
            }
        }
        self.init(message, line: line, column: column)
    }

    /// One line: `line 3, column 5: found duplicate key "id"` (the position part is left out
    /// when it is unknown). Line breaks in the message are replaced, so the text can be
    /// printed as one line of stderr whatever the input contained.
    public var description: String {
        let oneLineMessage = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        switch (line, column) {
        case let (line?, column?): return "line \(line), column \(column): \(oneLineMessage)"
        case let (line?, nil): return "line \(line): \(oneLineMessage)"
        default: return oneLineMessage
        }
    }

    /// `text` quoted for an error message: control characters escaped (so the message stays on
    /// one line) and cut to a readable length (a hostile input may have a 10 MB key).
    static func quoted(_ text: String, maxCharacters: Int = 64) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maxCharacters {
                result += "…"
                break
            }
            result += scalar.escaped(asASCII: false)
            count += 1
        }
        return result + "\""
    }
}

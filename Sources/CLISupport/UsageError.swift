/// A command-line usage error: printed as one line on stderr, exit status 2.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = Self.oneLine(message)
    }

    /// The longest message kept, in characters; longer ones are cut with `…`.
    public static let maxLength = 1000

    /// `text` as one bounded line that is safe to print on a terminal: line breaks become
    /// spaces, other control characters (ESC, NUL, C1) are written as `\u{1B}`-style escapes,
    /// and anything past `maxLength` characters is cut. Error messages quote user input (ids,
    /// paths, flags), which can contain anything.
    public static func oneLine(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maxLength {
                result += "…"
                break
            }
            let value = scalar.value
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\u{85}" {
                result += " "
            } else if value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(value) {
                result += scalar.escaped(asASCII: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    public var description: String { message }
}

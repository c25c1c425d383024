/// A strict RFC 8259 JSON parser producing `ConfigValue`.
///
/// Written by hand rather than on `JSONSerialization` because a catalog needs what that API
/// does not give: duplicate keys rejected, object keys in document order, integers kept apart
/// from doubles, errors that carry a line and column, and no crash or blow-up on hostile input.
///
/// * Input is UTF-8; a leading byte-order mark is skipped; any invalid UTF-8 is an error.
/// * Strings: all RFC escapes including `\uXXXX` surrogate pairs; a lone surrogate, an unknown
///   escape or an unescaped control character is an error.
/// * Numbers follow the RFC grammar exactly (no `+1`, `01`, `.5`, `1.`, `NaN`). A number written
///   without fraction or exponent that fits in `Int` becomes `.int`; every other number becomes
///   `.double` (so `30.0` is a double and `1e2` is `100.0`). A number too large for `Double`
///   is an error rather than infinity.
/// * Nesting deeper than `maxDepth` arrays/objects is an error. The parser is iterative, so
///   hostile nesting cannot overflow the stack.
/// * Anything but whitespace after the top-level value is an error.
///
/// Time and memory are linear in the input size.
public enum JSONConfigParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 512

    /// Parses one JSON text.
    ///
    /// - Throws: `ConfigParseError` with the 1-based line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(ConfigParseError) -> ConfigValue {
        let result: Result<ConfigValue, ConfigParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(input: buffer)
            do throws(ConfigParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension JSONConfigParser {
    /// An array or object whose members are still being read. It is changed in place on the
    /// parser's stack, never copied out and back, so appending stays amortised O(1).
    private struct OpenContainer {
        var isObject: Bool
        var items: [ConfigValue] = []
        var members: [(key: String, value: ConfigValue)] = []
        /// The members' keys, for the duplicate check; only filled once the object is large
        /// enough that a linear search of `members` would cost more than hashing.
        var keys: Set<String> = []
        /// The key read, waiting for its value.
        var pendingKey = ""

        static let linearSearchLimit = 16

        /// Records the member whose key is `pendingKey`.
        mutating func addMember(_ value: ConfigValue) {
            members.append((key: pendingKey, value: value))
            if members.count > Self.linearSearchLimit {
                if keys.isEmpty { keys = Set(members.map(\.key)) } else { keys.insert(pendingKey) }
            }
        }

        func hasMember(_ key: String) -> Bool {
            members.count > Self.linearSearchLimit ? keys.contains(key) : members.contains { $0.key == key }
        }
    }

    /// The parser state over one input buffer, which outlives it (see `parse`).
    private struct Parser {
        let input: UnsafeBufferPointer<UInt8>
        var position = 0

        init(input: UnsafeBufferPointer<UInt8>) {
            self.input = input
        }

        // MARK: Document structure

        mutating func parseDocument() throws(ConfigParseError) -> ConfigValue {
            if input.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            skipWhitespace()
            guard position < input.count else { throw error("empty JSON document") }
            let value = try parseValue()
            skipWhitespace()
            guard position == input.count else {
                throw error("unexpected \(describeCharacter(at: position)) after the JSON value")
            }
            return value
        }

        /// Reads one value, nested containers included, with an explicit stack of open
        /// containers instead of recursion.
        mutating func parseValue() throws(ConfigParseError) -> ConfigValue {
            var stack: [OpenContainer] = []
            while true {
                // Read the start of a value: a scalar, or the opening of a container.
                skipWhitespace()
                guard position < input.count else { throw error("unexpected end of input, expected a value") }
                var completed: ConfigValue
                switch input[position] {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    guard stack.count < JSONConfigParser.maxDepth else {
                        throw error("arrays and objects nested deeper than \(JSONConfigParser.maxDepth) levels")
                    }
                    let isObject = input[position] == UInt8(ascii: "{")
                    position += 1
                    skipWhitespace()
                    if isObject {
                        if peek(UInt8(ascii: "}")) {
                            position += 1
                            completed = .object([])
                        } else {
                            let key = try parseMemberKey()
                            stack.append(OpenContainer(isObject: true, pendingKey: key))
                            continue
                        }
                    } else if peek(UInt8(ascii: "]")) {
                        position += 1
                        completed = .array([])
                    } else {
                        stack.append(OpenContainer(isObject: false))
                        continue
                    }
                default:
                    completed = try parseScalar()
                }

                // Hand the completed value to the innermost open container; close containers
                // as long as their closing bracket follows.
                while let top = stack.indices.last {
                    skipWhitespace()
                    if stack[top].isObject {
                        stack[top].addMember(completed)
                        if peek(UInt8(ascii: ",")) {
                            position += 1
                            skipWhitespace()
                            let keyStart = position
                            let nextKey = try parseMemberKey()
                            guard !stack[top].hasMember(nextKey) else {
                                throw error("found duplicate key \(ConfigParseError.quoted(nextKey))", at: keyStart)
                            }
                            stack[top].pendingKey = nextKey
                            break
                        } else if peek(UInt8(ascii: "}")) {
                            position += 1
                            completed = .object(stack.removeLast().members)
                        } else {
                            throw unexpected("',' or '}' after an object member")
                        }
                    } else {
                        stack[top].items.append(completed)
                        if peek(UInt8(ascii: ",")) {
                            position += 1
                            break
                        } else if peek(UInt8(ascii: "]")) {
                            position += 1
                            completed = .array(stack.removeLast().items)
                        } else {
                            throw unexpected("',' or ']' after an array element")
                        }
                    }
                }
                if stack.isEmpty { return completed }
            }
        }

        /// Reads `"key" :` (the position is at the opening quote), leaving the position at the
        /// start of the member's value.
        mutating func parseMemberKey() throws(ConfigParseError) -> String {
            guard peek(UInt8(ascii: "\"")) else { throw unexpected("a string key") }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw unexpected("':' after an object key") }
            position += 1
            return key
        }

        mutating func parseScalar() throws(ConfigParseError) -> ConfigValue {
            switch input[position] {
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            default: throw unexpected("a value")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(ConfigParseError) {
            let start = position
            let matches = literal.withUTF8Buffer { expected in
                input.count - start >= expected.count
                    && zip(expected, input[start..<start + expected.count]).allSatisfy { $0 == $1 }
            }
            guard matches else { throw error("invalid literal, expected \(literal)", at: start) }
            position += literal.utf8CodeUnitCount
            // `truex` is one bad token, not `true` followed by garbage.
            if position < input.count, isIdentifierByte(input[position]) {
                throw error("invalid literal, expected \(literal)", at: start)
            }
        }

        // MARK: Numbers

        mutating func parseNumber() throws(ConfigParseError) -> ConfigValue {
            let start = position
            var isIntegerLiteral = true
            if peek(UInt8(ascii: "-")) { position += 1 }
            // Integer part: 0, or a non-zero digit followed by digits.
            if peek(UInt8(ascii: "0")) {
                position += 1
                if position < input.count, isDigit(input[position]) {
                    throw error("invalid number: leading zeros are not allowed", at: start)
                }
            } else if position < input.count, isDigit(input[position]) {
                skipDigits()
            } else {
                throw error("invalid number: expected a digit after '-'", at: start)
            }
            if peek(UInt8(ascii: ".")) {
                isIntegerLiteral = false
                position += 1
                guard position < input.count, isDigit(input[position]) else {
                    throw error("invalid number: expected a digit after '.'", at: start)
                }
                skipDigits()
            }
            if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
                isIntegerLiteral = false
                position += 1
                if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { position += 1 }
                guard position < input.count, isDigit(input[position]) else {
                    throw error("invalid number: expected a digit in the exponent", at: start)
                }
                skipDigits()
            }
            if position < input.count, isIdentifierByte(input[position]) || input[position] == UInt8(ascii: ".") {
                throw error("invalid number", at: start)
            }
            let digits = UnsafeBufferPointer(rebasing: input[start..<position])
            if isIntegerLiteral, let value = Self.integerValue(digits) {
                return .int(value)
            }
            // The text matched the RFC grammar, which Double's parser accepts.
            let text = String(decoding: digits, as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw error("number \(ConfigParseError.quoted(text)) is out of range", at: start)
            }
            return .double(value)
        }

        /// The value of an optionally negative run of decimal digits, or nil if it overflows Int.
        static func integerValue(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
            let isNegative = text.first == UInt8(ascii: "-")
            var value = 0
            // Accumulate negatively so that Int.min is representable.
            for byte in text.dropFirst(isNegative ? 1 : 0) {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.subtractingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                if overflow1 || overflow2 { return nil }
                value = next
            }
            if isNegative { return value }
            return value == .min ? nil : -value
        }

        mutating func skipDigits() {
            while position < input.count, isDigit(input[position]) { position += 1 }
        }

        // MARK: Strings

        /// Reads a string literal (the position is at the opening quote).
        mutating func parseString() throws(ConfigParseError) -> String {
            position += 1
            var runStart = position
            // Only allocated once an escape is met; plain strings are decoded in one piece.
            var unescaped: [UInt8]? = nil
            while position < input.count {
                let byte = input[position]
                if byte == UInt8(ascii: "\"") {
                    let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                    position += 1
                    guard var bytes = unescaped else { return String(decoding: run, as: UTF8.self) }
                    bytes.append(contentsOf: run)
                    return String(decoding: bytes, as: UTF8.self)
                } else if byte == UInt8(ascii: "\\") {
                    if unescaped == nil { unescaped = [] }
                    unescaped!.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                    try parseEscape(into: &unescaped!)
                    runStart = position
                } else if byte < 0x20 {
                    throw error("unescaped control character U+\(hex4(UInt32(byte))) in string")
                } else if byte < 0x80 {
                    position += 1
                } else {
                    guard let length = validUTF8SequenceLength(at: position) else {
                        throw error("invalid UTF-8 byte 0x\(hex2(byte)) in string")
                    }
                    position += length
                }
            }
            throw error("unterminated string")
        }

        /// Reads one escape sequence (the position is at the backslash) and appends its UTF-8.
        mutating func parseEscape(into bytes: inout [UInt8]) throws(ConfigParseError) {
            let start = position
            position += 1
            guard position < input.count else { throw error("unterminated string") }
            let code = input[position]
            position += 1
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(code)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                let first = try parseHex4(escapeStart: start)
                var scalarValue = first
                switch first {
                case 0xD800...0xDBFF:
                    // A high surrogate must be followed by a `\u` low surrogate.
                    let lowStart = position
                    guard position + 1 < input.count, input[position] == UInt8(ascii: "\\"),
                        input[position + 1] == UInt8(ascii: "u")
                    else { throw error("unpaired surrogate \\u\(hex4(first)) in string", at: start) }
                    position += 2
                    let second = try parseHex4(escapeStart: lowStart)
                    guard (0xDC00...0xDFFF).contains(second) else {
                        throw error("unpaired surrogate \\u\(hex4(first)) in string", at: start)
                    }
                    scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                case 0xDC00...0xDFFF:
                    throw error("unpaired surrogate \\u\(hex4(first)) in string", at: start)
                default:
                    break
                }
                // Not a surrogate any more, so always a valid scalar.
                let scalar = Unicode.Scalar(scalarValue)!
                bytes.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw error("invalid escape sequence in string", at: start)
            }
        }

        mutating func parseHex4(escapeStart: Int) throws(ConfigParseError) -> UInt32 {
            guard input.count - position >= 4 else { throw error("invalid \\u escape in string", at: escapeStart) }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = input[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("invalid \\u escape in string", at: escapeStart)
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        /// The length of the well-formed UTF-8 sequence starting at `offset` (Unicode table
        /// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
        func validUTF8SequenceLength(at offset: Int) -> Int? {
            let lead = input[offset]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: return 1
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return nil
            }
            guard input.count - offset >= length, secondRange.contains(input[offset + 1]) else { return nil }
            for index in offset + 2..<offset + length where !(0x80...0xBF).contains(input[index]) {
                return nil
            }
            return length
        }

        // MARK: Lexical helpers

        mutating func skipWhitespace() {
            while position < input.count {
                switch input[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        func peek(_ byte: UInt8) -> Bool {
            position < input.count && input[position] == byte
        }

        func isDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }

        /// Bytes that would continue a bare word (`truex`, `12abc`).
        func isIdentifierByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80...:
                return true
            default:
                return false
            }
        }

        // MARK: Errors

        /// An error for the character at the current position, which is not what `expected`.
        func unexpected(_ expected: String) -> ConfigParseError {
            guard position < input.count else { return error("unexpected end of input, expected \(expected)") }
            return error("unexpected \(describeCharacter(at: position)), expected \(expected)")
        }

        /// The character at `offset` for an error message: `'x'`, `U+00E9 'é'`, or the byte
        /// when it does not start valid UTF-8.
        func describeCharacter(at offset: Int) -> String {
            let byte = input[offset]
            guard byte >= 0x80 else {
                if byte < 0x20 || byte == 0x7F { return "control character U+\(hex4(UInt32(byte)))" }
                return "character '\(Character(Unicode.Scalar(byte)))'"
            }
            guard let length = validUTF8SequenceLength(at: offset) else { return "invalid UTF-8 byte 0x\(hex2(byte))" }
            let character = String(
                decoding: UnsafeBufferPointer(rebasing: input[offset..<offset + length]), as: UTF8.self)
            let scalar = character.unicodeScalars.first!
            return "character U+\(hex4(scalar.value)) '\(character)'"
        }

        func error(_ message: String) -> ConfigParseError {
            error(message, at: position)
        }

        /// An error located at byte `offset`; the line and column are only worked out here,
        /// so the parsing loops do not pay for tracking them.
        func error(_ message: String, at offset: Int) -> ConfigParseError {
            ConfigParseError(message, byteOffset: offset, in: input)
        }

        func hex2(_ byte: UInt8) -> String {
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }

        func hex4(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}

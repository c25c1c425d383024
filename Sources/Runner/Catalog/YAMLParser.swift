import CYAML

/// Parses a YAML catalog into a `ConfigValue`, using libyaml's event API.
///
/// The result has the same shape `JSONConfigParser` produces, so one catalog validation serves
/// both formats. What it accepts:
///
/// * Exactly one document. An empty stream (nothing, or only comments) and a stream with a second
///   document are errors.
/// * Mappings become `.object` with keys in document order. Keys must be scalars and are taken
///   as their text (`1: x` and `"1": x` both have the key `"1"`, and so collide); a repeated key
///   is an error naming the key and both lines. YAML 1.1 merge keys (`<<: *base`) are not
///   expanded: `<<` is an ordinary key, which the catalog schema then rejects.
/// * Sequences become `.array`.
/// * Quoted (single or double), literal (`|`) and folded (`>`) scalars are always `.string`.
///   Plain scalars are resolved by the YAML 1.2 core schema, not YAML 1.1:
///   `null`/`Null`/`NULL`/`~`/empty → `.null`; `true`/`True`/`TRUE`/`false`/`False`/`FALSE` →
///   `.bool`; decimal integers with an optional sign, `0x` hex and `0o` octal → `.int` when they
///   fit in `Int`, else `.double`; `1.5`, `-2e3`, `.5`, `.inf`, `-.inf`, `.nan` → `.double`;
///   everything else → `.string`. In particular `yes`, `no`, `on`, `off`, `y`, `n` stay
///   strings: the YAML 1.1 booleans turn country codes and answers into `false` (the "Norway
///   problem"), and JSON has no such words either.
/// * The explicit tags `!`, `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq`
///   are honoured (`!!str 123` is a string); any other tag is an error.
/// * Anchors and aliases (`&a` / `*a`) are resolved by copying the anchored value. An alias to
///   an unknown anchor is an error. To stop "billion laughs" alias bombs, the document may
///   expand to at most `maxNodes` nodes in total, aliases counted at their expanded size.
/// * Collections nested deeper than `maxDepth` (aliases counted at their expanded depth) are an
///   error. The composer keeps an explicit stack, so no input can overflow the call stack.
/// * libyaml's own errors (bad syntax, invalid UTF-8) keep libyaml's problem text and position.
///
/// Every position in an error is 1-based.
public enum YAMLParser {
    /// The deepest nesting of mappings and sequences accepted.
    public static let maxDepth = 512
    /// The most nodes (scalars, mappings, sequences; aliases at their expanded size) a document
    /// may expand to.
    public static let maxNodes = 1_000_000

    /// Parses one YAML document.
    ///
    /// - Throws: `ConfigParseError` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(ConfigParseError) -> ConfigValue {
        let result: Result<ConfigValue, ConfigParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(ConfigParseError) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(_ input: UnsafeBufferPointer<UInt8>) throws(ConfigParseError) -> ConfigValue {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw ConfigParseError("could not initialise the YAML parser (out of memory)")
        }
        defer { yaml_parser_delete(parser) }

        // libyaml asserts on a null input pointer, which an empty array's buffer may have.
        guard let start = input.baseAddress, !input.isEmpty else {
            throw ConfigParseError("empty YAML document", line: 1, column: 1)
        }
        yaml_parser_set_input_string(parser, start, input.count)

        var composer = Composer()
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else {
                throw libyamlError(parser.pointee, input: input)
            }
            // Every event is freed whatever the composer makes of it.
            defer { yaml_event_delete(&event) }
            if let document = try composer.handle(event) {
                return document
            }
        }
    }

    /// libyaml's description of why parsing stopped.
    private static func libyamlError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> ConfigParseError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return ConfigParseError("out of memory while parsing YAML")
        case YAML_READER_ERROR:
            // The reader (encoding) errors carry a byte offset, not a mark.
            let value =
                parser.problem_value == -1 ? "" : " (0x\(String(parser.problem_value, radix: 16, uppercase: true)))"
            return ConfigParseError(problem + value, byteOffset: parser.problem_offset, in: input)
        default:
            var message = problem
            if let context = parser.context {
                let start = Position(parser.context_mark)
                message += " (\(String(cString: context)) at line \(start.line), column \(start.column))"
            }
            let position = Position(parser.problem_mark)
            return ConfigParseError(message, line: position.line, column: position.column)
        }
    }
}

// MARK: - Composing values from events

extension YAMLParser {
    /// A 1-based position in the text.
    private struct Position {
        var line: Int
        var column: Int

        init(_ mark: yaml_mark_t) {
            line = Int(mark.line) + 1
            column = Int(mark.column) + 1
        }
    }

    /// A finished node on its way into its parent.
    private struct Node {
        var value: ConfigValue
        /// The nodes it expands to, itself included (the alias-bomb budget).
        var nodeCount: Int
        /// Collections nested in it, itself included: 0 for a scalar.
        var height: Int
        /// The scalar's text, which is what a mapping key is; nil for collections.
        var scalarText: String?
        var start: Position
    }

    /// A mapping or sequence whose end event has not come yet.
    private struct OpenCollection {
        var isMapping: Bool
        var anchor: String?
        var start: Position
        var items: [ConfigValue] = []
        var members: [(key: String, value: ConfigValue)] = []
        /// The line of each key seen so far, for the duplicate-key error.
        var keyLines: [String: Int] = [:]
        /// The key read, waiting for its value.
        var pendingKey: String?
        var nodeCount = 1
        var height = 1

        /// Adds a child: an item of a sequence, or alternately a key and a value of a mapping.
        mutating func add(_ node: Node) throws(ConfigParseError) {
            nodeCount += node.nodeCount
            height = max(height, node.height + 1)
            guard isMapping else {
                items.append(node.value)
                return
            }
            if let key = pendingKey {
                members.append((key: key, value: node.value))
                pendingKey = nil
                return
            }
            guard let key = node.scalarText else {
                throw ConfigParseError(
                    "mapping keys must be scalars, found \(node.value.typeName)",
                    line: node.start.line, column: node.start.column)
            }
            if let firstLine = keyLines[key] {
                throw ConfigParseError(
                    "found duplicate key \(ConfigParseError.quoted(key)) (first defined at line \(firstLine))",
                    line: node.start.line, column: node.start.column)
            }
            keyLines[key] = node.start.line
            pendingKey = key
        }
    }

    /// Builds the document's value from the event stream, one event at a time.
    private struct Composer {
        var stack: [OpenCollection] = []
        var anchors: [String: Node] = [:]
        var totalNodes = 0
        var sawDocument = false
        var root: Node?

        /// Takes in one event; returns the document's value once the stream has ended.
        mutating func handle(_ event: yaml_event_t) throws(ConfigParseError) -> ConfigValue? {
            let start = Position(event.start_mark)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                guard !sawDocument else {
                    throw ConfigParseError(
                        "found a second YAML document; a catalog must be exactly one document",
                        line: start.line, column: start.column)
                }
                sawDocument = true

            case YAML_STREAM_END_EVENT:
                guard let root else {
                    throw ConfigParseError("empty YAML document", line: start.line, column: start.column)
                }
                return root.value

            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let value = try YAMLParser.scalarValue(
                    text, tag: string(scalar.tag), isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, at: start)
                try count(1, at: start)
                let node = Node(value: value, nodeCount: 1, height: 0, scalarText: text, start: start)
                if let anchor = string(scalar.anchor) { anchors[anchor] = node }
                try attach(node)

            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard var node = anchors[name] else {
                    throw ConfigParseError(
                        "alias *\(name) refers to an unknown anchor (anchors must be defined, and complete, before use)",
                        line: start.line, column: start.column)
                }
                guard stack.count + node.height <= YAMLParser.maxDepth else {
                    throw depthError(at: start)
                }
                try count(node.nodeCount, at: start)
                node.start = start
                try attach(node)

            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let tag = string(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
                try YAMLParser.checkCollectionTag(tag, isMapping: isMapping, at: start)
                guard stack.count < YAMLParser.maxDepth else { throw depthError(at: start) }
                try count(1, at: start)
                let anchor = string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                stack.append(OpenCollection(isMapping: isMapping, anchor: anchor, start: start))

            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                // libyaml only emits balanced start/end events.
                let collection = stack.removeLast()
                let value: ConfigValue = collection.isMapping ? .object(collection.members) : .array(collection.items)
                let node = Node(
                    value: value, nodeCount: collection.nodeCount, height: collection.height, scalarText: nil,
                    start: collection.start)
                if let anchor = collection.anchor { anchors[anchor] = node }
                try attach(node)

            default:
                // Stream start, document end: nothing to build.
                break
            }
            return nil
        }

        /// Puts a finished node into the innermost open collection, or makes it the root.
        mutating func attach(_ node: Node) throws(ConfigParseError) {
            guard !stack.isEmpty else {
                root = node
                return
            }
            try stack[stack.count - 1].add(node)
        }

        /// Charges `nodes` against the alias-bomb budget.
        mutating func count(_ nodes: Int, at position: Position) throws(ConfigParseError) {
            totalNodes += nodes
            guard totalNodes <= YAMLParser.maxNodes else {
                throw ConfigParseError(
                    "document expands to more than \(YAMLParser.maxNodes) nodes (too many or too deeply aliased values)",
                    line: position.line, column: position.column)
            }
        }

        func depthError(at position: Position) -> ConfigParseError {
            ConfigParseError(
                "mappings and sequences nested deeper than \(YAMLParser.maxDepth) levels",
                line: position.line, column: position.column)
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }
    }
}

// MARK: - Scalars and tags

extension YAMLParser {
    private static let tagPrefix = "tag:yaml.org,2002:"

    /// The value of a scalar: resolved by the core schema when it is plain and untagged, a
    /// string when quoted or block, or converted to the type an explicit tag names.
    private static func scalarValue(
        _ text: String, tag: String?, isPlain: Bool, at position: Position
    ) throws(ConfigParseError) -> ConfigValue {
        guard let tag else { return isPlain ? resolvePlainScalar(text) : .string(text) }
        let resolved = resolvePlainScalar(text)
        let matches: Bool
        switch tag {
        case "!", tagPrefix + "str": return .string(text)
        case tagPrefix + "null": matches = resolved == .null
        case tagPrefix + "bool":
            if case .bool = resolved { matches = true } else { matches = false }
        case tagPrefix + "int":
            matches = isInteger(text)
        case tagPrefix + "float":
            switch resolved {
            case let .int(integer): return .double(Double(integer))
            case .double: matches = true
            default: matches = false
            }
        default:
            throw ConfigParseError(
                "unsupported YAML tag \(ConfigParseError.quoted(tag)) on a scalar",
                line: position.line, column: position.column)
        }
        guard matches else {
            let typeName = tag.dropFirst(tagPrefix.count)
            throw ConfigParseError(
                "\(ConfigParseError.quoted(text)) is not a valid !!\(typeName)",
                line: position.line, column: position.column)
        }
        return resolved
    }

    private static func checkCollectionTag(_ tag: String?, isMapping: Bool, at position: Position)
        throws(ConfigParseError)
    {
        guard let tag, tag != "!" else { return }
        guard tag == tagPrefix + (isMapping ? "map" : "seq") else {
            throw ConfigParseError(
                "unsupported YAML tag \(ConfigParseError.quoted(tag)) on a \(isMapping ? "mapping" : "sequence")",
                line: position.line, column: position.column)
        }
    }

    /// The YAML 1.2 core schema's reading of a plain scalar (see the type's documentation).
    static func resolvePlainScalar(_ text: String) -> ConfigValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        if let (digits, radix) = unsignedRadixDigits(bytes) {
            if let value = Int(digits, radix: radix) { return .int(value) }
            // Too large for Int: accumulate as a Double (exact up to 2^53, like any double).
            var value = 0.0
            for digit in digits.utf8 { value = value * Double(radix) + Double(hexDigitValue(digit)) }
            return .double(value)
        }
        if matchesDecimalInteger(bytes) || matchesFloat(bytes) {
            // Both grammars are subsets of what Double parses; Int takes the sign and zeros.
            if let value = Int(text) { return .int(value) }
            if let value = Double(text) { return .double(value) }
        }
        return .string(text)
    }

    /// Whether `text` is an integer in the core schema (decimal, `0x` or `0o`).
    private static func isInteger(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return unsignedRadixDigits(bytes) != nil || matchesDecimalInteger(bytes)
    }

    /// The digits and radix of `0x[0-9a-fA-F]+` or `0o[0-7]+`.
    private static func unsignedRadixDigits(_ bytes: [UInt8]) -> (digits: String, radix: Int)? {
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "0") else { return nil }
        let digits = bytes[2...]
        switch bytes[1] {
        case UInt8(ascii: "x") where digits.allSatisfy(isHexDigit):
            return (String(decoding: digits, as: UTF8.self), 16)
        case UInt8(ascii: "o") where digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }):
            return (String(decoding: digits, as: UTF8.self), 8)
        default:
            return nil
        }
    }

    /// `[-+]?[0-9]+`
    private static func matchesDecimalInteger(_ bytes: [UInt8]) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        return index < bytes.count && bytes[index...].allSatisfy(isDecimalDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func matchesFloat(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func skipDigits() -> Int {
            let start = index
            while index < bytes.count, isDecimalDigit(bytes[index]) { index += 1 }
            return index - start
        }
        func skip(_ characters: Character...) -> Bool {
            guard index < bytes.count, characters.contains(Character(Unicode.Scalar(bytes[index]))) else {
                return false
            }
            index += 1
            return true
        }
        _ = skip("-", "+")
        if skip(".") {
            guard skipDigits() > 0 else { return false }
        } else {
            guard skipDigits() > 0 else { return false }
            if skip(".") { _ = skipDigits() }
        }
        if skip("e", "E") {
            _ = skip("-", "+")
            guard skipDigits() > 0 else { return false }
        }
        return index == bytes.count
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        hexDigitValue(byte) < 16
    }

    /// The value of a hexadecimal digit, or 16 for any other byte.
    private static func hexDigitValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return 16
        }
    }
}

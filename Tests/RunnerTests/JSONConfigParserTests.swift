import Runner
import Testing

/// The error `JSONConfigParser` throws for `bytes`, or nil when they parse.
private func jsonError(_ bytes: [UInt8]) -> ConfigParseError? {
    do {
        _ = try JSONConfigParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func jsonError(_ text: String) -> ConfigParseError? {
    jsonError(Array(text.utf8))
}

private func parseJSON(_ text: String) throws -> ConfigValue {
    try JSONConfigParser.parse(Array(text.utf8))
}

@Suite struct JSONConfigParserTests {
    /// A catalog using every job field of DESIGN §4; `YAMLParserTests` parses the same catalog
    /// written in YAML and expects the same value.
    static let catalogJSON = """
        {
          "jobs": [
            {
              "id": "prepare-data",
              "name": "Prepare data",
              "script": "scripts/prepare.py",
              "supports": ["sample", "output-dir"],
              "optional": false,
              "timeout": 600,
              "retries": 1
            },
            {
              "id": "train.resnet_50",
              "name": "Train: ResNet-50 \\u2014 \\"full\\"",
              "command": ["python3", "-m", "train", "--epochs", "3"],
              "supports": ["epochs", "folds"],
              "env": {"CUDA_VISIBLE_DEVICES": "0", "OMP_NUM_THREADS": "4", "EMPTY": ""},
              "workdir": "runs/resnet",
              "depends_on": ["prepare-data"],
              "timeout": 3600.5,
              "retries": 0,
              "optional": true
            },
            {
              "id": "report",
              "name": "Report",
              "command": ["sh", "-c", "echo \\"done\\""],
              "depends_on": ["train.resnet_50"],
              "env": {},
              "workdir": null
            }
          ]
        }
        """

    static let expectedCatalog: ConfigValue = .object([
        (
            "jobs",
            .array([
                .object([
                    ("id", .string("prepare-data")),
                    ("name", .string("Prepare data")),
                    ("script", .string("scripts/prepare.py")),
                    ("supports", .array([.string("sample"), .string("output-dir")])),
                    ("optional", .bool(false)),
                    ("timeout", .int(600)),
                    ("retries", .int(1)),
                ]),
                .object([
                    ("id", .string("train.resnet_50")),
                    ("name", .string("Train: ResNet-50 \u{2014} \"full\"")),
                    ("command", .array(["python3", "-m", "train", "--epochs", "3"].map(ConfigValue.string))),
                    ("supports", .array([.string("epochs"), .string("folds")])),
                    (
                        "env",
                        .object([
                            ("CUDA_VISIBLE_DEVICES", .string("0")),
                            ("OMP_NUM_THREADS", .string("4")),
                            ("EMPTY", .string("")),
                        ])
                    ),
                    ("workdir", .string("runs/resnet")),
                    ("depends_on", .array([.string("prepare-data")])),
                    ("timeout", .double(3600.5)),
                    ("retries", .int(0)),
                    ("optional", .bool(true)),
                ]),
                .object([
                    ("id", .string("report")),
                    ("name", .string("Report")),
                    ("command", .array([.string("sh"), .string("-c"), .string("echo \"done\"")])),
                    ("depends_on", .array([.string("train.resnet_50")])),
                    ("env", .object([])),
                    ("workdir", .null),
                ]),
            ])
        )
    ])

    @Test func fullCatalogParsesInDocumentOrder() throws {
        let value = try parseJSON(Self.catalogJSON)
        #expect(value == Self.expectedCatalog)
        // Members keep the order they were written in.
        guard case let .object(members) = value["jobs"]?.arrayFirst else {
            Issue.record("expected the first job to be an object")
            return
        }
        #expect(members.map(\.key) == ["id", "name", "script", "supports", "optional", "timeout", "retries"])
    }

    @Test(arguments: [
        ("null", ConfigValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808)),
        ("1.5", .double(1.5)),
        ("30.0", .double(30)),
        ("-2e3", .double(-2000)),
        ("1E+2", .double(100)),
        ("2.5e-3", .double(0.0025)),
        ("1e-400", .double(0)),
        ("\"\"", .string("")),
        ("\"plain\"", .string("plain")),
        ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", .string("\" \\ / \u{8} \u{C} \n \r \t")),
        ("\"\\u00e9\\u00E9\"", .string("éé")),
        ("\"\\u0000\"", .string("\u{0}")),
        ("\"\\ud83d\\ude00\"", .string("😀")),
        ("\"héllo ✓ 😀\"", .string("héllo ✓ 😀")),
        ("[]", .array([])),
        ("{}", .object([])),
        (" \t\r\n [ 1 , \"a\" , null ] \n", .array([.int(1), .string("a"), .null])),
        ("{\"a\":{\"b\":[{}]}}", .object([("a", .object([("b", .array([.object([])]))]))])),
    ])
    func scalarAndStructureValues(text: String, expected: ConfigValue) throws {
        #expect(try parseJSON(text) == expected)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONConfigParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8)) == .object([("a", .int(1))]))
    }

    @Test func duplicateKeyIsRejectedWithItsPosition() {
        let error = jsonError("{\n  \"id\": \"a\",\n  \"name\": \"x\",\n    \"id\": \"b\"\n}")
        #expect(error == ConfigParseError("found duplicate key \"id\"", line: 4, column: 5))
        #expect(error?.description == "line 4, column 5: found duplicate key \"id\"")
    }

    @Test func duplicateKeysInDifferentObjectsAreFine() throws {
        let value = try parseJSON("[{\"id\": 1}, {\"id\": 2, \"sub\": {\"id\": 3}}]")
        let second: ConfigValue = .object([("id", .int(2)), ("sub", .object([("id", .int(3))]))])
        #expect(value == .array([.object([("id", .int(1))]), second]))
    }

    /// Small objects are checked by a linear search, large ones by hashing; both must catch
    /// a repeat of an early and of a late key.
    @Test(arguments: [(3, 2), (16, 0), (17, 16), (18, 17), (40, 3), (40, 39)])
    func duplicateKeyInObjectOfSize(memberCount: Int, repeatedIndex: Int) {
        let members = (0..<memberCount).map { "\"k\($0)\": \($0)" } + ["\"k\(repeatedIndex)\": 0"]
        let error = jsonError("{" + members.joined(separator: ", ") + "}")
        #expect(error?.message == "found duplicate key \"k\(repeatedIndex)\"")
    }

    @Test func errorMessageQuotesHostileKeysOnOneLine() {
        let longKey = String(repeating: "k", count: 10_000)
        let error = jsonError("{\"\(longKey)\\n\": 1, \"\(longKey)\\n\": 2}")
        let description = error?.description ?? ""
        #expect(description.count < 200)
        #expect(!description.contains("\n"))
        #expect(description.contains("found duplicate key \"kkk"))
    }

    /// Malformed documents, each with the line and column its error must point at.
    @Test(arguments: [
        ("", 1, 1, "empty JSON document"),
        ("  \n ", 2, 2, "empty JSON document"),
        ("{", 1, 2, "unexpected end of input"),
        ("[1, 2", 1, 6, "unexpected end of input"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("[1,]", 1, 4, "expected a value"),
        ("{\"a\": 1,}", 1, 9, "expected a string key"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("{a: 1}", 1, 2, "expected a string key"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'"),
        ("{\n  \"a\": [\n    1,\n    2\n  }\n}", 5, 3, "expected ',' or ']'"),
        ("{\"jobs\": []}\n{}", 2, 1, "after the JSON value"),
        ("1 2", 1, 3, "after the JSON value"),
        ("tru", 1, 1, "expected true"),
        ("truex", 1, 1, "expected true"),
        ("nul", 1, 1, "expected null"),
        ("NaN", 1, 1, "expected a value"),
        ("Infinity", 1, 1, "expected a value"),
        ("+1", 1, 1, "expected a value"),
        ("01", 1, 1, "leading zeros"),
        ("-", 1, 1, "expected a digit"),
        ("1.", 1, 1, "expected a digit after '.'"),
        (".5", 1, 1, "expected a value"),
        ("1e", 1, 1, "exponent"),
        ("1e+", 1, 1, "exponent"),
        ("12abc", 1, 1, "invalid number"),
        ("1.5.2", 1, 1, "invalid number"),
        ("1e400", 1, 1, "out of range"),
        ("-1e400", 1, 1, "out of range"),
        ("'single'", 1, 1, "expected a value"),
        ("\"abc", 1, 5, "unterminated string"),
        ("\"a\nb\"", 1, 3, "control character"),
        ("\"tab\there\"", 1, 5, "control character"),
        ("\"\\x\"", 1, 2, "invalid escape"),
        ("\"\\u12\"", 1, 2, "invalid \\u escape"),
        ("\"\\u12G4\"", 1, 2, "invalid \\u escape"),
        ("\"\\ud83d\"", 1, 2, "unpaired surrogate"),
        ("\"\\ud83d\\u0041\"", 1, 2, "unpaired surrogate"),
        ("\"\\ude00\"", 1, 2, "unpaired surrogate"),
        ("\"é\\ude00\"", 1, 3, "unpaired surrogate"),
        ("[1] // comment", 1, 5, "after the JSON value"),
        ("\u{C}[]", 1, 1, "control character"),
    ])
    func malformedInputReportsPosition(text: String, line: Int, column: Int, messagePart: String) {
        let error = jsonError(text)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.contains(messagePart) == true, "message: \(error?.message ?? "none")")
    }

    /// Invalid UTF-8 inside and outside strings: overlong forms, encoded surrogates, values
    /// above U+10FFFF, stray continuation bytes and truncated sequences.
    @Test(
        arguments: [
            [0xC0, 0x80],
            [0xC1, 0xBF],
            [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80],
            [0xF0, 0x80, 0x80, 0x80],
            [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80],
            [0xFF],
            [0x80],
            [0xC3],
            [0xE2, 0x82],
        ] as [[UInt8]])
    func invalidUTF8IsAnError(sequence: [UInt8]) {
        let inString = Array("{\n\"a\": \"ok".utf8) + sequence + Array("\"}".utf8)
        let error = jsonError(inString)
        #expect(error?.message.contains("invalid UTF-8") == true, "message: \(error?.message ?? "none")")
        #expect(error?.line == 2)
        #expect(error?.column == 9)

        let outside = Array("[1, ".utf8) + sequence + Array("]".utf8)
        #expect(jsonError(outside)?.message.contains("invalid UTF-8") == true)
    }

    @Test func nonASCIIOutsideStringsIsNamed() {
        #expect(jsonError("[é]")?.message == "unexpected character U+00E9 'é', expected a value")
    }

    @Test func columnsCountCharactersNotBytes() {
        let error = jsonError("{\"ключ\": 1 2}")
        #expect(error?.column == 12)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONConfigParser.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parseJSON(text)
        var levels = 0
        while case let .array(items) = value {
            levels += 1
            value = items.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test(arguments: [
        String(repeating: "[", count: JSONConfigParser.maxDepth + 1)
            + String(repeating: "]", count: JSONConfigParser.maxDepth + 1),
        String(repeating: "[", count: 100_000),
        String(repeating: "{\"a\":", count: 100_000),
        String(repeating: "[{\"a\":", count: 50_000),
    ])
    func deepNestingIsAnErrorNotACrash(text: String) {
        let error = jsonError(text)
        #expect(error?.message.contains("nested deeper than \(JSONConfigParser.maxDepth)") == true)
        #expect(error?.line == 1)
    }

    @Test func tenMegabyteStringParses() throws {
        let length = 10 * 1024 * 1024
        var bytes = Array("{\"log\": \"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: length)
        bytes += Array("\\n\\u00e9\"}".utf8)
        let value = try JSONConfigParser.parse(bytes)
        guard case let .string(log)? = value["log"] else {
            Issue.record("expected a string")
            return
        }
        #expect(log.utf8.count == length + 3)
        #expect(log.hasSuffix("x\né"))
    }

    @Test func largeArrayParses() throws {
        let count = 100_000
        let text = "[" + (0..<count).map { "{\"id\": \($0)}" }.joined(separator: ",") + "]"
        guard case let .array(items) = try parseJSON(text) else {
            Issue.record("expected an array")
            return
        }
        #expect(items.count == count)
        #expect(items.last == .object([("id", .int(count - 1))]))
    }

    @Test func descriptionLeavesOutUnknownPositions() {
        #expect(ConfigParseError("bad", line: 3).description == "line 3: bad")
        #expect(ConfigParseError("bad").description == "bad")
        #expect(ConfigParseError("two\nlines", line: 1, column: 2).description == "line 1, column 2: two lines")
    }
}

extension ConfigValue {
    /// The first element when this is a non-empty array.
    fileprivate var arrayFirst: ConfigValue? {
        guard case let .array(items) = self else { return nil }
        return items.first
    }
}

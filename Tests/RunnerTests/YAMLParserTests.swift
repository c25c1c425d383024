import Runner
import Testing

/// The error `YAMLParser` throws for `bytes`, or nil when they parse.
private func yamlError(_ bytes: [UInt8]) -> ConfigParseError? {
    do {
        _ = try YAMLParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func yamlError(_ text: String) -> ConfigParseError? {
    yamlError(Array(text.utf8))
}

private func parseYAML(_ text: String) throws -> ConfigValue {
    try YAMLParser.parse(Array(text.utf8))
}

@Suite struct YAMLParserTests {
    /// `JSONConfigParserTests.catalogJSON` written in YAML, using block and flow styles, plain,
    /// quoted and unquoted scalars.
    static let catalogYAML = """
        # Training jobs (DESIGN §4)
        jobs:
          - id: prepare-data
            name: Prepare data
            script: scripts/prepare.py
            supports: [sample, output-dir]
            optional: false
            timeout: 600
            retries: 1

          - id: train.resnet_50
            name: "Train: ResNet-50 \\u2014 \\"full\\""
            command: [python3, -m, train, --epochs, "3"]
            supports:
              - epochs
              - folds
            env:
              CUDA_VISIBLE_DEVICES: "0"
              OMP_NUM_THREADS: '4'
              EMPTY: ""
            workdir: runs/resnet
            depends_on: [prepare-data]
            timeout: 3600.5
            retries: 0
            optional: true
          - id: report
            name: Report
            command:
              - sh
              - -c
              - echo "done"
            depends_on:
              - train.resnet_50
            env: {}
            workdir: ~
        """

    @Test func fullCatalogEqualsTheJSONCatalog() throws {
        let yaml = try parseYAML(Self.catalogYAML)
        let json = try JSONConfigParser.parse(Array(JSONConfigParserTests.catalogJSON.utf8))
        #expect(yaml == json)
        #expect(yaml == JSONConfigParserTests.expectedCatalog)
    }

    @Test func jsonTextIsValidYAML() throws {
        #expect(try parseYAML(JSONConfigParserTests.catalogJSON) == JSONConfigParserTests.expectedCatalog)
    }

    /// Plain scalars resolve by the YAML 1.2 core schema; YAML 1.1's `yes`/`no`/`on`/`off`
    /// stay strings.
    @Test(arguments: [
        ("null", ConfigValue.null),
        ("Null", .null),
        ("NULL", .null),
        ("~", .null),
        ("", .null),
        ("true", .bool(true)),
        ("True", .bool(true)),
        ("TRUE", .bool(true)),
        ("false", .bool(false)),
        ("False", .bool(false)),
        ("FALSE", .bool(false)),
        ("yes", .string("yes")),
        ("no", .string("no")),
        ("on", .string("on")),
        ("off", .string("off")),
        ("y", .string("y")),
        ("tRUE", .string("tRUE")),
        ("nULL", .string("nULL")),
        ("0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("+17", .int(17)),
        ("007", .int(7)),
        ("0x1F", .int(31)),
        ("0xff", .int(255)),
        ("0o17", .int(15)),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("0x10000000000000000", .double(18_446_744_073_709_551_616)),
        ("1.5", .double(1.5)),
        ("-2e3", .double(-2000)),
        ("2E-3", .double(0.002)),
        ("1.", .double(1)),
        (".5", .double(0.5)),
        ("+.5e1", .double(5)),
        (".inf", .double(.infinity)),
        (".Inf", .double(.infinity)),
        ("+.INF", .double(.infinity)),
        ("-.inf", .double(-.infinity)),
        ("0x", .string("0x")),
        ("0xG", .string("0xG")),
        ("0o8", .string("0o8")),
        ("-0x1F", .string("-0x1F")),
        ("1_000", .string("1_000")),
        ("1e", .string("1e")),
        ("inf", .string("inf")),
        ("nan", .string("nan")),
        ("1.2.3", .string("1.2.3")),
        ("12:30", .string("12:30")),
        ("2024-01-02", .string("2024-01-02")),
        ("hello world", .string("hello world")),
    ])
    func plainScalarResolution(text: String, expected: ConfigValue) throws {
        #expect(try parseYAML("value: \(text)\n") == .object([("value", expected)]))
    }

    @Test(arguments: [".nan", ".NaN", ".NAN"])
    func notANumber(text: String) throws {
        guard case let .double(value)? = try parseYAML("value: \(text)")["value"] else {
            Issue.record("expected a double")
            return
        }
        #expect(value.isNaN)
    }

    @Test func quotedAndBlockScalarsAreAlwaysStrings() throws {
        let text = """
            single: 'true'
            double: "42"
            empty: ''
            literal: |
              null
              1.5
            folded: >-
              yes
              no
            """
        #expect(
            try parseYAML(text)
                == .object([
                    ("single", .string("true")),
                    ("double", .string("42")),
                    ("empty", .string("")),
                    ("literal", .string("null\n1.5\n")),
                    ("folded", .string("yes no")),
                ]))
    }

    @Test func explicitTagsAreHonoured() throws {
        let text = """
            a: !!str 123
            b: ! true
            c: !!int "12"
            d: !!float 1
            e: !!bool "false"
            f: !!null ""
            g: !!map {x: 1}
            h: !!seq [1]
            """
        #expect(
            try parseYAML(text)
                == .object([
                    ("a", .string("123")),
                    ("b", .string("true")),
                    ("c", .int(12)),
                    ("d", .double(1)),
                    ("e", .bool(false)),
                    ("f", .null),
                    ("g", .object([("x", .int(1))])),
                    ("h", .array([.int(1)])),
                ]))
    }

    @Test(arguments: [
        ("a: !!int twelve", "\"twelve\" is not a valid !!int"),
        ("a: !!bool yes", "\"yes\" is not a valid !!bool"),
        ("a: !custom x", "unsupported YAML tag \"!custom\""),
        ("a: !!binary aGVsbG8=", "unsupported YAML tag \"tag:yaml.org,2002:binary\""),
        ("a: !!seq {x: 1}", "unsupported YAML tag \"tag:yaml.org,2002:seq\" on a mapping"),
    ])
    func badTagsAreErrors(text: String, message: String) {
        let error = yamlError(text)
        #expect(error?.message.contains(message) == true, "message: \(error?.message ?? "none")")
        #expect(error?.line == 1)
        #expect(error?.column == 4)
    }

    @Test func keysAreScalarTextInDocumentOrder() throws {
        let value = try parseYAML("z: 1\n1: 2\ntrue: 3\nnull: 4\n\"quoted\": 5\na: 6\n")
        guard case let .object(members) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["z", "1", "true", "null", "quoted", "a"])
    }

    @Test func duplicateKeyNamesTheKeyAndBothLines() {
        let text = """
            jobs:
              - id: a
                name: first
                id: b
            """
        let error = yamlError(text)
        #expect(error == ConfigParseError("found duplicate key \"id\" (first defined at line 2)", line: 4, column: 5))
        #expect(error?.description == "line 4, column 5: found duplicate key \"id\" (first defined at line 2)")
    }

    @Test(arguments: [
        ("a: 1\n'a': 2", 2, 1),
        ("{x: 1, \"x\": 2}", 1, 8),
        ("1: a\n\"1\": b", 2, 1),
        ("? a\n: 1\n? a\n: 2", 3, 3),
    ])
    func duplicateKeysInEveryStyle(text: String, line: Int, column: Int) {
        let error = yamlError(text)
        #expect(error?.message.hasPrefix("found duplicate key") == true, "message: \(error?.message ?? "none")")
        #expect(error?.line == line)
        #expect(error?.column == column)
    }

    @Test func sameKeyInSiblingMappingsIsFine() throws {
        #expect(try parseYAML("- id: 1\n- id: 2") == .array([.object([("id", .int(1))]), .object([("id", .int(2))])]))
    }

    @Test(arguments: ["? [a, b]\n: 1", "? {a: 1}\n: 2", "[a]: 1"])
    func collectionKeysAreRejected(text: String) {
        #expect(yamlError(text)?.message.hasPrefix("mapping keys must be scalars") == true)
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "   "])
    func emptyStreamIsAnError(text: String) {
        #expect(yamlError(text)?.message == "empty YAML document")
    }

    @Test func explicitEmptyDocumentIsNull() throws {
        #expect(try parseYAML("---\n") == .null)
    }

    @Test(arguments: [
        ("a: 1\n---\nb: 2\n", 2),
        ("--- a\n--- b\n", 2),
        ("a: 1\n...\n---\nb: 2\n", 3),
        ("jobs: []\n---\n", 2),
    ])
    func multipleDocumentsAreAnError(text: String, line: Int) {
        let error = yamlError(text)
        #expect(error?.message.contains("second YAML document") == true)
        #expect(error?.line == line)
    }

    @Test func singleDocumentWithMarkersParses() throws {
        #expect(try parseYAML("%YAML 1.2\n---\na: 1\n...\n") == .object([("a", .int(1))]))
    }

    @Test func aliasesCopyTheAnchoredValue() throws {
        let text = """
            defaults: &defaults
              timeout: 60
              env: &env {A: "1"}
            job:
              settings: *defaults
              env: *env
              name: &name train
              label: *name
            """
        let defaults: ConfigValue = .object([("timeout", .int(60)), ("env", .object([("A", .string("1"))]))])
        #expect(
            try parseYAML(text)
                == .object([
                    ("defaults", defaults),
                    (
                        "job",
                        .object([
                            ("settings", defaults),
                            ("env", .object([("A", .string("1"))])),
                            ("name", .string("train")),
                            ("label", .string("train")),
                        ])
                    ),
                ]))
    }

    @Test func aliasAsKeyUsesTheScalarText() throws {
        #expect(try parseYAML("- &k id\n- {*k : 1}") == .array([.string("id"), .object([("id", .int(1))])]))
    }

    @Test func mergeKeysAreNotExpanded() throws {
        let value = try parseYAML("base: &base {a: 1}\njob:\n  <<: *base\n  b: 2")
        #expect(value["job"] == .object([("<<", .object([("a", .int(1))])), ("b", .int(2))]))
    }

    @Test(arguments: [
        ("a: *missing", 1, 4),
        ("a: &self [1, *self]", 1, 14),
        ("a:\n  - 1\n  - *later\nb: &later 2", 3, 5),
    ])
    func unknownAnchorsAreErrors(text: String, line: Int, column: Int) {
        let error = yamlError(text)
        #expect(error?.message.contains("unknown anchor") == true, "message: \(error?.message ?? "none")")
        #expect(error?.line == line)
        #expect(error?.column == column)
    }

    @Test func billionLaughsIsStopped() {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]")
        }
        let error = yamlError(lines.joined(separator: "\n"))
        #expect(
            error?.message.contains("more than \(YAMLParser.maxNodes) nodes") == true,
            "message: \(error?.message ?? "none")")
        // a0...a4 expand to about 123,000 nodes; the eighth alias on a5's line passes 10^6.
        #expect(error?.line == 6)
    }

    @Test func aliasesWithinTheBudgetExpand() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...3 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let value = try parseYAML(lines.joined(separator: "\n"))
        func leafCount(_ value: ConfigValue) -> Int {
            guard case let .array(items) = value else { return 1 }
            return items.reduce(0) { $0 + leafCount($1) }
        }
        #expect(value["a3"].map(leafCount) == 10_000)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = YAMLParser.maxDepth
        var value = try parseYAML(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var levels = 0
        while case let .array(items) = value {
            levels += 1
            value = items.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test(arguments: [
        String(repeating: "[", count: YAMLParser.maxDepth + 1) + String(repeating: "]", count: YAMLParser.maxDepth + 1),
        String(repeating: "[", count: 100_000),
        String(repeating: "{a: ", count: 100_000),
        (0..<600).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x",
    ])
    func deepNestingIsAnErrorNotACrash(text: String) {
        let error = yamlError(text)
        #expect(
            error?.message.contains("nested deeper than \(YAMLParser.maxDepth)") == true,
            "message: \(error?.message ?? "none")")
    }

    @Test func aliasesCannotBuildDeepValues() {
        // Each anchor nests the previous one 300 levels deeper: 2 × 300 > maxDepth.
        func wrap(_ inner: String) -> String {
            String(repeating: "[", count: 300) + inner + String(repeating: "]", count: 300)
        }
        let text = "- &a \(wrap("1"))\n- \(wrap("*a"))"
        let error = yamlError(text)
        #expect(error?.message.contains("nested deeper than") == true)
        #expect(error?.line == 2)
    }

    /// Malformed documents (libyaml's errors), each with the line the error must point at.
    @Test(arguments: [
        ("a: [1, 2\nb: 3", 2),
        ("a: {x: 1\n", 2),
        ("key: \"unterminated\n", 2),
        ("a:\n  b: 1\n c: 2", 3),
        ("a: 1\n  b: 2", 2),
        ("- a\nb: 1", 2),
        ("a: b: c", 1),
        ("a:\n\t- 1", 2),
        ("a: 'x' y", 1),
        ("jobs:\n  - id: a\n    name: [\n", 4),
        ("a: @b", 1),
        ("a: `b", 1),
        ("&a &b x", 1),
        ("*", 1),
        ("a: !<> x", 1),
        ("[1, 2]]", 1),
        ("a: |\n  x\n y", 3),
    ])
    func malformedInputReportsTheLine(text: String, line: Int) {
        let error = yamlError(text)
        #expect(error != nil)
        #expect(error?.line == line, "error: \(error.map(String.init(describing:)) ?? "none")")
        #expect(error?.column != nil)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func libyamlProblemTextIsKept() {
        let error = yamlError("a: [1, 2\nb: 3")
        #expect(
            error?.message.hasPrefix("did not find expected ',' or ']'") == true,
            "message: \(error?.message ?? "none")")
        #expect(error?.message.contains("while parsing a flow sequence at line 1, column 4") == true)
    }

    @Test func invalidUTF8IsAnErrorWithItsPosition() {
        let error = yamlError(Array("a: 1\nb: x".utf8) + [0xFF] + Array("\n".utf8))
        #expect(error?.message.contains("UTF-8") == true, "message: \(error?.message ?? "none")")
        #expect(error?.line == 2)
        #expect(error?.column == 5)
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: [x, y]\r\n".utf8)
        #expect(try YAMLParser.parse(bytes) == .object([("a", .int(1)), ("b", .array([.string("x"), .string("y")]))]))
    }

    @Test func nonASCIIAndEscapesSurvive() throws {
        #expect(
            try parseYAML("name: héllo ✓\nq: \"tab\\there \\u00e9 \\U0001F600\"")
                == .object([
                    ("name", .string("héllo ✓")),
                    ("q", .string("tab\there é 😀")),
                ]))
    }

    @Test func tenMegabyteStringParses() throws {
        let length = 10 * 1024 * 1024
        let bytes = Array("log: \"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: length) + Array("\"\n".utf8)
        guard case let .string(log)? = try YAMLParser.parse(bytes)["log"] else {
            Issue.record("expected a string")
            return
        }
        #expect(log.utf8.count == length)
    }
}

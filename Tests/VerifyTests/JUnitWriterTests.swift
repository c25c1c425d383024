import CXML2
import Testing
import Verify
// FoundationEssentials, not Foundation: Foundation's private ICU headers clash with the
// system ICU headers that libxml2's headers include (see JUnitWriter.swift and CXML2/shim.h).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("JUnitWriter")
struct JUnitWriterTests {
    static let epoch = Date(timeIntervalSince1970: 1_705_314_600)

    // MARK: Shape

    @Test("the document has exactly the shape the three strict schemas accept")
    func shape() throws {
        let suites = [
            JUnitTestSuite(
                name: "P.Suite", package: "P", timestamp: Self.epoch, hostname: "builder", time: 0.125,
                properties: [JUnitProperty(name: "swift.version", value: "6.3.1")],
                testCases: [
                    JUnitTestCase(name: "testA", className: "P.Suite", time: 0.002),
                    JUnitTestCase(name: "testB", className: "P.Suite", time: 0.011,
                                  outcome: .failed(type: "XCTAssertEqual", message: "1 != 2", details: "at A.swift:3")),
                    JUnitTestCase(name: "testC", className: "P.Suite",
                                  outcome: .errored(type: "Crash", message: "signal 11", details: "backtrace")),
                    JUnitTestCase(name: "testD", className: "P.Suite", outcome: .skipped(message: "not on Linux")),
                ],
                systemOut: "out", systemErr: ""),
            JUnitTestSuite(name: "Q", timestamp: Self.epoch),
        ]
        let bytes = try JUnitWriter.render(suites)
        #expect(bytes.starts(with: Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)))
        #expect(!bytes.contains(subsequence: Array("<![CDATA[".utf8)))

        let root = try ParsedElement.parse(bytes)
        #expect(root.name == "testsuites")
        #expect(root.attributeNames.isEmpty)
        #expect(root.children.map(\.name) == ["testsuite", "testsuite"])

        for (id, suite) in root.children.enumerated() {
            #expect(suite.attributeNames == [
                "id", "package", "name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname",
            ])
            #expect(suite.attributes["id"] == String(id))
            let testCaseCount = suites[id].testCases.count
            #expect(suite.children.map(\.name)
                == ["properties"] + Array(repeating: "testcase", count: testCaseCount) + ["system-out", "system-err"])
            let properties = try #require(suite.children.first)
            #expect(!properties.children.isEmpty)
            for property in properties.children {
                #expect(property.name == "property")
                #expect(property.attributeNames == ["name", "value"])
                #expect(property.children.isEmpty)
            }
            for testCase in suite.children(named: "testcase") {
                #expect(testCase.attributeNames == ["name", "classname", "time"])
                #expect(testCase.children.count <= 1)
            }
            for output in suite.children(named: "system-out") + suite.children(named: "system-err") {
                #expect(output.attributeNames.isEmpty)
                #expect(output.children.isEmpty)
            }
        }

        let first = root.children[0]
        #expect(first.attributes["package"] == "P")
        #expect(first.attributes["name"] == "P.Suite")
        #expect(first.attributes["hostname"] == "builder")
        #expect(first.attributes["time"] == "0.125")
        #expect(first.attributes["timestamp"] == "2024-01-15T10:30:00")
        #expect(first.children[0].children[0].attributes == ["name": "swift.version", "value": "6.3.1"])

        let cases = first.children(named: "testcase")
        #expect(cases[0].children.isEmpty)
        #expect(cases[0].attributes == ["name": "testA", "classname": "P.Suite", "time": "0.002"])
        let failure = try #require(cases[1].children.first)
        #expect(failure.name == "failure")
        #expect(failure.attributeNames == ["type", "message"])
        #expect(failure.attributes == ["type": "XCTAssertEqual", "message": "1 != 2"])
        #expect(failure.text == "at A.swift:3")
        let error = try #require(cases[2].children.first)
        #expect(error.name == "error")
        #expect(error.attributeNames == ["type", "message"])
        #expect(error.attributes == ["type": "Crash", "message": "signal 11"])
        #expect(error.text == "backtrace")
        let skipped = try #require(cases[3].children.first)
        #expect(skipped.name == "skipped")
        #expect(skipped.attributeNames.isEmpty)  // junit5 rejects any attribute on <skipped>
        #expect(skipped.text == "not on Linux")

        #expect(first.children(named: "system-out").first?.text == "out")
        #expect(first.children(named: "system-err").first?.text == "")

        // A suite given no property still gets one (junit5 rejects an empty <properties>).
        let second = root.children[1]
        #expect(second.children[0].children.map(\.attributes)
            == [["name": "suite.1.generator", "value": JUnitWriter.generatorName]])
        #expect(second.attributes["package"] == "")
        #expect(second.attributes["hostname"] == "localhost")
    }

    @Test("no suites gives an empty <testsuites/>")
    func noSuites() throws {
        let root = try ParsedElement.parse(try JUnitWriter.render([]))
        #expect(root.name == "testsuites")
        #expect(root.attributeNames.isEmpty)
        #expect(root.children.isEmpty)
    }

    // MARK: Counts

    @Test("tests/failures/errors/skipped are exactly what the test cases say")
    func counts() throws {
        var cases: [JUnitTestCase] = []
        for index in 0..<37 {
            let outcome: JUnitTestCase.Outcome = switch index % 4 {
            case 0: .passed
            case 1: .failed(type: "", message: "m", details: "d")
            case 2: .errored(type: "", message: "m", details: "d")
            default: .skipped(message: "")
            }
            cases.append(JUnitTestCase(name: "t\(index)", className: "C", outcome: outcome))
        }
        let suite = JUnitTestSuite(name: "S", timestamp: Self.epoch, testCases: cases)
        #expect(suite.tests == 37)
        #expect(suite.failures == 9)
        #expect(suite.errors == 9)
        #expect(suite.skipped == 9)

        let parsed = try ParsedElement.parse(try JUnitWriter.render([suite])).children[0]
        #expect(parsed.attributes["tests"] == "37")
        #expect(parsed.attributes["failures"] == "9")
        #expect(parsed.attributes["errors"] == "9")
        #expect(parsed.attributes["skipped"] == "9")
        let children = parsed.children(named: "testcase").map { $0.children.first?.name ?? "" }
        #expect(children.filter { $0 == "failure" }.count == 9)
        #expect(children.filter { $0 == "error" }.count == 9)
        #expect(children.filter { $0 == "skipped" }.count == 9)
        #expect(children.filter { $0 == "" }.count == 10)
    }

    // MARK: Formats

    @Test("time: three fraction digits, no exponent, never negative", arguments: [
        (0, "0.000"), (0.125, "0.125"), (1, "1.000"), (0.0004, "0.000"), (0.0006, "0.001"),
        (59.9996, "60.000"), (12_345.678, "12345.678"), (123_456_789.5, "123456789.500"),
        (-1, "0.000"), (-0.0, "0.000"), (1e-300, "0.000"), (Double.nan, "0.000"),
        (Double.infinity, "0.000"), (-Double.infinity, "0.000"),
        (1e300, "999999999999.999"), (Double.greatestFiniteMagnitude, "999999999999.999"),
    ] as [(Double, String)])
    func timeFormat(seconds: Double, expected: String) throws {
        let suite = JUnitTestSuite(name: "S", timestamp: Self.epoch, time: seconds,
                                   testCases: [JUnitTestCase(name: "t", className: "C", time: seconds)])
        let parsed = try ParsedElement.parse(try JUnitWriter.render([suite])).children[0]
        #expect(parsed.attributes["time"] == expected)
        #expect(parsed.children(named: "testcase").first?.attributes["time"] == expected)
    }

    @Test("timestamp: UTC YYYY-MM-DDTHH:MM:SS, no zone, no fraction, years 0001-9999", arguments: [
        (0, "1970-01-01T00:00:00"), (1_705_314_600, "2024-01-15T10:30:00"),
        (1_705_314_600.999, "2024-01-15T10:30:00"), (-1, "1969-12-31T23:59:59"),
        (-0.5, "1969-12-31T23:59:59"), (951_782_400, "2000-02-29T00:00:00"),
        (4_102_444_800, "2100-01-01T00:00:00"), (253_402_300_799, "9999-12-31T23:59:59"),
        (1e15, "9999-12-31T23:59:59"), (-62_135_596_800, "0001-01-01T00:00:00"),
        (-1e15, "0001-01-01T00:00:00"), (Double.nan, "1970-01-01T00:00:00"),
    ] as [(Double, String)])
    func timestampFormat(secondsSince1970: Double, expected: String) throws {
        let suite = JUnitTestSuite(name: "S", timestamp: Date(timeIntervalSince1970: secondsSince1970))
        let parsed = try ParsedElement.parse(try JUnitWriter.render([suite])).children[0]
        #expect(parsed.attributes["timestamp"] == expected)
    }

    // MARK: Property names

    @Test("property names are unique in the file, following the documented rule")
    func propertyNamesUnique() throws {
        func suite(_ names: [String]) -> JUnitTestSuite {
            JUnitTestSuite(name: "S", timestamp: Self.epoch,
                           properties: names.map { JUnitProperty(name: $0, value: "v") })
        }
        let suites = [
            suite(["a", "b", "a"]),
            suite(["a", "c", " "]),
            suite([]),
            suite(["c", "suite.3.c", "d"]),
        ]
        let root = try ParsedElement.parse(try JUnitWriter.render(suites))
        let names = root.children.map { $0.children[0].children.compactMap { $0.attributes["name"] } }
        #expect(names == [
            ["suite.0.a", "b", "suite.0.a#2"],
            ["suite.1.a", "suite.1.c", "property"],
            ["suite.2.generator"],
            ["suite.3.c", "suite.3.c#2", "d"],
        ])
    }

    @Test("many suites with the same property names still give unique names")
    func propertyNamesUniqueAtScale() throws {
        let properties = ["target", "target", "workers", "suite.0.target", "suite.1.target#2"]
            .map { JUnitProperty(name: $0, value: "x") }
        let suites = (0..<20).map { JUnitTestSuite(name: "S\($0)", timestamp: Self.epoch, properties: properties) }
        let root = try ParsedElement.parse(try JUnitWriter.render(suites))
        let names = root.children.flatMap { $0.children[0].children.compactMap { $0.attributes["name"] } }
        #expect(names.count == 100)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { !$0.isEmpty })
    }

    // MARK: Fallbacks and limits

    @Test("blank required values fall back to documented defaults")
    func blankFallbacks() throws {
        let suite = JUnitTestSuite(
            name: " \t", timestamp: Self.epoch, hostname: "",
            testCases: [
                JUnitTestCase(name: "", className: "", outcome: .failed(type: "", message: "", details: "")),
                JUnitTestCase(name: "", className: "", outcome: .errored(type: "\n", message: "", details: "")),
                JUnitTestCase(name: "", className: "", outcome: .skipped(message: "")),
            ])
        let parsed = try ParsedElement.parse(try JUnitWriter.render([suite])).children[0]
        #expect(parsed.attributes["name"] == "unnamed")
        #expect(parsed.attributes["hostname"] == "localhost")
        let outcomes = parsed.children(named: "testcase").compactMap(\.children.first)
        #expect(outcomes.map(\.name) == ["failure", "error", "skipped"])
        #expect(outcomes[0].attributes == ["type": "failure", "message": ""])
        #expect(outcomes[1].attributes == ["type": "error", "message": ""])
        #expect(outcomes[2].attributes.isEmpty)
        #expect(outcomes[2].text == "")
    }

    @Test("attribute values and texts are cut at their limits with a marker")
    func limits() throws {
        let long = String(repeating: "é", count: 1_000)  // 2,000 bytes
        let suite = JUnitTestSuite(
            name: "S", timestamp: Self.epoch,
            properties: [JUnitProperty(name: "p", value: long)],
            testCases: [JUnitTestCase(name: long, className: "C", outcome: .failed(type: long, message: long, details: long))],
            systemOut: long, systemErr: long)
        let bytes = try JUnitWriter.render([suite], attributeLimit: 15, textLimit: 101)
        let parsed = try ParsedElement.parse(bytes).children[0]
        let attribute = XMLText.sanitize(long, limit: 15)
        let text = XMLText.sanitize(long, limit: 101)
        #expect(attribute == String(repeating: "é", count: 7) + "\n[… truncated 1986 bytes …]")
        #expect(text == String(repeating: "é", count: 50) + "\n[… truncated 1900 bytes …]")
        #expect(parsed.children[0].children[0].attributes["value"] == attribute)
        let testCase = parsed.children[1]
        #expect(testCase.attributes["name"] == attribute)
        #expect(testCase.children[0].attributes == ["type": attribute, "message": attribute])
        #expect(testCase.children[0].text == text)
        #expect(parsed.children[2].text == text)
        #expect(parsed.children[3].text == text)
    }

    @Test("default limits: 4 KiB per attribute value, 64 KiB per text")
    func defaultLimits() {
        #expect(JUnitWriter.defaultAttributeLimit == 4_096)
        #expect(JUnitWriter.defaultTextLimit == 65_536)
        #expect(JUnitWriter.maximumLimit == 8_000_000)
    }

    // MARK: Hostile text

    @Test("hostile text in every field still gives a well-formed document that round-trips",
          arguments: HostileInput.all)
    func hostileEverywhere(input: HostileInput) throws {
        let hostile = input.string
        let suite = JUnitTestSuite(
            name: hostile, package: hostile, timestamp: Self.epoch, hostname: hostile, time: 1,
            properties: [JUnitProperty(name: hostile, value: hostile)],
            testCases: [
                JUnitTestCase(name: hostile, className: hostile),
                JUnitTestCase(name: hostile, className: hostile,
                              outcome: .failed(type: hostile, message: hostile, details: hostile)),
                JUnitTestCase(name: hostile, className: hostile,
                              outcome: .errored(type: hostile, message: hostile, details: hostile)),
                JUnitTestCase(name: hostile, className: hostile, outcome: .skipped(message: hostile)),
            ],
            systemOut: hostile, systemErr: hostile)
        let bytes = try JUnitWriter.render([suite])
        #expect(!bytes.contains(subsequence: Array("]]>".utf8)))
        let parsed = try ParsedElement.parse(bytes).children[0]

        let attribute = XMLText.sanitize(hostile, limit: JUnitWriter.defaultAttributeLimit)
        let text = XMLText.sanitize(hostile, limit: JUnitWriter.defaultTextLimit)
        func orFallback(_ value: String, _ fallback: String) -> String {
            value.unicodeScalars.allSatisfy { [" ", "\t", "\n", "\r"].contains($0) } ? fallback : value
        }
        #expect(parsed.attributes["name"] == orFallback(attribute, "unnamed"))
        #expect(parsed.attributes["package"] == attribute)
        #expect(parsed.attributes["hostname"] == orFallback(attribute, "localhost"))
        #expect(parsed.attributes["tests"] == "4")
        #expect(parsed.attributes["failures"] == "1")
        #expect(parsed.attributes["errors"] == "1")
        #expect(parsed.attributes["skipped"] == "1")
        #expect(parsed.children[0].children[0].attributes
            == ["name": orFallback(attribute, "property"), "value": attribute])
        let cases = parsed.children(named: "testcase")
        #expect(cases.count == 4)
        for testCase in cases {
            #expect(testCase.attributes["name"] == attribute)
            #expect(testCase.attributes["classname"] == attribute)
        }
        #expect(cases[1].children[0].attributes == ["type": orFallback(attribute, "failure"), "message": attribute])
        #expect(cases[1].children[0].text == text)
        #expect(cases[2].children[0].attributes == ["type": orFallback(attribute, "error"), "message": attribute])
        #expect(cases[2].children[0].text == text)
        #expect(cases[3].children[0].text == text)
        #expect(parsed.children(named: "system-out").first?.text == text)
        #expect(parsed.children(named: "system-err").first?.text == text)
    }

    @Test("10 MB of hostile output: well-formed, truncated with the marker, counts exact")
    func tenMegabytes() throws {
        let chunk = HostileInput.all.map(\.string).joined(separator: "\n")
        var big = ""
        big.reserveCapacity(10_100_000)
        while big.utf8.count < 10_000_000 {
            big += chunk
        }
        let suite = JUnitTestSuite(
            name: "Big", timestamp: Self.epoch,
            testCases: [
                JUnitTestCase(name: "ok", className: "C"),
                JUnitTestCase(name: "fail", className: "C", outcome: .failed(type: "T", message: big, details: big)),
                JUnitTestCase(name: "skip", className: "C", outcome: .skipped(message: big)),
            ],
            systemOut: big, systemErr: big)
        let bytes = try JUnitWriter.render([suite])
        #expect(bytes.count < 1_000_000)
        let parsed = try ParsedElement.parse(bytes).children[0]
        #expect(parsed.attributes["tests"] == "3")
        #expect(parsed.attributes["failures"] == "1")
        #expect(parsed.attributes["errors"] == "0")
        #expect(parsed.attributes["skipped"] == "1")

        let text = XMLText.sanitize(big)
        let marker = #/\n\[… truncated [0-9]+ bytes …\]$/#.matchingSemantics(.unicodeScalar)
        #expect(text.contains(marker))
        #expect(text.utf8.count <= JUnitWriter.defaultTextLimit + 50)
        let systemOut = try #require(parsed.children(named: "system-out").first)
        #expect(systemOut.text == text)
        #expect(parsed.children(named: "system-err").first?.text == text)
        let failure = parsed.children(named: "testcase")[1].children[0]
        #expect(failure.text == text)
        let message = try #require(failure.attributes["message"])
        #expect(message.contains(marker))
        #expect(message == XMLText.sanitize(big, limit: JUnitWriter.defaultAttributeLimit))
    }

    @Test("limits above 8 MB are lowered so that readers without XML_PARSE_HUGE accept the text")
    func tenMegabytesUnlimited() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_100_000)
        let chunk = HostileInput.all.flatMap(\.bytes) + [0x0A]
        while bytes.count < 10_000_000 {
            bytes += chunk
        }
        let output = String(decoding: bytes, as: UTF8.self)
        let suite = JUnitTestSuite(name: "Big", timestamp: Self.epoch, systemOut: output)
        let rendered = try JUnitWriter.render([suite], textLimit: .max)
        let parsed = try ParsedElement.parse(rendered).children[0]
        let systemOut = try #require(parsed.children(named: "system-out").first)
        #expect(rendered.count > JUnitWriter.maximumLimit)
        #expect(systemOut.text == XMLText.sanitize(output, limit: JUnitWriter.maximumLimit))
        #expect(systemOut.text.contains("truncated"))
    }
}

// MARK: - Test support

/// One entry of the hostile-text matrix (shared/schemas/README.md, "Hostile text").
struct HostileInput: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]

    /// The text as a Swift String gets it from job output: invalid UTF-8 repaired by
    /// `String(decoding:as:)`, everything else (NUL, ESC, U+FFFE) kept.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    var testDescription: String { label }

    init(_ label: String, _ bytes: [UInt8]) {
        self.label = label
        self.bytes = bytes
    }

    init(_ label: String, _ text: String) {
        self.init(label, Array(text.utf8))
    }

    static let all: [HostileInput] = [
        HostileInput("NUL", [0x61, 0x00, 0x62]),
        HostileInput("ANSI colours", "\u{1B}[1;31mERROR\u{1B}[0m plain \u{1B}[38;5;208morange\u{1B}[m"),
        HostileInput("OSC hyperlink and title", "\u{1B}]8;;https://x.test\u{07}link\u{1B}]8;;\u{07} \u{1B}]0;title\u{1B}\\"),
        HostileInput("lone ESC", [0x1B]),
        HostileInput("unfinished CSI", "\u{1B}[31"),
        HostileInput("U+FFFE", "a\u{FFFE}b"),
        HostileInput("U+FFFF", "a\u{FFFF}b"),
        HostileInput("surrogate ED A0 80", [0x61, 0xED, 0xA0, 0x80, 0x62]),
        HostileInput("byte FF", [0x61, 0xFF, 0x62]),
        HostileInput("truncated C3", [0x61, 0xC3]),
        HostileInput("Latin-1 E9", [0x63, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x6B]),
        HostileInput("CDATA end", "a]]>b ]]]]><![CDATA[x]]>"),
        HostileInput("C0 controls", Array(0x01...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F)),
        HostileInput("character references", "&#27; &#0; &#xFFFE; &amp;"),
        HostileInput("TAB LF CR", "a\tb\nc\rd\r\ne"),
        HostileInput("DEL, C1, noncharacters U+FDD0 U+1FFFE, emoji",
                     Array("\u{7F}\u{85}\u{9B}".utf8) + [0xEF, 0xB7, 0x90, 0xF0, 0x9F, 0xBF, 0xBE] + Array("🚀 é".utf8)),
        HostileInput("markup", #"<a href="x" b='y'>&amp;</a>"#),
        HostileInput("whitespace only", "  \t "),
        HostileInput("empty", ""),
        HostileInput("overlong and out of range", [0xC0, 0xAF, 0xF4, 0x90, 0x80, 0x80, 0xF8]),
    ]
}

/// An element of a document parsed back with libxml2, reduced to what the tests compare.
struct ParsedElement {
    /// A document that libxml2 did not accept cleanly.
    struct ParseFailure: Error, CustomStringConvertible {
        let description: String
    }

    var name: String
    /// Attribute names in document order.
    var attributeNames: [String] = []
    var attributes: [String: String] = [:]
    var children: [ParsedElement] = []
    /// The element's own character data (text and CDATA children), concatenated.
    var text = ""

    func children(named name: String) -> [ParsedElement] {
        children.filter { $0.name == name }
    }

    /// Parses `bytes` with `xmlCtxtReadMemory(XML_PARSE_NONET)`; throws when the document is
    /// not well-formed or libxml2 reported any error or warning.
    static func parse(_ bytes: [UInt8]) throws -> ParsedElement {
        xmlInitParser()
        guard let context = xmlNewParserCtxt() else { throw ParseFailure(description: "xmlNewParserCtxt failed") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), "junit.xml", nil, options)
            }
        }
        defer { xmlFreeDoc(document) }
        let lastError = context.pointee.lastError
        guard let document, context.pointee.wellFormed != 0, lastError.code == 0 else {
            let message = lastError.message.map { String(cString: $0) } ?? "no message"
            throw ParseFailure(description: "libxml2 error \(lastError.code) at line \(lastError.line): \(message)")
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw ParseFailure(description: "no root element")
        }
        return ParsedElement(root)
    }

    private init(_ node: UnsafeMutablePointer<xmlNode>) {
        name = String(cString: node.pointee.name)
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = String(cString: current.pointee.name)
            attributeNames.append(attributeName)
            attributes[attributeName] = Self.characterData(of: current.pointee.children)
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                children.append(ParsedElement(current))
            }
            child = current.pointee.next
        }
        text = Self.characterData(of: node.pointee.children)
    }

    private static func characterData(of firstChild: UnsafeMutablePointer<xmlNode>?) -> String {
        var bytes: [UInt8] = []
        var child = firstChild
        while let current = child {
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                let length = Int(xmlStrlen(content))
                bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
            }
            child = current.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in the array.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return indices.dropLast(needle.count - 1).contains { start in
            self[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}

import Testing
import Verify

@Suite("XMLText")
struct XMLTextTests {
    /// Whether `scalar` is a character XML 1.0 allows.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    // MARK: Hostile matrix

    @Test("every hostile input comes out as XML characters only, without ESC",
          arguments: HostileInput.all)
    func hostileBytes(input: HostileInput) {
        for sanitized in [XMLText.sanitize(bytes: input.bytes), XMLText.sanitize(input.string)] {
            #expect(sanitized.unicodeScalars.allSatisfy(Self.isXMLCharacter))
            #expect(!sanitized.unicodeScalars.contains("\u{1B}"))
            #expect(!sanitized.unicodeScalars.contains("\u{0}"))
        }
    }

    @Test("sanitizing is idempotent", arguments: HostileInput.all)
    func idempotent(input: HostileInput) {
        let once = XMLText.sanitize(bytes: input.bytes, limit: .max)
        #expect(XMLText.sanitize(once, limit: .max) == once)
        #expect(XMLText.sanitize(bytes: Array(once.utf8), limit: .max) == once)
    }

    @Test("bytes: each byte that is not well-formed UTF-8 becomes one U+FFFD", arguments: [
        ([0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // UTF-8-encoded surrogate
        ([0x61, 0xFF, 0x62], "a\u{FFFD}b"),
        ([0xC3], "\u{FFFD}"),  // truncated
        ([0xC3, 0x41], "\u{FFFD}A"),
        ([0x63, 0x61, 0x66, 0xE9], "caf\u{FFFD}"),  // Latin-1
        ([0xE9, 0x80], "\u{FFFD}\u{FFFD}"),
        ([0xC0, 0xAF], "\u{FFFD}\u{FFFD}"),  // overlong
        ([0xE0, 0x80, 0xAF], "\u{FFFD}\u{FFFD}\u{FFFD}"),  // overlong
        ([0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),  // past U+10FFFF
        ([0xF8, 0x88, 0x80, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ([0x80], "\u{FFFD}"),
        ([0x00], "\u{FFFD}"),
        ([0xEF, 0xBF, 0xBE], "\u{FFFD}"),  // U+FFFE
        ([0xEF, 0xBF, 0xBF], "\u{FFFD}"),  // U+FFFF
        ([0xEF, 0xBF, 0xBD], "\u{FFFD}"),  // U+FFFD itself is kept
        ([0xC3, 0xA9], "é"),
        ([0xF0, 0x9F, 0x9A, 0x80], "🚀"),
        ([0xED, 0x9F, 0xBF], "\u{D7FF}"),
        ([0xEE, 0x80, 0x80], "\u{E000}"),
        ([0xF4, 0x8F, 0xBF, 0xBF], "\u{10FFFF}"),
    ] as [([UInt8], String)])
    func invalidUTF8(bytes: [UInt8], expected: String) {
        #expect(XMLText.sanitize(bytes: bytes) == expected)
    }

    @Test("characters XML forbids become U+FFFD", arguments: Array(0x00...0x1F).filter { ![0x09, 0x0A, 0x0D, 0x1B].contains($0) })
    func controlCharacters(byte: Int) throws {
        let scalar = try #require(Unicode.Scalar(byte))
        #expect(XMLText.sanitize("a\(Character(scalar))b") == "a\u{FFFD}b")
        #expect(XMLText.sanitize(bytes: [0x61, UInt8(byte), 0x62]) == "a\u{FFFD}b")
    }

    /// Texts made only of characters XML allows (noncharacters U+FDD0, U+1FFFE, U+10FFFF as
    /// bytes: Swift string literals reject them as `\u{…}` escapes).
    static let allowedTexts = [
        "plain", "tab\there", "lf\nhere", "cr\rhere", "crlf\r\n", "\u{7F}", "\u{80}\u{85}\u{9F}",
        "\u{D7FF}\u{E000}\u{FFFD}", String(decoding: [0xEF, 0xB7, 0x90, 0xF0, 0x9F, 0xBF, 0xBE, 0xF4, 0x8F, 0xBF, 0xBF] as [UInt8], as: UTF8.self), "é 🚀 中文", "]]> & < > \" '",
        "&#27; &#0;", "",
    ]

    @Test("characters XML allows are kept unchanged", arguments: allowedTexts)
    func allowedKept(text: String) {
        #expect(XMLText.sanitize(text) == text)
        #expect(XMLText.sanitize(bytes: Array(text.utf8)) == text)
    }

    // MARK: ANSI escapes

    @Test("ANSI escape sequences are removed; incomplete ones keep their text", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("\u{1B}[1;38;5;208mX\u{1B}[m", "X"),
        ("a\u{1B}[2Kb\u{1B}[1Gc", "abc"),
        ("\u{1B}[?25lhidden cursor\u{1B}[?25h", "hidden cursor"),
        ("\u{1B}]8;;https://x.test\u{07}link\u{1B}]8;;\u{07}", "link"),
        ("\u{1B}]0;title\u{1B}\\after", "after"),
        ("\u{1B}P1$r0m\u{1B}\\dcs", "dcs"),
        ("\u{1B}(Babc", "abc"),
        ("\u{1B}7saved\u{1B}8", "saved"),
        ("\u{1B}Mup", "up"),
        ("abc\u{1B}", "abc\u{FFFD}"),
        ("\u{1B}[31", "\u{FFFD}[31"),
        ("\u{1B}[3\nx", "\u{FFFD}[3\nx"),
        ("\u{1B}]0;no end", "\u{FFFD}]0;no end"),
        ("\u{1B}]0;interrupted\u{1B}[0m", "\u{FFFD}]0;interrupted"),
        ("\u{1B}\u{1B}[m", "\u{FFFD}"),
        ("\u{1B}é", "\u{FFFD}é"),
        ("\u{1B}[31m\u{0}\u{1B}[0m", "\u{FFFD}"),
    ] as [(String, String)])
    func ansiEscapes(input: String, expected: String) {
        #expect(XMLText.sanitize(input) == expected)
        #expect(XMLText.sanitize(bytes: Array(input.utf8)) == expected)
    }

    // MARK: Truncation

    @Test("text over the limit keeps a prefix and appends the marker")
    func truncation() {
        let text = String(repeating: "a", count: 100)
        #expect(XMLText.sanitize(text, limit: 10) == "aaaaaaaaaa\n[… truncated 90 bytes …]")
        #expect(XMLText.sanitize(text, limit: 100) == text)
        #expect(XMLText.sanitize(text, limit: 99) == String(repeating: "a", count: 99) + "\n[… truncated 1 bytes …]")
        #expect(XMLText.sanitize(text, limit: 0) == "\n[… truncated 100 bytes …]")
        #expect(XMLText.sanitize(text, limit: -5) == "\n[… truncated 100 bytes …]")
        #expect(XMLText.sanitize(bytes: Array(text.utf8), limit: 10) == "aaaaaaaaaa\n[… truncated 90 bytes …]")
        #expect(XMLText.sanitize("", limit: 0) == "")
    }

    @Test("truncation never splits a character")
    func truncationBoundary() {
        let accents = String(repeating: "é", count: 10)  // 20 bytes
        #expect(XMLText.sanitize(accents, limit: 5) == "éé\n[… truncated 16 bytes …]")
        #expect(XMLText.sanitize(accents, limit: 6) == "ééé\n[… truncated 14 bytes …]")
        let rockets = String(repeating: "🚀", count: 3)  // 12 bytes
        #expect(XMLText.sanitize(rockets, limit: 7) == "🚀\n[… truncated 8 bytes …]")
        #expect(XMLText.sanitize(rockets, limit: 3) == "\n[… truncated 12 bytes …]")
        // A replacement character that does not fit is not written either.
        #expect(XMLText.sanitize("abc\u{0}", limit: 4) == "abc\n[… truncated 1 bytes …]")
        #expect(XMLText.sanitize(bytes: [0x61, 0x62, 0xFF, 0xFF], limit: 5) == "ab\u{FFFD}\n[… truncated 1 bytes …]")
    }

    @Test("the limit applies to the sanitized text: removed escapes do not count")
    func limitAfterStripping() {
        let text = "\u{1B}[1;31m" + String(repeating: "a", count: 10) + "\u{1B}[0m"
        #expect(XMLText.sanitize(text, limit: 10) == String(repeating: "a", count: 10))
    }

    @Test("10 MB of hostile text is sanitized and truncated to the default limit")
    func tenMegabytes() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_100_000)
        let chunk = HostileInput.all.flatMap(\.bytes) + [0x0A]
        while bytes.count < 10_000_000 {
            bytes += chunk
        }
        let truncated = XMLText.sanitize(bytes: bytes)
        #expect(truncated.unicodeScalars.allSatisfy(Self.isXMLCharacter))
        let marker = try #require(truncated.firstRange(of: #/\n\[… truncated [0-9]+ bytes …\]$/#.matchingSemantics(.unicodeScalar)))
        let kept = truncated[..<marker.lowerBound]
        #expect(kept.utf8.count <= XMLText.defaultLimit)
        #expect(kept.utf8.count > XMLText.defaultLimit - 4)

        let whole = XMLText.sanitize(bytes: bytes, limit: .max)
        #expect(whole.unicodeScalars.allSatisfy(Self.isXMLCharacter))
        #expect(!whole.contains("truncated"))
        #expect(whole.utf8.count > 9_000_000)
        // The kept part is exactly the start of the whole sanitized text.
        #expect(whole.utf8.starts(with: kept.utf8))
    }
}

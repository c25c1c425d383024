import CFuzzSupport
import Foundation
import Verify

/// libFuzzer entry point: the input bytes become every text of a JUnit document (suite and
/// test names, a property, a failure message and details, system-out) through
/// `XMLText.sanitize(bytes:)` and also as a leniently decoded String given to the writer
/// unsanitised. `JUnitWriter.render` must produce a document libxml2 parses as well-formed
/// XML, and sanitised text must contain only XML 1.0 characters.
@_cdecl("FuzzJUnit_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzJUnit)
}

func fuzzJUnit(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let sanitized = XMLText.sanitize(bytes: bytes, limit: 4096)
    for scalar in sanitized.unicodeScalars {
        let value = scalar.value
        let legal = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        precondition(legal, "sanitize kept U+\(String(value, radix: 16))")
    }
    precondition(!sanitized.contains("\u{1B}"), "sanitize kept an ESC")
    let raw = String(decoding: bytes, as: UTF8.self)
    for text in [sanitized, raw] {
        let suite = JUnitTestSuite(
            name: text.isEmpty ? "suite" : text, package: text, timestamp: Date(timeIntervalSince1970: 0),
            hostname: text.isEmpty ? "host" : text, time: 1.5,
            properties: [JUnitProperty(name: "p" + text, value: text)],
            testCases: [
                JUnitTestCase(name: text, className: text, time: 0.25, outcome: .failed(type: text, message: text, details: text)),
                JUnitTestCase(name: "e", className: "c", outcome: .errored(type: "", message: text, details: text)),
                JUnitTestCase(name: "s", className: "c", outcome: .skipped(message: text)),
            ],
            systemOut: text, systemErr: text)
        let document: [UInt8]
        do { document = try JUnitWriter.render([suite], attributeLimit: 2048, textLimit: 4096) } catch { continue }
        let parsed = document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "junit.xml", nil, Int32(XML_PARSE_NONET.rawValue))
            }
        }
        precondition(parsed != nil, "JUnitWriter produced XML that is not well-formed")
        xmlFreeDoc(parsed)
    }
    return 0
}

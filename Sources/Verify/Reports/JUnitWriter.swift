import CXML2
// Not `Foundation`: on Linux it loads Foundation's private copy of the ICU headers, while
// libxml2's headers (Debian/Ubuntu build libxml2 with ICU) pull in the system's ICU headers,
// and the two clash ("'UErrorCode' has different definitions in different modules").
// FoundationEssentials has `Date` and no ICU. Because other files of this module import
// Foundation, CXML2's shim.h must also `#undef LIBXML_ICU_ENABLED` before including libxml2,
// or clean builds still fail.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders ``JUnitTestSuite`` values as one JUnit XML document that validates against the
/// three strict schemas in `shared/schemas` (jenkins, junit5, windyroad).
///
/// The document has the shape those schemas agree on:
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <testsuites>
///   <testsuite id="0" package="P" name="S" tests="2" failures="1" errors="0" skipped="0"
///              time="0.125" timestamp="2024-01-15T10:30:00" hostname="localhost">
///     <properties>
///       <property name="suite.0.generator" value="verify-run-all"/>
///     </properties>
///     <testcase name="a" classname="S" time="0.002"/>
///     <testcase name="b" classname="S" time="0.011">
///       <failure type="failure" message="…">details</failure>
///     </testcase>
///     <system-out>…</system-out>
///     <system-err/>
///   </testsuite>
/// </testsuites>
/// ```
///
/// Rules the writer applies so that any input yields a valid file:
/// * Every string from the model goes through ``XMLText/sanitize(_:limit:)``: attribute
///   values (names, class names, messages, property names and values, types) are cut at
///   `attributeLimit` bytes, element texts (failure/error details, skipped messages,
///   `system-out`, `system-err`) at `textLimit` bytes. No CDATA is used.
/// * `id` counts suites from 0. `tests`/`failures`/`errors`/`skipped` are computed from the
///   test cases, so they always match.
/// * Times are seconds with exactly three fraction digits (`0.125`), never an exponent, never
///   negative: negative, NaN and infinite times are written as `0.000`, times above
///   999 999 999 999.999 s as that value.
/// * `timestamp` is the UTC time truncated to whole seconds, `YYYY-MM-DDTHH:MM:SS`, clamped to
///   the years 0001–9999 (`xs:dateTime` has no year 0 and the pattern allows four digits).
/// * A blank (empty or whitespace-only after sanitizing) suite name becomes `unnamed`, a blank
///   host name `localhost`, a blank failure/error type `failure`/`error`, a blank property
///   name `property`.
/// * Every suite has at least one property: a suite without any gets
///   `suite.<id>.generator` = `verify-run-all`.
/// * Property names are unique in the whole file, because some consumers merge the properties
///   of all suites into one map. After sanitizing (and the blank rule), a name that occurs
///   exactly once in the file is written unchanged; a name that occurs more than once gets
///   the prefix `suite.<id>.` (unless it already starts with it). If the name is still taken
///   by a property written earlier in the file (the same name twice in one suite, or a clash
///   with a literal name), the first free suffix of `#2`, `#3`, … is appended.
public enum JUnitWriter {
    /// Default limit, in UTF-8 bytes, of one attribute value: 4 KiB.
    public static let defaultAttributeLimit = 4_096
    /// Default limit, in UTF-8 bytes, of one element text: 64 KiB.
    public static let defaultTextLimit = 65_536
    /// The largest limit honoured, in UTF-8 bytes: 8 MB. libxml2-based readers (xmllint,
    /// many CI plug-ins) reject any text node or attribute value over 10,000,000 bytes unless
    /// told to read "huge" documents, so larger limits are lowered to this one.
    public static let maximumLimit = 8_000_000
    /// The value of the property added to a suite that has none.
    public static let generatorName = "verify-run-all"

    /// Renders `suites` as a UTF-8 JUnit XML document (indented, with an XML declaration).
    ///
    /// - Parameters:
    ///   - suites: the suites, written in this order with `id` 0, 1, 2, ….
    ///   - attributeLimit: maximum UTF-8 bytes of each attribute value before the truncation
    ///     marker (default ``defaultAttributeLimit``; at most ``maximumLimit``).
    ///   - textLimit: maximum UTF-8 bytes of each element text before the truncation marker
    ///     (default ``defaultTextLimit``; at most ``maximumLimit``).
    /// - Returns: the document's bytes.
    /// - Throws: ``JUnitWriterError`` naming the libxml2 call that failed.
    public static func render(
        _ suites: [JUnitTestSuite],
        attributeLimit: Int = defaultAttributeLimit,
        textLimit: Int = defaultTextLimit
    ) throws(JUnitWriterError) -> [UInt8] {
        let attributeLimit = min(attributeLimit, maximumLimit)
        let textLimit = min(textLimit, maximumLimit)
        xmlInitParser()
        guard let buffer = xmlBufferCreate() else {
            throw JUnitWriterError(operation: "xmlBufferCreate", code: -1)
        }
        defer { xmlBufferFree(buffer) }
        // The default "exact" scheme grows the buffer by a constant; doubling keeps a large
        // report linear.
        xmlBufferSetAllocationScheme(buffer, XML_BUFFER_ALLOC_DOUBLEIT)
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            throw JUnitWriterError(operation: "xmlNewTextWriterMemory", code: -1)
        }
        // Declared after the buffer's defer, so it runs first: the writer flushes into the
        // buffer when freed and must go before the buffer does.
        defer { xmlFreeTextWriter(writer) }

        let document = Document(writer: writer, attributeLimit: attributeLimit, textLimit: textLimit)
        try document.check(xmlTextWriterSetIndent(writer, 1), "xmlTextWriterSetIndent")
        try document.check(xmlTextWriterSetIndentString(writer, "  "), "xmlTextWriterSetIndentString")
        try document.check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "xmlTextWriterStartDocument")
        try document.start("testsuites")
        let propertyNames = uniquePropertyNames(for: suites, attributeLimit: attributeLimit)
        for (id, suite) in suites.enumerated() {
            try document.write(suite, id: id, propertyNames: propertyNames[id])
        }
        try document.end("testsuites")
        try document.check(xmlTextWriterEndDocument(writer), "xmlTextWriterEndDocument")
        try document.check(xmlTextWriterFlush(writer), "xmlTextWriterFlush")

        let length = Int(xmlBufferLength(buffer))
        guard length >= 0, let content = xmlBufferContent(buffer) else {
            throw JUnitWriterError(operation: "xmlBufferContent", code: -1)
        }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    // MARK: - Property names

    /// The property of a suite the caller gave no properties.
    static func defaultProperty(id: Int) -> JUnitProperty {
        JUnitProperty(name: "suite.\(id).generator", value: generatorName)
    }

    /// The properties written for `suite`: its own, or the generator property when it has none.
    static func effectiveProperties(of suite: JUnitTestSuite, id: Int) -> [JUnitProperty] {
        suite.properties.isEmpty ? [defaultProperty(id: id)] : suite.properties
    }

    /// The names written for the properties of each suite, unique in the whole file, following
    /// the rules in the ``JUnitWriter`` overview.
    static func uniquePropertyNames(for suites: [JUnitTestSuite], attributeLimit: Int) -> [[String]] {
        let sanitized = suites.enumerated().map { id, suite in
            effectiveProperties(of: suite, id: id).map { property in
                nonBlank(XMLText.sanitize(property.name, limit: attributeLimit), or: "property")
            }
        }
        var occurrences: [String: Int] = [:]
        for name in sanitized.joined() {
            occurrences[name, default: 0] += 1
        }
        var used = Set<String>()
        return sanitized.enumerated().map { id, names in
            names.map { name in
                let prefix = "suite.\(id)."
                var candidate = name
                if occurrences[name, default: 0] > 1, !name.hasPrefix(prefix) {
                    candidate = prefix + name
                }
                if used.contains(candidate) {
                    var suffix = 2
                    while used.contains("\(candidate)#\(suffix)") {
                        suffix += 1
                    }
                    candidate = "\(candidate)#\(suffix)"
                }
                used.insert(candidate)
                return candidate
            }
        }
    }

    // MARK: - Formatting

    /// `text`, or `fallback` when `text` is empty or only XML whitespace (which an `xs:token`
    /// attribute collapses to nothing).
    static func nonBlank(_ text: String, or fallback: String) -> String {
        let isBlank = text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return isBlank ? fallback : text
    }

    /// The largest time written, in milliseconds (exactly representable as a Double).
    private static let maximumMilliseconds: Double = 999_999_999_999_999

    /// `seconds` with exactly three fraction digits and no exponent (`12.345`); negative and
    /// non-finite values give `0.000`.
    static func formatTime(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0.000" }
        let milliseconds = Int64(min((seconds * 1000).rounded(), maximumMilliseconds))
        let fraction = Int(milliseconds % 1000)
        let digits: String
        switch fraction {
        case 0..<10: digits = "00\(fraction)"
        case 10..<100: digits = "0\(fraction)"
        default: digits = "\(fraction)"
        }
        return "\(milliseconds / 1000).\(digits)"
    }

    /// Seconds from 1970 of 0001-01-01T00:00:00 and of 9999-12-31T23:59:59 (UTC).
    private static let timestampRange: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// `date` in UTC as `YYYY-MM-DDTHH:MM:SS` (no zone, no fraction), clamped to years
    /// 0001–9999; a non-finite date gives the epoch.
    static func formatTimestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let seconds: Int64
        if !interval.isFinite {
            seconds = 0
        } else if interval <= Double(timestampRange.lowerBound) {
            seconds = timestampRange.lowerBound
        } else if interval >= Double(timestampRange.upperBound) {
            seconds = timestampRange.upperBound
        } else {
            seconds = Int64(interval.rounded(.down))
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T"
            + "\(padded(secondOfDay / 3_600, 2)):\(padded(secondOfDay % 3_600 / 60, 2)):\(padded(secondOfDay % 60, 2))"
    }
}

// MARK: - Emitting

extension JUnitWriter {
    /// The libxml2 text writer plus the limits, with one checked method per kind of output.
    ///
    /// Every call's return code is checked; a negative one becomes a ``JUnitWriterError``.
    private struct Document {
        let writer: OpaquePointer
        let attributeLimit: Int
        let textLimit: Int

        func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(JUnitWriterError) {
            if code < 0 {
                throw JUnitWriterError(operation: operation(), code: code)
            }
        }

        func start(_ element: StaticString) throws(JUnitWriterError) {
            try check(xmlTextWriterStartElement(writer, element.utf8Start), "xmlTextWriterStartElement(\(element))")
        }

        func end(_ element: StaticString) throws(JUnitWriterError) {
            try check(xmlTextWriterEndElement(writer), "xmlTextWriterEndElement(\(element))")
        }

        /// Writes `name="value"` with `value` sanitized and cut at the attribute limit.
        func attribute(_ name: StaticString, _ value: String) throws(JUnitWriterError) {
            try attribute(name, value, limit: attributeLimit)
        }

        /// Writes `name="value"` for a value that was already sanitized and cut (or that the
        /// writer generated): it is sanitized again, which changes nothing for such a value,
        /// but not cut again, so an earlier truncation marker stays intact.
        func sanitizedAttribute(_ name: StaticString, _ value: String) throws(JUnitWriterError) {
            try attribute(name, value, limit: Int.max)
        }

        private func attribute(_ name: StaticString, _ value: String, limit: Int) throws(JUnitWriterError) {
            let code = XMLText.withSanitizedCString(value, limit: limit) { pointer in
                xmlTextWriterWriteAttribute(writer, name.utf8Start, pointer)
            }
            try check(code, "xmlTextWriterWriteAttribute(\(name))")
        }

        /// Writes `<element>text</element>` with `text` sanitized and cut at the text limit
        /// (`<element/>` when the text is empty).
        func textElement(_ element: StaticString, _ text: String) throws(JUnitWriterError) {
            try start(element)
            try self.text(text, in: element)
            try end(element)
        }

        /// Writes `text`, sanitized and cut at the text limit, as escaped character data.
        func text(_ text: String, in element: StaticString) throws(JUnitWriterError) {
            guard !text.isEmpty else { return }
            let code = XMLText.withSanitizedCString(text, limit: textLimit) { pointer in
                xmlTextWriterWriteString(writer, pointer)
            }
            try check(code, "xmlTextWriterWriteString(\(element))")
        }

        func write(_ suite: JUnitTestSuite, id: Int, propertyNames: [String]) throws(JUnitWriterError) {
            let name = JUnitWriter.nonBlank(XMLText.sanitize(suite.name, limit: attributeLimit), or: "unnamed")
            let hostname = JUnitWriter.nonBlank(XMLText.sanitize(suite.hostname, limit: attributeLimit), or: "localhost")
            var failures = 0
            var errors = 0
            var skipped = 0
            for testCase in suite.testCases {
                switch testCase.outcome {
                case .passed: break
                case .failed: failures += 1
                case .errored: errors += 1
                case .skipped: skipped += 1
                }
            }

            try start("testsuite")
            try sanitizedAttribute("id", String(id))
            try attribute("package", suite.package)
            try sanitizedAttribute("name", name)
            try sanitizedAttribute("tests", String(suite.testCases.count))
            try sanitizedAttribute("failures", String(failures))
            try sanitizedAttribute("errors", String(errors))
            try sanitizedAttribute("skipped", String(skipped))
            try sanitizedAttribute("time", JUnitWriter.formatTime(suite.time))
            try sanitizedAttribute("timestamp", JUnitWriter.formatTimestamp(suite.timestamp))
            try sanitizedAttribute("hostname", hostname)

            try start("properties")
            let properties = JUnitWriter.effectiveProperties(of: suite, id: id)
            for (property, propertyName) in zip(properties, propertyNames) {
                try start("property")
                try sanitizedAttribute("name", propertyName)
                try attribute("value", property.value)
                try end("property")
            }
            try end("properties")

            for testCase in suite.testCases {
                try write(testCase)
            }

            try textElement("system-out", suite.systemOut)
            try textElement("system-err", suite.systemErr)
            try end("testsuite")
        }

        func write(_ testCase: JUnitTestCase) throws(JUnitWriterError) {
            try start("testcase")
            try attribute("name", testCase.name)
            try attribute("classname", testCase.className)
            try sanitizedAttribute("time", JUnitWriter.formatTime(testCase.time))
            switch testCase.outcome {
            case .passed:
                break
            case let .failed(type, message, details):
                try problem("failure", type: type, message: message, details: details)
            case let .errored(type, message, details):
                try problem("error", type: type, message: message, details: details)
            case let .skipped(message):
                // junit5 rejects any attribute on <skipped>: the message is its text.
                try textElement("skipped", message)
            }
            try end("testcase")
        }

        /// `<failure>` or `<error>`; the element name doubles as the default type.
        private func problem(_ element: StaticString, type: String, message: String, details: String) throws(JUnitWriterError) {
            let fallbackType = element.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            try start(element)
            try sanitizedAttribute("type", JUnitWriter.nonBlank(XMLText.sanitize(type, limit: attributeLimit), or: fallbackType))
            try attribute("message", message)
            try text(details, in: element)
            try end(element)
        }
    }
}

/// A libxml2 call failed while rendering a JUnit document (in practice: out of memory).
public struct JUnitWriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The libxml2 call that failed, with the element or attribute it was writing, such as
    /// `xmlTextWriterWriteAttribute(name)`.
    public var operation: String
    /// The value the call returned (negative; -1 for a call that returned NULL).
    public var code: Int32

    /// Creates an error for `operation` having returned `code`.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// One line: `cannot render JUnit XML: <operation> failed (returned <code>)`.
    public var description: String {
        "cannot render JUnit XML: \(operation) failed (returned \(code))"
    }
}

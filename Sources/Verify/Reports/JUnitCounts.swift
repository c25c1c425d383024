import Foundation

/// Test counts read from a JUnit XML file (a target's own suite).
struct JUnitCounts: Equatable {
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0

    /// Counts `<testcase>` elements and their `<failure>`/`<error>`/`<skipped>` children.
    static func read(path: String) -> JUnitCounts? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("<testsuite") else { return nil }
        var counts = JUnitCounts()
        counts.tests = occurrences(of: "<testcase", in: text)
        counts.failures = occurrences(of: "<failure", in: text)
        counts.errors = occurrences(of: "<error", in: text)
        counts.skipped = occurrences(of: "<skipped", in: text)
        return counts
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

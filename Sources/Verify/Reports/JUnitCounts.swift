import Foundation
import Runner

/// Test counts read from a JUnit XML file (a target's own suite).
struct JUnitCounts: Equatable {
    var tests = 0
    var failures = 0
    var errors = 0
    var skipped = 0

    /// Counts `<testcase>` elements and their `<failure>`/`<error>`/`<skipped>` children.
    static func read(path: String) -> JUnitCounts? {
        // The target writes this file: refuse a FIFO or a runaway size instead of hanging.
        guard let bytes = try? FileContents.read(path, limit: FileContents.configLimit, regularOnly: true), !bytes.isEmpty else { return nil }
        let data = Data(bytes)
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

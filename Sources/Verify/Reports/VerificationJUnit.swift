public import Foundation

/// Maps check results to JUnit suites: one testsuite per check group (`cli`, `parallel`, ...),
/// one testcase per check named by its id; properties carry the target, settings, environment
/// and measured figures. Inconclusive checks are `<skipped>` unless `strict`, then failures.
public enum VerificationJUnit {
    public static func suites(results: [CheckResult], properties: [(String, String)], timestamp: Date,
                              strict: Bool) -> [JUnitTestSuite] {
        var groups: [String] = []
        for result in results where !groups.contains(result.group) { groups.append(result.group) }
        return groups.enumerated().map { index, group in
            let members = results.filter { $0.group == group }
            var suiteProperties = index == 0 ? properties.map { JUnitProperty(name: $0.0, value: $0.1) } : []
            for result in members {
                for measurement in result.measurements {
                    suiteProperties.append(JUnitProperty(name: "\(result.id).\(measurement.name)",
                                                         value: Self.format(measurement.value) + measurement.unit))
                }
            }
            if suiteProperties.isEmpty { suiteProperties.append(JUnitProperty(name: "suite.\(index).group", value: group)) }
            let cases = members.map { result in
                JUnitTestCase(name: result.id, className: "verify-run-all.\(group)", time: result.seconds, outcome: outcome(result, strict: strict))
            }
            let systemOut = members.flatMap { result in
                ["== \(result.id): \(result.status.rawValue)\(result.reason.map { " — \($0)" } ?? "")"]
                    + result.notes.map { "   \($0)" }
                    + result.commands.map { "   $ \($0.command)  [\($0.status), \(String(format: "%.2f", $0.seconds)) s]" }
            }.joined(separator: "\n")
            return JUnitTestSuite(name: "verify-run-all.\(group)", package: "verify-run-all", timestamp: timestamp,
                                  hostname: Environment.current.hostname, time: members.map(\.seconds).reduce(0, +),
                                  properties: suiteProperties, testCases: cases, systemOut: systemOut, systemErr: "")
        }
    }

    static func outcome(_ result: CheckResult, strict: Bool) -> JUnitTestCase.Outcome {
        let details = (result.notes + result.commands.map { "$ \($0.command) [\($0.status)]\n\($0.excerpt)" }).joined(separator: "\n")
        let message = result.reason ?? result.title
        switch result.status {
        case .passed: return .passed
        case .failed: return .failed(type: "check-failed", message: message, details: details)
        case .errored: return .errored(type: "check-errored", message: message, details: details)
        case .skipped: return .skipped(message: message)
        case .inconclusive:
            return strict ? .failed(type: "inconclusive", message: message, details: details) : .skipped(message: "inconclusive: " + message)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int(value)) : String(format: "%.4f", value)
    }
}

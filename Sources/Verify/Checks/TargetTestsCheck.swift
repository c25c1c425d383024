import Foundation
import Runner

/// target.tests: the target's own test suite passes; counts come from its JUnit file when it
/// writes one. A profile without a test suite (or a missing test script) is reported skipped,
/// never passed.
struct TargetTestsCheck: Check {
    let id = "target.tests"
    let title = "the target's own test suite passes"

    func run(_ context: CheckContext) async -> CheckResult {
        guard let suite = context.profile.tests else {
            return result(.skipped, "the profile \(context.profile.name) names no test command")
        }
        let junitPath = context.workload.directory + "/target-tests.xml"
        let argv = suite.command.map { context.expand($0, junit: junitPath) }
        if let script = argv.dropFirst().first(where: { $0.hasSuffix(".py") }), !script.hasPrefix("/"),
           !FileManager.default.fileExists(atPath: context.settings.projectDir + "/" + script) {
            return result(.skipped, "no test suite: \(script) not found in \(context.settings.projectDir)")
        }
        var environment: [String: String] = [:]
        for (key, value) in suite.environment ?? [:] { environment[key] = context.expand(value, junit: junitPath) }
        let runner = TargetRunner(environment: context.runner.environment, workdir: context.settings.projectDir,
                                  scratchDirectory: context.runner.scratchDirectory)
        context.log("$ " + ShellQuote.join(argv))
        let run = await runner.run(argv, timeout: suite.timeout ?? 300, extraEnvironment: environment)
        let commands = [context.record(run)]
        if let error = run.startError { return result(.errored, "the test command could not be started: \(error)", commands: commands) }
        if run.timedOut { return result(.failed, "the test suite did not finish within \(Int(suite.timeout ?? 300)) s", commands: commands) }
        var measurements: [Measurement] = []
        var notes: [String] = []
        if let junit = suite.junit.map({ context.expand($0, junit: junitPath) }) {
            if let counts = JUnitCounts.read(path: junit) {
                measurements = [Measurement("tests", Double(counts.tests)), Measurement("failures", Double(counts.failures)),
                                Measurement("errors", Double(counts.errors)), Measurement("skipped", Double(counts.skipped))]
                notes.append("\(counts.tests - counts.failures - counts.errors - counts.skipped)/\(counts.tests) tests passed (from \((junit as NSString).lastPathComponent))")
                if run.exitCode == 0, counts.failures + counts.errors > 0 {
                    return result(.failed, "the suite exited 0 but its JUnit reports \(counts.failures) failures and \(counts.errors) errors",
                                  commands: commands, measurements: measurements, notes: notes)
                }
                if counts.tests == 0 { return result(.failed, "the suite ran no test", commands: commands, measurements: measurements, notes: notes) }
            } else {
                notes.append("the suite wrote no readable JUnit file")
            }
        }
        guard run.exitCode == 0 else {
            return result(.failed, "the test suite ended with \(run.statusDescription)", commands: commands, measurements: measurements, notes: notes)
        }
        return result(.passed, commands: commands, measurements: measurements, notes: notes)
    }
}

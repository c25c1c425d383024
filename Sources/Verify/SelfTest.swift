import Foundation
import Runner

/// `run-all --self-test`: runs the DESIGN §3 contract against a temporary catalog with this
/// very executable, prints one line per case and `N passed, N failed`, and writes JUnit when
/// asked. It is the `run-all` profile's test command: fast, and it never runs `swift test`.
public enum SelfTest {
    struct Case: Sendable {
        let name: String
        let arguments: [String]
        let verify: @Sendable (TargetRun, String) -> String?   // (run, directory) -> failure reason or nil
    }

    /// Runs the cases with the executable at `executable`; returns the exit status (0 or 1).
    public static func main(executable: String, junitPath: String?) async -> Int32 {
        let directory = NSTemporaryDirectory() + "run-all-self-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try catalog.write(toFile: directory + "/jobs.json", atomically: true, encoding: .utf8)
        } catch {
            Console.err("run-all: error: cannot create the self-test directory \(directory)")
            return ExitStatus.usage
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let runner = TargetRunner(environment: environment, workdir: directory, scratchDirectory: directory)
        var testCases: [JUnitTestCase] = []
        var failures = 0
        let start = MonotonicClock.now()
        for testCase in cases {
            for marker in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where marker.hasPrefix("ran-") {
                try? FileManager.default.removeItem(atPath: directory + "/" + marker)
            }
            let base = testCase.name == "help" ? [] : ["--config", "jobs.json", "--no-auto-discover"]
            let run = await runner.run([executable] + base + testCase.arguments, timeout: 30)
            let failure = run.startError ?? (run.timedOut ? "timed out" : testCase.verify(run, directory))
            Console.out("\(failure == nil ? "ok" : "not ok") - \(testCase.name)\(failure.map { ": \($0)" } ?? "")")
            if failure != nil { failures += 1 }
            testCases.append(JUnitTestCase(name: testCase.name, className: "run-all.self-test", time: run.seconds,
                                           outcome: failure.map { .failed(type: "contract", message: $0, details: run.output) } ?? .passed))
        }
        Console.out("\(cases.count - failures) passed, \(failures) failed")
        if let junitPath {
            let suite = JUnitTestSuite(name: "run-all.self-test", package: "run-all", timestamp: Date(),
                                       hostname: Environment.current.hostname, time: MonotonicClock.now() - start,
                                       properties: [JUnitProperty(name: "run-all.executable", value: executable)],
                                       testCases: testCases, systemOut: "", systemErr: "")
            do {
                try AtomicFile.write(try JUnitWriter.render([suite]), to: junitPath)
            } catch {
                Console.err("run-all: error: cannot write \(junitPath): \(error)")
                return ExitStatus.usage
            }
        }
        return failures == 0 ? ExitStatus.success : ExitStatus.failure
    }

    static let catalog = """
    {"jobs": [
      {"id": "als", "command": ["/bin/sh", "-c", "touch ran-als; echo als \\"$@\\"", "als"], "supports": ["epochs", "folds"]},
      {"id": "alzheimers", "command": ["/bin/sh", "-c", "touch ran-alzheimers", "alzheimers"], "supports": ["epochs"]},
      {"id": "parkinsons", "command": ["/bin/sh", "-c", "touch ran-parkinsons", "parkinsons"], "supports": ["folds"]},
      {"id": "stroke", "command": ["/bin/sh", "-c", "touch ran-stroke", "stroke"]},
      {"id": "broken", "command": ["/bin/sh", "-c", "touch ran-broken; echo failing on purpose; exit 3", "broken"]}
    ]}
    """

    static func ran(_ directory: String) -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix("ran-") }.map { String($0.dropFirst(4)) })
    }

    static func count(_ text: String, in run: TargetRun) -> Int { run.lines.filter { $0.contains(text) }.count }

    static let cases: [Case] = [
        Case(name: "help", arguments: ["--help"]) { run, _ in
            guard run.exitCode == 0 else { return "--help: \(run.statusDescription)" }
            guard run.output.contains("--parallel"), run.lines.contains(where: { $0.contains("--max-workers") && $0.contains("(default: 4)") }) else {
                return "--help does not document --parallel and --max-workers (default: 4)"
            }
            return nil
        },
        Case(name: "list", arguments: ["--list"]) { run, directory in
            let listed = run.lines.filter { $0.hasPrefix("- ") }.count
            if run.exitCode != 0 || listed != 5 { return "expected 5 list lines and exit 0, got \(listed), \(run.statusDescription)" }
            return ran(directory).isEmpty ? nil : "--list ran jobs"
        },
        Case(name: "dry-run parameters where supported", arguments: ["--dry-run", "--epochs", "50", "--folds", "5"]) { run, directory in
            let expected = [
                "[als] (dry-run) Command: /bin/sh -c 'touch ran-als; echo als \"$@\"' als --epochs 50 --folds 5",
                "[alzheimers] (dry-run) Command: /bin/sh -c 'touch ran-alzheimers' alzheimers --epochs 50",
                "[parkinsons] (dry-run) Command: /bin/sh -c 'touch ran-parkinsons' parkinsons --folds 5",
            ]
            for line in expected where !run.lines.contains(line) { return "missing: \(line)" }
            return ran(directory).isEmpty ? nil : "the dry run ran jobs"
        },
        Case(name: "parallel dry-run warns once", arguments: ["--parallel", "--max-workers", "4", "--dry-run", "--only", "als", "alzheimers", "parkinsons"]) { run, directory in
            if count(RunAll.parallelWarning, in: run) != 1 { return "warning shown \(count(RunAll.parallelWarning, in: run)) times" }
            if count("(dry-run) Command:", in: run) != 3 { return "expected 3 dry-run lines" }
            if !run.lines.contains("🎯 Selected jobs: 3 (filtered from 5)") { return "no selection line" }
            return ran(directory).isEmpty ? nil : "the dry run ran jobs"
        },
        Case(name: "single job runs without the warning", arguments: ["--parallel", "--max-workers", "4", "--only", "als"]) { run, directory in
            if count("Parallel mode enabled", in: run) != 0 { return "warning shown for one job" }
            return run.exitCode == 0 && ran(directory) == ["als"] ? nil : "expected only als to run, got \(ran(directory).sorted()) and \(run.statusDescription)"
        },
        Case(name: "only runs the named jobs", arguments: ["--only", "stroke", "alzheimers"]) { run, directory in
            run.exitCode == 0 && ran(directory) == ["alzheimers", "stroke"] ? nil : "ran \(ran(directory).sorted()), \(run.statusDescription)"
        },
        Case(name: "unknown id is refused", arguments: ["--only", "nope"]) { run, directory in
            run.exitCode == 2 && run.output.contains("nope") && ran(directory).isEmpty ? nil : "\(run.statusDescription): \(run.output.prefix(200))"
        },
        Case(name: "invalid max-workers is refused", arguments: ["--parallel", "--max-workers", "0"]) { run, directory in
            run.exitCode == 2 && ran(directory).isEmpty ? nil : "\(run.statusDescription)"
        },
        Case(name: "a failing job fails the run, the others still run", arguments: ["--parallel", "--only", "alzheimers", "broken", "parkinsons"]) { run, directory in
            guard run.exitCode == 1 else { return "expected exit 1, got \(run.statusDescription)" }
            guard ran(directory) == ["alzheimers", "broken", "parkinsons"] else { return "ran \(ran(directory).sorted())" }
            return run.lines.contains { $0.hasPrefix("[broken] ❌ failed") } ? nil : "the failure is not named"
        },
    ]
}

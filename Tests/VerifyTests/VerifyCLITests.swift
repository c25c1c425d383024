import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Glibc
import Runner
import Testing
@testable import Verify

/// End-to-end: the built verify-run-all against the Python fixture orchestrators.
@Suite("verify-run-all end to end")
struct VerifyCLITests {
    let verify = Repository.products + "/verify-run-all"
    static let functionalChecks = ["cli.help", "cli.list", "dry-run.params", "parallel.dry-run", "parallel.single-job", "filter.only",
                                   "cli.invalid-workers", "reliability.failure", "reliability.interrupt", "target.tests", "docs.coverage"]

    func results(in directory: String) throws -> ResultsDocument {
        try ResultsDocument.load(path: directory + "/results.json")
    }

    static let usageErrors: [(arguments: [String], message: String)] = [
        (["--workers", "0"], "--workers must be"),
        (["--probe", "gpu"], "--probe must be 'sleep' or 'cpu'"),
        (["--profile", "nope"], "unknown profile 'nope'"),
        (["--target", "/nonexistent/run_all_training.py"], "no such file"),
        (["--target", "no-such-command-xyz"], "command not found on PATH"),
        (["--checks", "cli.help,bogus"], "unknown check id 'bogus'"),
        (["--claim", "fast"], "invalid --claim"),
        (["--baseline", "missing.json"], "cannot read baseline missing.json"),
        (["--out", "blocker"], "--out blocker: exists and is not a directory"),
        (["--profile", "bad-profile.json"], "invalid profile bad-profile.json"),
        (["--profile", "bad-regex.json"], "not a valid regular expression"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["--repeats", "-2"], "--repeats must be"),
    ]

    @Test("usage errors: exit 2, one line naming the problem, no report written", arguments: usageErrors)
    func usageError(_ sample: (arguments: [String], message: String)) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "x".write(toFile: scratch.file("blocker"), atomically: true, encoding: .utf8)
        try "{\"name\": 3}".write(toFile: scratch.file("bad-profile.json"), atomically: true, encoding: .utf8)
        var profile = BuiltinProfiles.runAll
        profile.patterns.dryRun = "([unclosed"
        try JSONEncoder().encode(profile).write(to: URL(fileURLWithPath: scratch.file("bad-regex.json")))
        let run = await runTool([verify, "--out", "out"] + sample.arguments, in: scratch.path)
        #expect(run.exitCode == 2, "\(run.output)")
        let errors = run.lines.filter { $0.hasPrefix("verify-run-all: error:") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains(sample.message) == true, "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out/junit.xml")))
    }

    @Test("the good Python orchestrator passes every functional check and the reports are written")
    func goodFixture() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = Repository.fixtures + "/python-orchestrator/run_all_training.py"
        let run = await runTool([verify, "--target", target, "--out", scratch.path, "--checks", Self.functionalChecks.joined(separator: ",")], in: scratch.path)
        #expect(run.exitCode == 0, "\(run.output)")
        let document = try results(in: scratch.path)
        #expect(document.checks.map(\.id) == Self.functionalChecks)
        #expect(document.checks.allSatisfy { $0.status == .passed }, "\(document.checks.filter { $0.status != .passed }.map { "\($0.id): \($0.reason ?? "")" })")
        #expect(document.profile == "run_all_training")
        for file in Verification.reportFiles {
            #expect(FileManager.default.fileExists(atPath: scratch.file(file)), "\(file) missing")
        }
        let tests = try #require(document.checks.first { $0.id == "target.tests" })
        #expect(tests.measurement("tests") == 4, "counts come from the suite's JUnit file")
    }

    /// Each variant, the checks that must fail, and the perf check to add to the functional ones.
    static let brokenVariants: [(variant: String, failing: Set<String>, perfCheck: String?)] = [
        ("no-warning", ["parallel.dry-run", "target.tests"], nil),
        ("warning-single-job", ["parallel.single-job", "target.tests"], nil),
        ("ignores-max-workers", ["perf.concurrency"], "perf.concurrency"),
        ("sequential-parallel", ["perf.concurrency"], "perf.concurrency"),
        ("leaves-children", ["reliability.interrupt"], nil),
        ("exit-zero-on-failure", ["reliability.failure"], nil),
        ("overclaims-speedup", ["perf.claims"], "perf.claims"),
    ]

    @Test("each broken orchestrator fails exactly the checks that name its defect", arguments: brokenVariants)
    func brokenFixture(_ sample: (variant: String, failing: Set<String>, perfCheck: String?)) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = Repository.fixtures + "/python-orchestrator-broken/\(sample.variant)/run_all_training.py"
        let checks = Self.functionalChecks + (sample.perfCheck.map { [$0] } ?? [])
        let run = await runTool([verify, "--target", target, "--out", scratch.path, "--checks", checks.joined(separator: ","),
                                 "--repeats", "1", "--jobs", "8", "--job-seconds", "0.3"], in: scratch.path)
        #expect(run.exitCode == 1, "\(run.output)")
        let document = try results(in: scratch.path)
        let failed = Set(document.checks.filter { $0.status == .failed || $0.status == .errored }.map(\.id))
        #expect(failed == sample.failing, "\(document.checks.filter { $0.status != .passed }.map { "\($0.id): \($0.reason ?? "")" })")
        let junit = try String(contentsOfFile: scratch.file("junit.xml"), encoding: .utf8)
        for id in sample.failing { #expect(junit.contains("<testcase name=\"\(id)\"")) }
    }

    @Test("SIGINT to verify-run-all mid-run: exit 130, no target process left, no report written")
    func interrupted() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let target = Repository.fixtures + "/python-orchestrator/run_all_training.py"
        // The probe workload goes under TMPDIR: this test's own directory, so that the probe
        // jobs of tests running beside it are not mistaken for ours.
        let workloads = scratch.path + "/tmp"
        try FileManager.default.createDirectory(atPath: workloads, withIntermediateDirectories: true)
        let run = await runTool([verify, "--target", target, "--out", scratch.path, "--checks", "reliability.failure,perf.speedup", "--job-seconds", "5"],
                                in: scratch.path, environment: ["TMPDIR": workloads]) { pid in
            // Interrupt once the target runs probe jobs.
            let deadline = MonotonicClock.now() + 60
            while MonotonicClock.now() < deadline, Self.processes(matching: workloads).isEmpty {
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            kill(pid, SIGINT)
        }
        #expect(run.exitCode == 130, "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("junit.xml")))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("results.json")))
        #expect(Self.processes(matching: workloads).isEmpty, "probe jobs or the target survived")
    }

    /// Live processes whose command line contains `text`.
    static func processes(matching text: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            guard commandLine.contains(text), InterruptCheck.isLive(pid) else { return nil }
            return pid
        }
    }
}

/// Targets that misbehave: the verifier reports failed or errored checks and still writes
/// valid reports; it never crashes or hangs.
@Suite("hostile targets")
struct HostileTargetTests {
    let verify = Repository.products + "/verify-run-all"

    func profile(in scratch: ScratchDirectory, timeout: Double) throws -> String {
        let json = """
        {"name": "hostile", "command": ["/bin/sh", "{target}"], "workload": "python-scripts",
         "workloadArguments": ["--discover-root", "{workload}"], "commandTimeout": \(timeout), "interruptTimeout": 2}
        """
        try json.write(toFile: scratch.file("profile.json"), atomically: true, encoding: .utf8)
        return scratch.file("profile.json")
    }

    @Test("a target that hangs is stopped at the command timeout and reported, not waited for")
    func hangingTarget() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "exec sleep 300\n".write(toFile: scratch.file("hang.sh"), atomically: true, encoding: .utf8)
        let run = await runTool([verify, "--profile", try profile(in: scratch, timeout: 0.5), "--target", scratch.file("hang.sh"),
                                 "--out", scratch.file("out"), "--checks", "cli.help,cli.list"], in: scratch.path)
        #expect(run.exitCode == 1, "\(run.output)")
        let document = try ResultsDocument.load(path: scratch.file("out/results.json"))
        #expect(document.checks.map(\.status) == [.errored, .errored])
        #expect(document.checks.allSatisfy { $0.reason?.contains("did not finish within") == true })
        #expect(VerifyCLITests.processes(matching: scratch.file("hang.sh")).isEmpty)
    }

    @Test("a target that prints binary garbage and exits 0 fails the checks; the reports stay valid")
    func garbageTarget() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "head -c 20000 /dev/urandom; printf '\\033[31m]]>\\000\\n'; exit 0\n".write(toFile: scratch.file("garbage.sh"), atomically: true, encoding: .utf8)
        let run = await runTool([verify, "--profile", try profile(in: scratch, timeout: 10), "--target", scratch.file("garbage.sh"),
                                 "--out", scratch.file("out"), "--checks", "cli.help,cli.list,parallel.dry-run,reliability.failure"], in: scratch.path)
        #expect(run.exitCode == 1, "\(run.output)")
        let document = try ResultsDocument.load(path: scratch.file("out/results.json"))
        #expect(document.checks.allSatisfy { $0.status == .failed }, "\(document.checks.map { "\($0.id): \($0.status)" })")
        let junit = try Data(contentsOf: URL(fileURLWithPath: scratch.file("out/junit.xml")))
        let parser = XMLParser(data: junit)
        #expect(parser.parse(), "junit.xml must stay well-formed XML")
        let markdown = try String(contentsOfFile: scratch.file("out/VERIFICATION.md"), encoding: .utf8)
        #expect(!markdown.contains("\u{1B}"))
    }

    @Test("an orchestrator that leaves its jobs in its own process group on SIGINT is caught, and cleaned up after")
    func leakyOrchestrator() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let workloads = scratch.file("tmp")
        try FileManager.default.createDirectory(atPath: workloads, withIntermediateDirectories: true)
        // Jobs run in the orchestrator's own group; SIGINT makes it exit 130 at once. (Background
        // jobs of a non-interactive shell ignore SIGINT, so a Ctrl-C does not reach them either.)
        try """
        root=""; previous=""
        for word in "$@"; do [ "$previous" = "--discover-root" ] && root="$word"; previous="$word"; done
        trap 'exit 130' INT
        for script in "$root"/train_*.py; do python3 "$script" & done
        wait
        """.write(toFile: scratch.file("leaky.sh"), atomically: true, encoding: .utf8)
        let run = await runTool([verify, "--profile", try profile(in: scratch, timeout: 20), "--target", scratch.file("leaky.sh"),
                                 "--out", scratch.file("out"), "--checks", "reliability.interrupt", "--jobs", "3"],
                                in: scratch.path, environment: ["TMPDIR": workloads])
        #expect(run.exitCode == 1, "\(run.output)")
        let document = try ResultsDocument.load(path: scratch.file("out/results.json"))
        #expect(document.checks.first?.status == .failed)
        #expect(document.checks.first?.reason?.contains("survived") == true, "\(document.checks.first?.reason ?? "")")
        #expect(VerifyCLITests.processes(matching: workloads).isEmpty, "the verifier must clean up what the target left")
    }
}

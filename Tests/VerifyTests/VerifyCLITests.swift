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
        (["--workers", "abc"], "--workers must be"),
        (["--jobs"], "--jobs needs a value"),
        (["--jobs", "99999999999"], "--jobs must be"),
        (["--job-seconds", "nan"], "--job-seconds must be"),
        (["--target", ""], "--target must not be empty"),
        (["--target", "./not-executable"], "--target ./not-executable: not executable"),
        (["--checks", ","], "--checks needs at least one check id"),
        (["--out", ""], "--out must not be empty"),
        (["--out", "/proc/verify-run-all-test/out"], "--out /proc/verify-run-all-test/out: cannot create directory"),
        (["--profile", "/dev/zero"], "cannot read profile /dev/zero: larger than 64 MiB"),
        (["--baseline", "/dev/zero"], "cannot read baseline /dev/zero: larger than 64 MiB"),
        (["--baseline", "bad-profile.json"], "invalid baseline bad-profile.json"),
        (["--project-dir", "blocker"], "--project-dir blocker: not a directory"),
        (["stray"], "unexpected argument 'stray'"),
        (["--strict=yes"], "--strict takes no value"),
    ]

    @Test("usage errors: exit 2, one line on stderr naming the problem, stdout empty, no file written", arguments: usageErrors)
    func usageError(_ sample: (arguments: [String], message: String)) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "x".write(toFile: scratch.file("blocker"), atomically: true, encoding: .utf8)
        try "echo hi\n".write(toFile: scratch.file("not-executable"), atomically: true, encoding: .utf8)
        try "{\"name\": 3}".write(toFile: scratch.file("bad-profile.json"), atomically: true, encoding: .utf8)
        var profile = BuiltinProfiles.runAll
        profile.patterns.dryRun = "([unclosed"
        try JSONEncoder().encode(profile).write(to: URL(fileURLWithPath: scratch.file("bad-regex.json")))
        let before = try FileManager.default.subpathsOfDirectory(atPath: scratch.path).sorted()
        let arguments = sample.arguments.contains("--out") ? sample.arguments : ["--out", "out"] + sample.arguments
        let run = try await runToolSeparated([verify] + arguments, in: scratch.path)
        #expect(run.outcome.exitCode == 2, "\(run.stdout)\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.first?.hasPrefix("verify-run-all: error: ") == true, "\(run.stderr)")
        #expect(lines.first?.contains(sample.message) == true, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: scratch.path).sorted() == before, "files were created or left behind")
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
        // One timed pair is enough for the checks here, but a single pair is at the mercy of
        // whatever else runs on the machine (other tests): the overclaim is therefore checked
        // with 2 workers, where "4× speedup" is false whatever the noise.
        let workers = sample.variant == "overclaims-speedup" ? "2" : "4"
        let run = await runTool([verify, "--target", target, "--out", scratch.path, "--checks", checks.joined(separator: ","),
                                 "--repeats", "1", "--jobs", "8", "--job-seconds", "0.3", "--workers", workers], in: scratch.path)
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
                  let data = try? FileContents.read("/proc/\(entry)/cmdline", limit: 1 << 20) else { return nil }
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
        try await expectSchemaValid(scratch.file("out/junit.xml"))
    }

    @Test("a target that exits 0 and prints nothing passes no check; the reports stay valid")
    func silentTarget() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "exit 0\n".write(toFile: scratch.file("silent.sh"), atomically: true, encoding: .utf8)
        let checks = ["cli.help", "cli.list", "dry-run.params", "parallel.dry-run", "parallel.single-job", "filter.only",
                      "cli.invalid-workers", "reliability.failure", "docs.coverage"]
        let run = await runTool([verify, "--profile", try profile(in: scratch, timeout: 10), "--target", scratch.file("silent.sh"),
                                 "--out", scratch.file("out"), "--checks", checks.joined(separator: ",")], in: scratch.path)
        #expect(run.exitCode == 1, "\(run.output)")
        let document = try ResultsDocument.load(path: scratch.file("out/results.json"))
        #expect(document.checks.map(\.id) == checks)
        #expect(!document.checks.contains { $0.status == .passed }, "\(document.checks.map { "\($0.id): \($0.status)" })")
        try await expectSchemaValid(scratch.file("out/junit.xml"))
    }

    @Test("a target that prints 1 GiB without a newline: the verifier keeps 4 MiB of it, its memory stays flat, the report is valid")
    func floodingTarget() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try "head -c 1073741824 /dev/zero | tr '\\0' '\\033'; exit 0\n".write(toFile: scratch.file("flood.sh"), atomically: true, encoding: .utf8)
        // The verifier's own peak through a small forking parent (see measure_peak_rss.py).
        let run = await runTool(["python3", Repository.fixtures + "/measure_peak_rss.py", verify, "--profile", try profile(in: scratch, timeout: 60), "--target", scratch.file("flood.sh"),
                                 "--out", scratch.file("out"), "--checks", "cli.help"], in: scratch.path)
        #expect(run.exitCode == 1, "\(run.output.prefix(2000))")
        let peak = (run.lines.first { $0.hasPrefix("wait4-maxrss-kb ") }.flatMap { Int($0.split(separator: " ")[1]) } ?? -1) * 1024
        #expect(peak > 0 && peak < memoryBound(128 << 20), "verify-run-all peak RSS \(peak) bytes")
        let junit = try Data(contentsOf: URL(fileURLWithPath: scratch.file("out/junit.xml")))
        #expect(XMLParser(data: junit).parse())
        #expect(junit.count < 2 << 20, "junit.xml is \(junit.count) bytes: long output must be truncated")
        try await expectSchemaValid(scratch.file("out/junit.xml"))
    }

    /// `../shared/schemas/validate.sh` on `file` when the schemas and xmllint are there (CI).
    func expectSchemaValid(_ file: String) async throws {
        let validator = (Repository.root as NSString).deletingLastPathComponent + "/shared/schemas/validate.sh"
        guard FileManager.default.fileExists(atPath: validator), FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") else { return }
        let run = await runTool(["/bin/bash", validator, file], in: (file as NSString).deletingLastPathComponent)
        #expect(run.exitCode == 0, "\(run.output)")
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

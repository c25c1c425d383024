import Foundation
import Glibc
import Testing
@testable import Runner

/// The bad-input matrix of run-all, end to end: every case exits 2 with exactly one line on
/// stderr that names the problem, nothing on stdout, no job run and no file left behind.
@Suite("run-all bad input")
struct BadInputTests {
    let runAll = BuiltProducts.runAll

    /// 10 MB of one letter: an id, a field name.
    static let huge = String(repeating: "x", count: 10_000_000)

    /// The files each case can point at (written fresh for every case).
    static let files: [(name: String, content: String)] = [
        ("jobs.json", commandCatalog([("a", ["touch", "ran"], ""), ("b", ["touch", "ran"], "")])),
        ("empty.json", ""),
        ("truncated.json", "{\"jobs\": ["),
        ("prose.json", "hello, world"),
        ("array.json", "[]"),
        ("bad.yaml", "jobs: [a, b\n  - : :"),
        ("tabs.yaml", "jobs:\n\t- id: a\n"),
        ("dup.json", commandCatalog([("a", ["touch", "ran"], ""), ("a", ["touch", "ran"], "")])),
        ("dupkey.json", "{\"jobs\": [{\"id\": \"a\", \"id\": \"b\", \"command\": [\"touch\", \"ran\"]}]}"),
        ("types.json", commandCatalog([("a", ["touch", "ran"], "\"timeout\": \"5\"")])),
        ("argvtypes.json", "{\"jobs\": [{\"id\": \"a\", \"command\": [\"touch\", 3]}]}"),
        ("cycle.json", commandCatalog([("a", ["touch", "ran"], "\"depends_on\": [\"b\"]"), ("b", ["touch", "ran"], "\"depends_on\": [\"a\"]")])),
        ("hugeid.json", "{\"jobs\": [{\"id\": \"\(huge)\", \"command\": [\"touch\", \"ran\"]}]}"),
        ("hugekey.json", "{\"jobs\": [{\"id\": \"a\", \"command\": [\"touch\", \"ran\"], \"\(huge)\": 1}]}"),
        ("hugedep.json", "{\"jobs\": [{\"id\": \"a\", \"command\": [\"touch\", \"ran\"], \"depends_on\": [\"\(huge)\"]}]}"),
        ("escid.json", "{\"jobs\": [{\"id\": \"a\\u001b[2Jb\", \"command\": [\"touch\", \"ran\"]}]}"),
        ("slashid.json", "{\"jobs\": [{\"id\": \"../../etc/x\", \"command\": [\"touch\", \"ran\"]}]}"),
        ("nulid.json", "{\"jobs\": [{\"id\": \"a\\u0000b\", \"command\": [\"touch\", \"ran\"]}]}"),
        ("deep.json", String(repeating: "[", count: 100_000)),
        ("shellarray.json", "{\"jobs\": [{\"id\": \"a\", \"shell\": true, \"command\": [\"touch\", \"ran\"]}]}"),
        ("blocker", "a file where a directory should be"),
    ]

    static let cases: [(arguments: [String], message: String)] = [
        (["--bogus"], "unknown option '--bogus'"),
        (["-x"], "unknown option '-x'"),
        (["stray"], "unexpected argument 'stray'"),
        (["--parallel=yes"], "--parallel takes no value"),
        (["--max-workers"], "--max-workers needs a value"),
        (["--max-workers", "0"], "--max-workers must be a whole number from 1 to 4096 or 'auto', got '0'"),
        (["--max-workers", "-1"], "got '-1'"),
        (["--max-workers", "abc"], "got 'abc'"),
        (["--max-workers", "99999999999"], "got '99999999999'"),
        (["--max-workers", ""], "--max-workers must be"),
        (["--max-workers", "4.5"], "--max-workers must be"),
        (["--max-workers=0x10"], "--max-workers must be"),
        (["--epochs", "x"], "--epochs must be"),
        (["--retries", "101"], "--retries must be"),
        (["--timeout", "-1"], "--timeout must be"),
        (["--grace", "inf"], "--grace must be"),
        (["--order", "random"], "--order must be one of catalog, longest-first"),
        (["--only"], "--only needs at least one ID"),
        (["--only", ""], "--only needs at least one ID"),
        (["--only", ","], "--only needs at least one ID"),
        (["--only", "nope"], "unknown job id \"nope\" in --only (known: a, b)"),
        (["--only", "a", "\u{1B}[2Jevil"], "unknown job id \"\\u{1B}[2Jevil\""),
        (["--exclude", "nope"], "unknown job id \"nope\" in --exclude"),
        (["--junit", "x.xml"], "--junit goes with --self-test"),
        (["--config", "missing.json"], "config file not found: missing.json"),
        (["--config", "."], "config file is a directory: ."),
        (["--config", "empty.json"], "invalid config file empty.json"),
        (["--config", "/dev/null"], "invalid config file /dev/null"),
        (["--config", "/dev/zero"], "cannot read config file /dev/zero: larger than 64 MiB"),
        (["--config", "truncated.json"], "invalid config file truncated.json: line 1"),
        (["--config", "prose.json"], "invalid config file prose.json: line 1, column 1"),
        (["--config", "array.json"], "the top level must be an object"),
        (["--config", "bad.yaml"], "invalid config file bad.yaml"),
        (["--config", "tabs.yaml"], "invalid config file tabs.yaml"),
        (["--config", "dup.json"], "duplicate job id \"a\""),
        (["--config", "dupkey.json"], "duplicate key \"id\""),
        (["--config", "types.json"], "\"timeout\" must be a number, got a string"),
        (["--config", "argvtypes.json"], "\"command\" must be an array of strings"),
        (["--config", "cycle.json"], "dependency cycle a -> b -> a"),
        (["--config", "hugeid.json"], "invalid job id \"xxxxxxxx"),
        (["--config", "hugekey.json"], "unknown field \"xxxxxxxx"),
        (["--config", "hugedep.json"], "depends on unknown job \"xxxxxxxx"),
        (["--config", "escid.json"], "invalid job id \"a\\u{1B}[2Jb\""),
        (["--config", "slashid.json"], "invalid job id \"../../etc/x\""),
        (["--config", "nulid.json"], "invalid job id \"a\\0b\""),
        (["--config", "deep.json"], "invalid config file deep.json"),
        (["--config", "shellarray.json"], "\"shell\": true needs \"command\" as one string"),
        (["--logs-dir", "blocker/logs"], "--logs-dir blocker/logs: cannot create directory"),
        (["--summary-dir", "blocker/summaries"], "--summary-dir blocker/summaries: cannot create directory"),
        (["--logs-dir", "/proc/run-all-test-logs"], "--logs-dir /proc/run-all-test-logs: cannot create directory"),
        (["--logs-dir", ""], "--logs-dir must not be empty"),
        (["--joblog", "missing/joblog.tsv"], "cannot write joblog missing/joblog.tsv: No such file or directory"),
        (["--joblog", "/dev/full"], "cannot write joblog /dev/full: write failed: No space left on device"),
        (["--joblog", "/proc/version"], "cannot write joblog /proc/version"),
        (["--no-default-jobs", "--discover-root", "nowhere"], "discovery root is not a directory: nowhere"),
        (["--discover-root", ".", "--exclude-regex", "("], "invalid --exclude-regex \"(\""),
    ]

    @Test("bad input: exit 2, one line on stderr naming it, stdout empty, nothing run, no file left", arguments: cases)
    func badInput(_ sample: (arguments: [String], message: String)) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for file in Self.files { try directory.write(file.name, file.content) }
        let before = listing(of: directory.path)
        var arguments = sample.arguments
        if !arguments.contains("--config"), !arguments.contains("--no-default-jobs") { arguments = ["--config", "jobs.json"] + arguments }
        let run = try await runSeparated([runAll] + arguments, in: directory)
        #expect(run.exitCode == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        let line = run.stderrLines.first ?? ""
        #expect(line.hasPrefix("run-all: error: "), "\(line)")
        #expect(line.contains(sample.message), "\(line)")
        #expect(line.count < 1200, "the error line is \(line.count) characters")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }, "control characters in \(line.debugDescription)")
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)")
        #expect(listing(of: directory.path) == before, "files were created or left behind")
    }

    @Test("discovery skips a FIFO named like a script (reading it would block forever) and names the scripts it cannot take")
    func fifoInDiscoveryRoot() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs/train_real.py", "print('ran')\n")
        try FileManager.default.createDirectory(atPath: directory.file("jobs"), withIntermediateDirectories: true)
        #expect(mkfifo(directory.file("jobs/train_trap.py"), 0o600) == 0)
        try directory.write("jobs/train_a b.py", "print('ran')\n")
        try directory.write("jobs/sub/train_real.py", "print('ran')\n")
        let run = try await runSeparated([runAll, "--no-default-jobs", "--discover-root", "jobs", "--list"], in: directory)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("- real: "))
        #expect(!run.stdout.contains("trap"))
        // Scripts that cannot become jobs are named on stderr, not dropped silently.
        #expect(run.stderr.contains("discovery skipped \(directory.file("jobs/train_a b.py")): its name gives no valid job id"), "\(run.stderr)")
        #expect(run.stderr.contains("discovery skipped \(directory.file("jobs/train_real.py")): job id \"real\" is taken"), "\(run.stderr)")
    }
}

import Foundation
import Glibc
import Testing
@testable import Runner

/// End-to-end tests of the built `run-all` executable on temporary directories.
@Suite("run-all end to end")
struct RunAllCLITests {
    let runAll = BuiltProducts.runAll

    func sleepCatalog(_ ids: [String], seconds: String = "0") -> String {
        commandCatalog(ids.map { ($0, ["sleep", seconds], "\"supports\": [\"epochs\"]") })
    }

    @Test("parallel dry-run: the warning once and one line per selected job; nothing runs")
    func parallelDryRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("als", ["touch", "ran-als"], ""), ("alzheimers", ["touch", "ran-alz"], ""),
            ("parkinsons", ["touch", "ran-park"], ""), ("stroke", ["touch", "ran-stroke"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--max-workers", "4", "--dry-run", "--only", "als", "alzheimers", "parkinsons"], in: directory)
        #expect(run.exitCode == 0)
        #expect(run.lines.filter { $0 == RunAll.parallelWarning }.count == 1)
        #expect(run.lines.contains("🎯 Selected jobs: 3 (filtered from 4)"))
        #expect(run.lines.filter { $0.contains("(dry-run) Command:") }.count == 3)
        #expect(run.lines.contains("[als] (dry-run) Command: touch ran-als"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("ran-als")))

        let single = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--max-workers", "4", "--dry-run", "--only", "als"], in: directory)
        #expect(single.exitCode == 0)
        #expect(!single.output.contains("Parallel mode enabled"))
        #expect(single.lines.filter { $0.contains("(dry-run)") } == ["[als] (dry-run) Command: touch ran-als"])
    }

    @Test("--help documents both flags with (default: 4)")
    func help() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await runCommand([runAll, "--help"], in: directory)
        #expect(run.exitCode == 0)
        #expect(run.output.contains("--parallel"))
        #expect(run.lines.contains { $0.contains("--max-workers") && $0.contains("(default: 4)") })
    }

    @Test("--list shows each job once; the default catalog is found from the binary")
    func list() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await runCommand([runAll, "--list"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        let listed = run.lines.filter { $0.hasPrefix("- ") }
        #expect(listed.count == 12)
        #expect(listed.first?.hasPrefix("- als: ") == true)
    }

    @Test("a failing job: exit 1, the others still ran, the failure is named; summary and joblog written")
    func failure() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("ok1", ["touch", "ran-ok1"], ""), ("bad", ["/bin/sh", "-c", "echo boom; exit 7"], ""), ("ok2", ["touch", "ran-ok2"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--joblog", "joblog.tsv"], in: directory)
        #expect(run.exitCode == 1)
        #expect(run.output.contains("[bad] ❌ failed (exit code 7)"))
        #expect(FileManager.default.fileExists(atPath: directory.file("ran-ok1")))
        #expect(FileManager.default.fileExists(atPath: directory.file("ran-ok2")))
        #expect(directory.read("logs/bad.log") == "boom\n")

        let joblog = directory.read("joblog.tsv").split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(joblog.first?.joined(separator: " ") == "Seq Host Starttime JobRuntime Send Receive Exitval Signal Command")
        #expect(joblog.count == 4)
        #expect(joblog.dropFirst().contains { $0[6] == "7" && $0[8] == "/bin/sh -c 'echo boom; exit 7'" })

        let summaries = try FileManager.default.contentsOfDirectory(atPath: directory.file("summaries"))
        #expect(summaries.count == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.file("summaries/" + summaries[0])))
        let summary = try JSONDecoder().decode(RunSummary.self, from: data)
        #expect(summary.exitCode == 1)
        let bad = try #require(summary.jobs.first { $0.id == "bad" })
        #expect(bad.status == .failed && bad.exitCode == 7 && bad.attempts == 1 && bad.logPath == "logs/bad.log")
        #expect(summary.jobs.allSatisfy { $0.start != nil && $0.duration != nil && $0.peakRSSBytes != nil })
    }

    @Test("optional failures, partial success, retries and timeouts")
    func partialRetriesTimeouts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("flaky", ["/bin/sh", "-c", "if [ -e marker ]; then exit 0; else touch marker; exit 1; fi"], "\"retries\": 1"),
            ("extra", ["false"], "\"optional\": true"),
            ("slow", ["sleep", "30"], "\"timeout\": 0.2, \"optional\": true"),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--allow-partial-success", "--grace", "0.5"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        #expect(run.output.contains("[flaky] 🔁 attempt 1 failed"))
        #expect(run.output.contains("[slow] ❌ timed-out"))
        let strict = try await runCommand([runAll, "--config", "jobs.json", "--only", "extra"], in: directory)
        #expect(strict.exitCode == 1)
    }

    @Test("strict discovery that finds nothing exits 3")
    func strictDiscovery() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: true)
        let run = try await runCommand([runAll, "--no-default-jobs", "--discover-root", "empty", "--strict-discovery"], in: directory)
        #expect(run.exitCode == 3)
    }

    @Test("discovered Python scripts get their parameters only where supported")
    func discoveredScripts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = """
        import sys, json
        # supports: --epochs --output-dir
        open(sys.argv[0] + ".args", "w").write(json.dumps(sys.argv[1:]))
        """
        try directory.write("jobs/train_als.py", script)
        try directory.write("jobs/train_stroke.py", script.replacingOccurrences(of: "--epochs", with: "--folds"))
        let run = try await runCommand([runAll, "--no-default-jobs", "--discover-root", "jobs", "--epochs", "50", "--folds", "5", "--parallel"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        #expect(directory.read("jobs/train_als.py.args") == "[\"--output-dir\", \"results/als\", \"--epochs\", \"50\"]")
        #expect(directory.read("jobs/train_stroke.py.args") == "[\"--output-dir\", \"results/stroke\", \"--folds\", \"5\"]")
    }

    @Test("SIGINT: TERM to every job's group, KILL after the grace period, exit 130, nothing survives")
    func interrupt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(mkfifo(directory.file("fifo1"), 0o600) == 0)
        #expect(mkfifo(directory.file("fifo2"), 0o600) == 0)
        // Each job starts a grandchild and reports both pids through a FIFO; the second also
        // ignores TERM, so only the KILL after the grace period stops it.
        try directory.write("jobs.json", commandCatalog([
            ("polite", ["/bin/sh", "-c", "sleep 300 & echo $$ $! > fifo1; wait"], ""),
            ("stubborn", ["/bin/sh", "-c", "trap '' TERM; sleep 300 & echo $$ $! > fifo2; wait; sleep 300"], ""),
            ("queued", ["touch", "ran-queued"], ""),
        ]))
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let runPid = try ProcessSpawner.spawn(SpawnRequest(
            argv: [runAll, "--config", "jobs.json", "--parallel", "--max-workers", "2", "--grace", "0.5"],
            environment: environment, workdir: directory.path, output: .file(directory.file("out.txt"))))
        async let first = readLine(fromFIFO: directory.file("fifo1"))
        async let second = readLine(fromFIFO: directory.file("fifo2"))
        let pids = (await first + " " + second).split(separator: " ").compactMap { pid_t($0) }
        #expect(pids.count == 4)
        kill(runPid, SIGINT)
        let outcome = await ChildReaper.shared.outcome(of: runPid)
        #expect(outcome.exitCode == 130, "\(directory.read("out.txt"))")
        for pid in pids { #expect(await waitUntilDead(pid), "pid \(pid) survived run-all") }
        #expect(!FileManager.default.fileExists(atPath: directory.file("ran-queued")))
        let summaries = try FileManager.default.contentsOfDirectory(atPath: directory.file("summaries"))
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: directory.file("summaries/" + summaries[0]))))
        #expect(summary.interrupted)
        #expect(summary.jobs.map(\.status) == [.interrupted, .interrupted, .notStarted])
    }

    @Test("a job printing 200 MB: the log has it all and run-all stays under 64 MiB")
    func bigOutput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([("loud", ["/bin/sh", "-c", "head -c 200000000 /dev/zero | tr '\\\\0' x"], "")]))
        let (run, peak) = try await runMeasured([runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        let size = try FileManager.default.attributesOfItem(atPath: directory.file("logs/loud.log"))[.size] as? Int
        #expect(size == 200_000_000)
        #expect(peak < memoryBound(64 << 20), "run-all peak RSS \(peak) bytes")
        #expect(peak > 0)
    }

    @Test("12 sleep jobs on 4 workers: never more than 4 at once, and exactly 4 while 4 or more wait (joblog)")
    func joblogConcurrency() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", sleepCatalog((1...12).map { "job\($0)" }, seconds: "0.5"))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--max-workers", "4", "--joblog", "joblog.tsv"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        let rows = directory.read("joblog.tsv").split(separator: "\n").dropFirst().map { $0.split(separator: "\t") }
        let intervals = rows.compactMap { row -> (start: Double, end: Double)? in
            guard let start = Double(row[2]), let runtime = Double(row[3]) else { return nil }
            return (start, start + runtime)
        }.sorted { $0.start < $1.start }
        #expect(intervals.count == 12)
        func runningAt(_ instant: Double) -> Int { intervals.filter { $0.start <= instant && instant < $0.end }.count }
        // Never more than 4: counted at every start (the moment concurrency can rise).
        #expect(intervals.map { runningAt($0.start) }.max() == 4)
        // While 4 or more jobs wait (the first 8 jobs' runs) the pool is full: counted at the
        // middle of each run, away from the millisecond in which one job hands its slot over.
        let midpoints = intervals.prefix(8).map { runningAt(($0.start + $0.end) / 2) }
        #expect(midpoints == Array(repeating: 4, count: 8), "\(midpoints)")
    }

    @Test("a YAML catalog with the JSON shape runs like the JSON one")
    func yamlCatalog() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.yaml", """
        jobs:
          - id: als
            name: ALS
            command: [touch, ran-als]
            supports: [epochs]
          - id: stroke
            command: ["touch", "ran-stroke"]
            depends_on: [als]
        """)
        let dry = try await runCommand([runAll, "--config", "jobs.yaml", "--dry-run", "--epochs", "3"], in: directory)
        #expect(dry.lines.contains("[als] (dry-run) Command: touch ran-als --epochs 3"), "\(dry.output)")
        let run = try await runCommand([runAll, "--config", "jobs.yaml"], in: directory)
        #expect(run.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: directory.file("ran-stroke")))
        try directory.write("bad.yaml", "jobs:\n  - id: a\n    id: b\n")
        let bad = try await runCommand([runAll, "--config", "bad.yaml"], in: directory)
        #expect(bad.exitCode == 2)
        #expect(bad.output.contains("duplicate key"), "\(bad.output)")
    }
}

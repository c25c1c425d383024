import Foundation
import Glibc
import Testing
@testable import Runner

/// Faults from outside: signals to run-all at any moment, a full disk. Whatever happens,
/// run-all ends, leaves no job process behind, and its summary (if any) is complete and
/// agrees with its exit status.
@Suite("faults: signals at any moment, full disks")
struct FaultTests {
    let runAll = BuiltProducts.runAll

    /// Jobs that record their pid and a grandchild's pid (one line, O_APPEND) and then wait.
    static let recordingCatalog = commandCatalog([
        ("short1", ["/bin/sh", "-c", "sleep 300 & echo $$ $! >> pids; sleep 0.05; kill $!"], ""),
        ("long1", ["/bin/sh", "-c", "sleep 300 & echo $$ $! >> pids; wait"], ""),
        ("short2", ["/bin/sh", "-c", "sleep 300 & echo $$ $! >> pids; sleep 0.05; kill $!"], ""),
        ("stubborn", ["/bin/sh", "-c", "trap '' TERM; sleep 300 & echo $$ $! >> pids; wait; sleep 300"], ""),
        ("short3", ["/bin/sh", "-c", "echo $$ >> pids"], ""),
    ])

    /// The moments at which a signal is sent, in microseconds after run-all was spawned: 0
    /// (run-all has not even started its runtime), start-up, catalog loading, jobs starting,
    /// mid-run, the short jobs ending and the summary being written. A seeded spread, so a
    /// failure names a moment that can be replayed.
    static let moments: [(signal: Int32, microseconds: UInt32)] = {
        var generator = SplitMix64(seed: 0x5EED_F417)
        return (0..<16).map { index in
            let signal = index.isMultiple(of: 2) ? SIGINT : SIGTERM
            return (signal, index < 2 ? 0 : UInt32(generator.next() % 150_000))
        }
    }()

    @Test("SIGINT/SIGTERM at any moment: run-all ends, no job survives, the summary is whole and agrees with the exit status",
          arguments: moments)
    func signalAtAnyMoment(_ moment: (signal: Int32, microseconds: UInt32)) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", Self.recordingCatalog)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let runPid = try ProcessSpawner.spawn(SpawnRequest(
            argv: [runAll, "--config", "jobs.json", "--parallel", "--max-workers", "3", "--grace", "0.2"],
            environment: environment, workdir: directory.path, output: .file(directory.file("out.txt"))))
        // The moment is the fault injected, not a synchronisation: every assertion below must
        // hold wherever it lands.
        if moment.microseconds > 0 { try await Task.sleep(nanoseconds: UInt64(moment.microseconds) * 1000) }
        kill(runPid, moment.signal)
        let outcome = await ChildReaper.shared.outcome(of: runPid)
        let context = "signal \(moment.signal) at \(moment.microseconds) µs: \(outcome) \(directory.read("out.txt"))"

        let pids = directory.read("pids").split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { pid_t($0) }
        for pid in pids { #expect(await waitUntilDead(pid), "pid \(pid) survived run-all; \(context)") }

        let summaryDirectory = directory.file("summaries")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: summaryDirectory)) ?? []
        #expect(!files.contains { $0.hasPrefix(".") }, "a temporary file was left: \(files); \(context)")
        if let signal = outcome.signal {
            // Killed by the default action: only possible before the handler was installed,
            // which is before any job started or any file was created.
            #expect(signal == moment.signal, "\(context)")
            #expect(pids.isEmpty, "a job started before the signal handler was installed; \(context)")
            #expect(files.isEmpty, "\(context)")
            #expect(!FileManager.default.fileExists(atPath: directory.file("logs")), "\(context)")
            return
        }
        let exitCode = try #require(outcome.exitCode)
        #expect(exitCode == 130 || exitCode == 0, "\(context)")
        #expect(files.count == 1, "\(context)")
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: summaryDirectory + "/" + files[0])))
        #expect(summary.exitCode == exitCode, "\(context)")
        #expect(summary.jobs.count == 5, "\(context)")
        if exitCode == 130 {
            #expect(summary.interrupted, "\(context)")
            #expect(summary.jobs.allSatisfy { [.succeeded, .interrupted, .notStarted].contains($0.status) }, "\(context)")
            #expect(summary.jobs.first { $0.id == "long1" }?.status != .succeeded, "\(context)")
        } else {
            #expect(!summary.interrupted && summary.jobs.allSatisfy { $0.status == .succeeded }, "\(context)")
        }
    }

    @Test("the signal handler is installed before the first job starts: a signal at start-up orphans nothing", arguments: 0..<6)
    func signalAtStartUp(_ trial: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("a", ["/bin/sh", "-c", "echo $$ >> pids; exec sleep 300"], ""),
            ("b", ["/bin/sh", "-c", "echo $$ >> pids; exec sleep 300"], ""),
        ]))
        let runPid = try ProcessSpawner.spawn(SpawnRequest(
            argv: [runAll, "--config", "jobs.json", "--parallel", "--grace", "0.2"],
            environment: ProcessInfo.processInfo.environment, workdir: directory.path, output: .discard))
        // Spin a different number of times per trial: the signal lands anywhere in start-up.
        var spin = 0
        for _ in 0..<(trial * 40_000) { spin &+= 1 }
        kill(runPid, SIGINT)
        let outcome = await ChildReaper.shared.outcome(of: runPid)
        #expect(outcome.signal == SIGINT || outcome.exitCode == 130, "\(outcome) after \(spin) spins")
        let pids = directory.read("pids").split(separator: "\n").compactMap { pid_t($0) }
        for pid in pids { #expect(await waitUntilDead(pid), "pid \(pid) survived") }
        if outcome.signal != nil { #expect(pids.isEmpty) }
    }

    @Test("a second SIGINT kills at once: a job that ignores TERM does not wait for the grace period")
    func secondInterrupt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(mkfifo(directory.file("fifo"), 0o600) == 0)
        try directory.write("jobs.json", commandCatalog([
            ("stubborn", ["/bin/sh", "-c", "trap '' TERM; echo $$ > fifo; while :; do sleep 1; done"], ""),
        ]))
        let runPid = try ProcessSpawner.spawn(SpawnRequest(
            argv: [runAll, "--config", "jobs.json", "--grace", "3600"],
            environment: ProcessInfo.processInfo.environment, workdir: directory.path, output: .file(directory.file("out.txt"))))
        let jobPid = pid_t(await readLine(fromFIFO: directory.file("fifo")))
        kill(runPid, SIGINT)
        // Two signals sent back to back can merge into one pending signal: send the second
        // once run-all has said it received the first.
        #expect(await waitUntil { directory.read("out.txt").contains("Received SIGINT") })
        kill(runPid, SIGINT)
        let outcome = await ChildReaper.shared.outcome(of: runPid)
        #expect(outcome.exitCode == 130, "\(directory.read("out.txt"))")
        if let jobPid { #expect(await waitUntilDead(jobPid)) }
    }

    /// Mounts a 1 MiB tmpfs at `path` (we run as root in CI); nil when mounting is not allowed.
    static func mountSmallFileSystem(at path: String) -> Bool {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return mount("tmpfs", path, "tmpfs", 0, "size=1m") == 0
    }

    static let canMount: Bool = {
        let probe = NSTemporaryDirectory() + "run-all-mount-probe-\(getpid())"
        defer { rmdir(probe) }
        guard mountSmallFileSystem(at: probe) else { return false }
        umount(probe)
        return true
    }()

    @Test("a full logs file system: the job that hit it is named, the others still run, every job is in the summary",
          .enabled(if: canMount, "needs mount(2) (root)"))
    func fullLogsDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let logs = directory.file("logs")
        try #require(Self.mountSmallFileSystem(at: logs))
        defer { umount2(logs, Int32(MNT_DETACH)) }
        try directory.write("jobs.json", commandCatalog([
            ("loud", ["/bin/sh", "-c", "head -c 4000000 /dev/zero"], ""),
            ("quiet", ["/bin/sh", "-c", "echo fine"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--logs-dir", "logs"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.contains("[loud] ❌ failed"), "\(run.output)")
        #expect(run.output.contains("the file system of its log is full"), "\(run.output)")
        #expect(run.output.contains("[quiet]"), "\(run.output)")
        let summaries = try FileManager.default.contentsOfDirectory(atPath: directory.file("summaries"))
        #expect(summaries.count == 1)
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: directory.file("summaries/" + summaries[0]))))
        #expect(summary.jobs.map(\.id) == ["loud", "quiet"])
        #expect(summary.jobs.first { $0.id == "loud" }?.message?.contains("full") == true)
    }

    @Test("a full summary file system: one error line, exit status not 0, every job still on the console, no partial file",
          .enabled(if: canMount, "needs mount(2) (root)"))
    func fullSummaryDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let summaries = directory.file("summaries")
        try #require(Self.mountSmallFileSystem(at: summaries))
        defer { umount2(summaries, Int32(MNT_DETACH)) }
        // Fill it: the summary cannot be written.
        let filler = open(summaries + "/filler", O_WRONLY | O_CREAT, 0o644)
        let block = [UInt8](repeating: 120, count: 4096)
        while write(filler, block, block.count) > 0 {}
        close(filler)
        try directory.write("jobs.json", commandCatalog([("a", ["true"], ""), ("b", ["true"], "")]))
        let run = try await runCommand([runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 2, "\(run.output)")
        #expect(run.lines.filter { $0.hasPrefix("run-all: error: cannot write summaries/") }.count == 1, "\(run.output)")
        #expect(run.output.contains("No space left on device"), "\(run.output)")
        #expect(run.output.contains("[a] ✅ done") && run.output.contains("[b] ✅ done"), "\(run.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: summaries) == ["filler"])
    }
}

/// A small seeded generator (SplitMix64), so test inputs are random-looking but replayable.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

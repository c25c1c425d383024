import Foundation
import Glibc
import Testing
@testable import Runner

/// Jobs that misbehave on purpose. run-all accounts for each one, keeps its memory flat,
/// keeps its own output and summary clean, and leaves nothing running.
@Suite("hostile jobs")
struct HostileJobTests {
    let runAll = BuiltProducts.runAll

    func summary(in directory: TemporaryDirectory) throws -> RunSummary {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.file("summaries"))
        try #require(files.count == 1, "\(files)")
        return try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: directory.file("summaries/" + files[0]))))
    }

    /// NUL, ESC sequences (colour, cursor, window title, a terminal bell), invalid UTF-8 and
    /// overlong encodings, a CDATA terminator, a UTF-8 surrogate, U+FFFE.
    static let hostileBytes = "printf 'a\\000b\\033[31mred\\033[2J\\033]0;title\\007\\377\\300\\257]]>\\355\\240\\200\\357\\277\\276\\n'"

    @Test("1 GiB of output, one 1 GiB line of NULs plus hostile bytes: all in the log, run-all's memory flat, its console clean")
    func gigabyteOfHostileOutput() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let script = "head -c 1073741824 /dev/zero; \(Self.hostileBytes); \(Self.hostileBytes) >&2; exit 3"
        try directory.write("jobs.json", commandCatalog([("flood", ["/bin/sh", "-c", script], ""), ("calm", ["true"], "")]))
        let (run, peak) = try await runMeasured([runAll, "--config", "jobs.json", "--verbose", "--parallel"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        let size = try FileManager.default.attributesOfItem(atPath: directory.file("logs/flood.log"))[.size] as? Int
        let hostileLength = 38
        #expect(size == 1_073_741_824 + 2 * hostileLength)
        #expect(peak > 0 && peak < memoryBound(64 << 20), "run-all peak RSS \(peak) bytes")
        // --verbose prints the tail of a failed job's log: without its control characters.
        #expect(run.output.contains("    a\u{FFFD}b\u{FFFD}[31mred"), "\(run.output)")
        #expect(!run.output.contains("\u{1B}") && !run.output.contains("\u{07}") && !run.output.contains("\0"))
        let summary = try summary(in: directory)
        #expect(summary.jobs.map(\.status) == [.failed, .succeeded])
        #expect(summary.jobs[0].exitCode == 3)
    }

    @Test("a job that closes stdout and stderr and keeps running is waited for, not taken for finished")
    func closesOutputAndKeepsRunning() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("quiet", ["/bin/sh", "-c", "echo before; exec >&- 2>&-; sleep 0.3; touch finished"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: directory.file("finished")), "run-all returned before the job ended")
        #expect(directory.read("logs/quiet.log") == "before\n")
        #expect(try summary(in: directory).jobs[0].duration ?? 0 >= 0.3)
    }

    @Test("a job that ignores SIGTERM is killed after the grace period when its timeout passes")
    func ignoresTerm() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("deaf", ["/bin/sh", "-c", "trap '' TERM; echo $$ > pid; while :; do sleep 1; done"], "\"timeout\": 0.3"),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--grace", "0.3"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.contains("[deaf] ❌ timed-out"), "\(run.output)")
        let job = try summary(in: directory).jobs[0]
        #expect(job.status == .timedOut && job.signal == SIGKILL)
        if let pid = pid_t(directory.read("pid").trimmingCharacters(in: .whitespacesAndNewlines)) {
            #expect(await waitUntilDead(pid))
        }
    }

    @Test("daemons (setsid, with or without the job's environment) are found after the run, reported and stopped")
    func daemons() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Each job starts a daemon in a new session, waits until it is really running in that
        // session (it wrote its pid), and exits: the group kill cannot reach the daemon.
        func daemonJob(_ id: String, _ daemon: String) -> (id: String, argv: [String], extra: String) {
            (id, ["/bin/sh", "-c", "setsid \(daemon) & while [ ! -s \(id).pid ]; do sleep 0.01; done"], "")
        }
        try directory.write("jobs.json", commandCatalog([
            daemonJob("plain", "sh -c 'echo $$ > plain.pid; exec sleep 300'"),
            daemonJob("stubborn", "sh -c 'trap \"\" TERM; echo $$ > stubborn.pid; while :; do sleep 1; done'"),
            daemonJob("noenv", "env -i /bin/sh -c 'echo $$ > noenv.pid; exec sleep 300'"),
            ("tidy", ["true"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--parallel", "--grace", "0.3"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        let pids = ["plain", "stubborn", "noenv"].compactMap { pid_t(directory.read("\($0).pid").trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(pids.count == 3)
        for pid in pids { #expect(await waitUntilDead(pid, seconds: 2), "daemon \(pid) outlived run-all") }
        let escaped = try #require(try summary(in: directory).escapedProcesses)
        #expect(Set(escaped.map(\.pid)).isSuperset(of: pids), "\(escaped)")
        #expect(escaped.first { $0.pid == pids[0] }?.jobID == "plain")
        #expect(escaped.first { $0.pid == pids[1] }?.jobID == "stubborn")
        #expect(escaped.first { $0.pid == pids[2] }?.jobID == nil, "env -i drops the marker: found as an adopted orphan")
        #expect(run.output.contains("⚠️  [plain] left a process running outside its process group: pid \(pids[0])"), "\(run.output)")
        #expect(!escaped.contains { $0.jobID == "tidy" })
    }

    @Test("a job whose program does not exist or is not executable fails with the reason; the others run")
    func unstartableJobs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("not-executable.sh", "echo hi\n")
        try directory.write("jobs.json", commandCatalog([
            ("missing", ["no-such-program-xyz"], ""),
            ("noexec", [directory.file("not-executable.sh")], ""),
            ("fine", ["touch", "ran"], ""),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.contains("[missing] ❌ failed (cannot start no-such-program-xyz: No such file or directory)"), "\(run.output)")
        #expect(run.output.contains("[noexec] ❌ failed (cannot start \(directory.file("not-executable.sh")): Permission denied)"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: directory.file("ran")))
        #expect(try summary(in: directory).jobs.map(\.exitCode) == [127, 127, 0])
    }

    @Test("a symbolic link or a hard link planted at a log's path is refused, its target untouched")
    func plantedLinks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("precious", "keep me\n")
        try FileManager.default.createDirectory(atPath: directory.file("logs"), withIntermediateDirectories: true)
        #expect(symlink(directory.file("precious"), directory.file("logs/sym.log")) == 0)
        #expect(link(directory.file("precious"), directory.file("logs/hard.log")) == 0)
        #expect(symlink(directory.file("precious"), directory.file("joblog.tsv")) == 0)
        try directory.write("jobs.json", commandCatalog([("sym", ["echo", "overwritten"], ""), ("hard", ["echo", "overwritten"], ""),
                                                         ("fine", ["echo", "ok"], "")]))
        // Under umask 077: the log is still 0644.
        let run = try await runCommand(["/bin/sh", "-c", "umask 077; exec \"$0\" \"$@\"", runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.contains("[sym] ❌ failed (cannot open log file logs/sym.log: it is a symbolic link)"), "\(run.output)")
        #expect(run.output.contains("[hard] ❌ failed (cannot open log file logs/hard.log: it has other hard links"), "\(run.output)")
        #expect(directory.read("precious") == "keep me\n")
        #expect(directory.read("logs/fine.log") == "ok\n")
        var status = stat()
        #expect(stat(directory.file("logs/fine.log"), &status) == 0 && status.st_mode & 0o777 == 0o644)

        let joblog = try await runCommand([runAll, "--config", "jobs.json", "--only", "fine", "--joblog", "joblog.tsv"], in: directory)
        #expect(joblog.exitCode == 2)
        #expect(joblog.lines.contains("run-all: error: cannot write joblog joblog.tsv: it is a symbolic link"), "\(joblog.output)")
        #expect(directory.read("precious") == "keep me\n")
    }

    @Test("argv is never given to a shell: metacharacters stay text; only \"shell\": true runs /bin/sh -c")
    func noShellUnlessAsked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hostile = ["$(touch injected1)", "`touch injected2`", ";", "touch", "injected3", "&&", "touch injected4", "|", "*"]
        try directory.write("jobs.json", """
        {"jobs": [
          {"id": "argv", "command": \(String(decoding: try JSONEncoder().encode(["echo"] + hostile), as: UTF8.self))},
          {"id": "opted", "shell": true, "command": "echo $((1 + 2)) > sum.txt"}
        ]}
        """)
        let run = try await runCommand([runAll, "--config", "jobs.json"], in: directory)
        #expect(run.exitCode == 0, "\(run.output)")
        #expect(directory.read("logs/argv.log") == hostile.joined(separator: " ") + "\n")
        for name in ["injected1", "injected2", "injected3", "touch injected4"] {
            #expect(!FileManager.default.fileExists(atPath: directory.file(name)), "\(name) was created: the argv went through a shell")
        }
        #expect(directory.read("sum.txt") == "3\n")
        let dry = try await runCommand([runAll, "--config", "jobs.json", "--dry-run"], in: directory)
        #expect(dry.lines.contains("[opted] (dry-run) Command: /bin/sh -c 'echo $((1 + 2)) > sum.txt'"), "\(dry.output)")
    }
}

import Foundation
import Glibc
import Testing
@testable import Runner

@Suite("Spawning and reaping")
struct ProcessSpawnerTests {
    @Test("exit codes and signals are reported from wait4")
    func exitAndSignal() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try await runCommand(["/bin/sh", "-c", "exit 3"], in: directory).exitCode == 3)
        let killed = try await runCommand(["/bin/sh", "-c", "kill -KILL $$"], in: directory)
        #expect(killed.outcome.exitCode == nil)
        #expect(killed.outcome.signal == SIGKILL)
        #expect(killed.outcome.shellStatus == 137)
    }

    @Test("own process group, empty signal mask, default dispositions, stdin from /dev/null")
    func childEnvironment() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // We ignore SIGINT here the way run-all does while jobs run: the child must not inherit it.
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        // Read by the spawned process itself (a shell would show its own mask while it waits).
        let status = try await runCommand(["cat", "/proc/self/status"], in: directory).output
        let stat = try await runCommand(["cat", "/proc/self/stat"], in: directory).output
        let stdin = try await runCommand(["readlink", "/proc/self/fd/0"], in: directory).output
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        #expect(stat.split(separator: " ")[0] == fields[2], "child leads its own group: \(stat)")
        #expect(status.contains("SigBlk:\t0000000000000000"), "\(status)")
        // Signals 32 and 33 are glibc's own (outside sigfillset); every real signal is default.
        let ignored = status.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }.map { UInt64($0.dropFirst(8), radix: 16) ?? 1 } ?? 1
        #expect(ignored & 0x7fff_ffff == 0, "\(status)")
        #expect(stdin == "/dev/null\n")
    }

    @Test("stdout and stderr go to the log in order; environment and workdir apply")
    func outputEnvironmentWorkdir() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("work"), withIntermediateDirectories: true)
        let pid = try ProcessSpawner.spawn(SpawnRequest(
            argv: ["/bin/sh", "-c", "echo out; echo err >&2; echo $GREETING; pwd"],
            environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"], workdir: directory.file("work"),
            output: .file(directory.file("job.log"))))
        let outcome = await ChildReaper.shared.outcome(of: pid)
        #expect(outcome.exitCode == 0)
        let resolvedWork = (directory.file("work") as NSString).resolvingSymlinksInPath
        #expect(directory.read("job.log") == "out\nerr\nhello\n\(resolvedWork)\n")
    }

    @Test("a program that does not exist is a clear error, not a crash")
    func missingProgram() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try ProcessSpawner.spawn(SpawnRequest(argv: ["/nonexistent/tool"], environment: [:], output: .discard))
            Issue.record("spawn of a missing program succeeded")
        } catch {
            #expect(error.message == "cannot start /nonexistent/tool: No such file or directory")
        }
        try directory.write("not-executable.sh", "echo hi")
        #expect(throws: RunAllError.self) {
            try ProcessSpawner.spawn(SpawnRequest(argv: [directory.file("not-executable.sh")], environment: [:], output: .discard))
        }
        #expect(throws: RunAllError.self) {
            try ProcessSpawner.spawn(SpawnRequest(argv: ["true"], environment: [:], output: .file(directory.file("no/such/dir/log"))))
        }
    }

    @Test("when a job's leader exits, what it left running in its group is killed")
    func leftoversKilled() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await runCommand(["/bin/sh", "-c", "sleep 300 & echo $!"], in: directory)
        #expect(run.exitCode == 0)
        let background = try #require(pid_t(run.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await waitUntilDead(background))
    }
}

@Suite("Process memory")
struct ProcessMemoryTests {
    @Test("VmHWM and MemAvailable are read from /proc (tab and space separated)")
    func procFigures() {
        // Current first: the peak read afterwards can only be larger (other tests allocate meanwhile).
        let current = ProcessMemory.currentRSSBytes(ofProcess: "self")
        let peak = ProcessMemory.peakRSSBytes(ofProcess: "self")
        #expect((peak ?? 0) > 1 << 20, "this test process uses more than 1 MiB")
        #expect((current ?? 0) > 0 && (current ?? 0) <= (peak ?? 0))
        #expect((ProcessMemory.availableSystemMemoryBytes() ?? 0) > 0)
        #expect(ProcessMemory.peakRSSBytes(ofProcess: "999999999") == nil)
    }
}

import Foundation
import Glibc
@testable import Runner

// Files are read with FileContents, not String(contentsOfFile:): FoundationEssentials leaks
// the buffer of a file whose size is 0 (an empty output, a /proc file), which
// `swift test --sanitize=address` reports.

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let template = NSTemporaryDirectory() + "run-all-tests.XXXXXX"
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw RunAllError("mkdtemp failed") }
        path = String(decoding: bytes.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String, executable: Bool = false) throws {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Our own open with O_CLOEXEC: Foundation's atomic write leaves its descriptor open
        // across other tests' concurrent spawns, so executing the file then fails with ETXTBSY.
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard descriptor >= 0 else { throw RunAllError("cannot create \(target)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw RunAllError("cannot write \(target)") }
            offset += written
        }
        if executable { fchmod(descriptor, 0o755) }
    }

    func read(_ name: String) -> String { (FileContents.text(file(name), limit: 1 << 30) ?? "") }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The output and outcome of a finished child process.
struct CommandRun {
    let outcome: ProcessOutcome
    let output: String
    var exitCode: Int32? { outcome.exitCode }
    var lines: [String] { output.split(separator: "\n").map(String.init) }
}

/// Where the package's built executables are: beside the test bundle.
enum BuiltProducts {
    static var directory: String {
        var directory = (selfExecutablePath() as NSString).deletingLastPathComponent
        while !directory.isEmpty, directory != "/" {
            if FileManager.default.isExecutableFile(atPath: directory + "/run-all") { return directory }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return (selfExecutablePath() as NSString).deletingLastPathComponent
    }

    static var runAll: String { directory + "/run-all" }
    static var verifyRunAll: String { directory + "/verify-run-all" }
}

/// Runs `argv` to completion through the project's own process layer; output (stdout and
/// stderr together) is captured in a file inside `directory`.
func runCommand(_ argv: [String], in directory: TemporaryDirectory, environment: [String: String] = [:]) async throws -> CommandRun {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    let outputPath = directory.file("output-\(UUID().uuidString).txt")
    let pid = try ProcessSpawner.spawn(SpawnRequest(argv: argv, environment: env, workdir: directory.path, output: .file(outputPath)))
    let outcome = await ChildReaper.shared.outcome(of: pid)
    let output = (FileContents.text(outputPath, limit: 1 << 30) ?? "")
    try? FileManager.default.removeItem(atPath: outputPath)
    return CommandRun(outcome: outcome, output: output)
}

/// Whether `pid` is a live process (a zombie counts as dead: it cannot run any more).
func isAlive(_ pid: pid_t) -> Bool {
    guard let stat = FileContents.text("/proc/\(pid)/stat", limit: 4096) else { return false }
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Waits until `pid` is dead or `seconds` pass (a dying process takes a moment to go away
/// after SIGKILL); returns whether it died. This checks a condition, it does not guess a delay.
func waitUntilDead(_ pid: pid_t, seconds: Double = 5) async -> Bool {
    let deadline = MonotonicClock.now() + seconds
    while isAlive(pid) {
        if MonotonicClock.now() > deadline { return false }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return true
}

/// Waits until `condition` holds or `seconds` pass; returns whether it held. Like
/// `waitUntilDead`, it polls a condition rather than guessing a delay.
func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = MonotonicClock.now() + seconds
    while !condition() {
        if MonotonicClock.now() > deadline { return false }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return true
}

/// Reads one line from a FIFO: blocks (on its own thread, never the cooperative pool) until
/// a writer opens it and writes.
func readLine(fromFIFO path: String) async -> String {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            let handle = FileHandle(forReadingAtPath: path)
            var collected = Data()
            while let handle, !collected.contains(10) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            try? handle?.close()
            continuation.resume(returning: String(decoding: collected, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        thread.start()
    }
}

/// A JSON catalog of `command` jobs: `(id, argv)` pairs plus optional raw extra fields.
func commandCatalog(_ jobs: [(id: String, argv: [String], extra: String)]) -> String {
    let entries = jobs.map { job -> String in
        let argv = job.argv.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return "{\"id\": \"\(job.id)\", \"command\": [\(argv.joined(separator: ", "))]\(job.extra.isEmpty ? "" : ", " + job.extra)}"
    }
    return "{\"jobs\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
}

/// A finished command with its stdout and stderr kept apart.
struct SeparatedRun {
    let outcome: ProcessOutcome
    let stdout: String
    let stderr: String
    var exitCode: Int32? { outcome.exitCode }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stderr.hasSuffix("\n") ? 1 : 0).map(String.init) }
}

/// Runs `argv` in `directory` with stdout and stderr captured into two files outside it (so
/// the directory's listing shows only what the command itself created).
func runSeparated(_ argv: [String], in directory: TemporaryDirectory, environment: [String: String] = [:]) async throws -> SeparatedRun {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    let base = NSTemporaryDirectory() + "run-all-streams-\(UUID().uuidString)"
    defer { unlink(base + ".out"); unlink(base + ".err") }
    let pid = try ProcessSpawner.spawn(SpawnRequest(argv: ["/bin/sh", "-c", "exec \"$@\" 2>\"$0\"", base + ".err"] + argv,
                                                    environment: env, workdir: directory.path, output: .file(base + ".out")))
    let outcome = await ChildReaper.shared.outcome(of: pid)
    let stdout = (FileContents.text(base + ".out", limit: 1 << 30) ?? "")
    let stderr = (FileContents.text(base + ".err", limit: 1 << 30) ?? "")
    return SeparatedRun(outcome: outcome, stdout: stdout, stderr: stderr)
}

/// Every path below `directory`, relative to it, sorted.
func listing(of directory: String) -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// The peak-memory bound of a flat-memory test: `bytes` normally; under ThreadSanitizer or
/// AddressSanitizer (`swift test --sanitize=...`, which also instruments the executables)
/// shadow memory dominates the figure, so only "it finished and reported a peak" is checked.
func memoryBound(_ bytes: Int) -> Int {
    // nil handle: RTLD_DEFAULT, every loaded object.
    let sanitized = dlsym(nil, "__tsan_init") != nil
        || dlsym(nil, "__asan_init") != nil
    return sanitized ? Int.max : bytes
}

/// Runs `argv` under Tests/Fixtures/measure_peak_rss.py, a small parent that forks and execs
/// it and reports wait4's ru_maxrss: the program's own peak (see that script for why the test
/// process cannot measure it). `peakBytes` is -1024 when nothing was reported.
func runMeasured(_ argv: [String], in directory: TemporaryDirectory) async throws -> (run: CommandRun, peakBytes: Int) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/measure_peak_rss.py"
    let run = try await runCommand(["python3", script] + argv, in: directory)
    let reported = run.lines.first { $0.hasPrefix("wait4-maxrss-kb ") }.flatMap { Int($0.split(separator: " ")[1]) }
    return (run, (reported ?? -1) * 1024)
}

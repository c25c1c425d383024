import Foundation
import Glibc
import Runner
@testable import Verify

/// A fresh temporary directory for one test.
struct ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "verify-tests.XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw RunAllError("mkdtemp failed") }
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Paths of the repository and of the built executables.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = root + "/Tests/Fixtures"

    static var products: String {
        var directory = (selfExecutablePath() as NSString).deletingLastPathComponent
        while !directory.isEmpty, directory != "/" {
            if FileManager.default.isExecutableFile(atPath: directory + "/verify-run-all") { return directory }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return directory
    }
}

/// Runs a built executable to completion, output captured (through our own process layer).
func runTool(_ argv: [String], in directory: String, environment: [String: String] = [:],
             whileRunning: (@Sendable (pid_t) async -> Void)? = nil) async -> TargetRun {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    let runner = TargetRunner(environment: env, workdir: directory, scratchDirectory: directory)
    return await runner.run(argv, timeout: 600, whileRunning: whileRunning)
}

/// Probe runs for analysis tests: (start, end) pairs.
func probeRuns(_ intervals: [(Double, Double?)]) -> [ProbeRun] {
    intervals.enumerated().map { index, interval in
        ProbeRun(id: "j\(index)", pid: Int32(1000 + index), pgid: Int32(1000 + index), child: 0, argv: [], start: interval.0, end: interval.1)
    }
}

/// Runs a built executable with stdout and stderr captured apart (into files outside
/// `directory`, so its listing shows only what the tool created).
func runToolSeparated(_ argv: [String], in directory: String) async throws -> (outcome: ProcessOutcome, stdout: String, stderr: String) {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    let base = NSTemporaryDirectory() + "verify-streams-\(UUID().uuidString)"
    defer { unlink(base + ".out"); unlink(base + ".err") }
    let pid = try ProcessSpawner.spawn(SpawnRequest(argv: ["/bin/sh", "-c", "exec \"$@\" 2>\"$0\"", base + ".err"] + argv,
                                                    environment: env, workdir: directory, output: .file(base + ".out")))
    let outcome = await ChildReaper.shared.outcome(of: pid)
    return (outcome, (FileContents.text(base + ".out", limit: 1 << 30) ?? ""),
            (FileContents.text(base + ".err", limit: 1 << 30) ?? ""))
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

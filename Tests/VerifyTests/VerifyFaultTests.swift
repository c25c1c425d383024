import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Glibc
import Runner
import Testing
@testable import Verify

/// Signals to verify-run-all at any moment: it ends, stops what it started, and leaves either
/// the previous reports or a complete new set, never a mix and never a temporary file.
@Suite("verify-run-all under signals")
struct VerifyFaultTests {
    let verify = Repository.products + "/verify-run-all"

    /// Seeded moments in milliseconds after the spawn, from "not started yet" to "writing the
    /// reports" (a run of these checks takes about 0.3 s on the CI machine).
    static let moments: [(signal: Int32, milliseconds: UInt64)] = {
        var state: UInt64 = 0xFA17
        return (0..<10).map { index in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (index.isMultiple(of: 2) ? SIGINT : SIGTERM, index == 0 ? 0 : (state >> 33) % 400)
        }
    }()

    @Test("a signal at any moment: exit 130 with the old reports untouched, or a complete new set; nothing left running or lying around",
          arguments: moments)
    func signalAtAnyMoment(_ moment: (signal: Int32, milliseconds: UInt64)) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let out = scratch.file("out")
        let workloads = scratch.file("tmp")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workloads, withIntermediateDirectories: true)
        for file in Verification.reportFiles { try "old".write(toFile: out + "/" + file, atomically: true, encoding: .utf8) }

        let run = await runTool([verify, "--out", out, "--checks", "cli.help,cli.list,parallel.dry-run,reliability.failure"],
                                in: scratch.path, environment: ["TMPDIR": workloads]) { pid in
            // The moment is the fault injected, not a synchronisation.
            if moment.milliseconds > 0 { try? await Task.sleep(nanoseconds: moment.milliseconds * 1_000_000) }
            kill(pid, moment.signal)
        }
        let context = "signal \(moment.signal) at \(moment.milliseconds) ms: \(run.statusDescription) \(run.output)"
        let listing = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(listing == Verification.reportFiles.sorted(), "leftover or missing files: \(listing); \(context)")
        let contents = Verification.reportFiles.map { (try? String(contentsOfFile: out + "/" + $0, encoding: .utf8)) ?? "" }
        if run.exitCode == 0 || run.exitCode == 1 {
            #expect(contents.allSatisfy { $0 != "old" }, "a mix of old and new reports; \(context)")
            #expect((try? ResultsDocument.load(path: out + "/results.json")) != nil, "\(context)")
            let junit = try Data(contentsOf: URL(fileURLWithPath: out + "/junit.xml"))
            #expect(XMLParser(data: junit).parse(), "\(context)")
        } else {
            #expect(run.exitCode == 130 || run.signal == moment.signal, "\(context)")
            #expect(contents.allSatisfy { $0 == "old" }, "an interrupted run changed the reports; \(context)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: workloads).isEmpty, "the probe workload was left behind; \(context)")
        #expect(await waitUntilNone(matching: workloads), "a target or probe process survived; \(context)")
    }

    func waitUntilNone(matching text: String) async -> Bool {
        let deadline = MonotonicClock.now() + 10
        while !VerifyCLITests.processes(matching: text).isEmpty {
            if MonotonicClock.now() > deadline { return false }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return true
    }
}

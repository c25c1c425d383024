import Foundation
import Glibc

/// Runs a command to completion through the process layer (own process group, reaped on the
/// reaper thread), with a timeout, capturing stdout and stderr into a file so memory stays
/// flat whatever the command prints; keeps at most `outputLimit` bytes of it.
public enum CommandCapture {
    /// The default number of output bytes kept.
    public static let defaultOutputLimit = 4 << 20

    /// Runs `argv`; after `timeout` seconds its group gets TERM, then KILL 2 s later.
    /// `registry` holds the pid while it runs (so a signal handler can stop it; once the
    /// registry is closed no new command starts);
    /// `whileRunning` is called with the pid once it started.
    public static func run(_ argv: [String], environment: [String: String], workdir: String?, scratchDirectory: String,
                           timeout: Double, outputLimit: Int = defaultOutputLimit, registry: PidSet? = nil,
                           killGroupOnExit: Bool = true,
                           whileRunning: (@Sendable (Int32) async -> Void)? = nil) async -> CapturedRun {
        let outputPath = scratchDirectory + "/output-\(UUID().uuidString).txt"
        defer { unlink(outputPath) }
        let start = MonotonicClock.now()
        let startTime = Date().timeIntervalSince1970
        if registry?.isClosed == true {
            return CapturedRun(command: argv, exitCode: nil, signal: nil, seconds: 0, timedOut: false, output: "",
                               outputTruncated: false, startError: "interrupted: no new command starts", peakRSSBytes: 0)
        }
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(SpawnRequest(argv: argv, environment: environment, workdir: workdir, output: .file(outputPath),
                                                            killGroupOnExit: killGroupOnExit))
        } catch {
            return CapturedRun(command: argv, exitCode: nil, signal: nil, seconds: 0, timedOut: false, output: "",
                               outputTruncated: false, startError: error.message, peakRSSBytes: 0)
        }
        if registry?.insert(pid) == false {
            // Closed between the check above and the spawn: stop it at once.
            RunControl.terminate(pid, grace: 2)
        }
        defer { registry?.remove(pid) }
        let timer = TimeoutTimer(seconds: timeout, pid: pid, grace: 2)
        if let whileRunning { await whileRunning(pid) }
        let outcome = await ChildReaper.shared.outcome(of: pid)
        let timedOut = timer.finish()
        let (output, truncated) = readOutput(outputPath, limit: outputLimit)
        return CapturedRun(command: argv, exitCode: outcome.exitCode, signal: outcome.signal,
                           seconds: MonotonicClock.now() - start, startTime: startTime, timedOut: timedOut, output: output,
                           outputTruncated: truncated, startError: nil, peakRSSBytes: outcome.peakRSSBytes)
    }

    static func readOutput(_ path: String, limit: Int) -> (String, Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ("", false) }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        return (String(decoding: data.prefix(limit), as: UTF8.self), data.count > limit)
    }
}

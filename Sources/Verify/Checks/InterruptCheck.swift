import Foundation
import Glibc
import Runner

/// reliability.interrupt: SIGINT mid-run, once to the target's own pid (as `kill`, CI runners
/// and timeouts send it) and once to its whole process group (as a terminal's Ctrl-C does):
/// the target exits 130 or dies by SIGINT, and no job process or grandchild survives (checked
/// by the pids in the probe log). Survivors are killed afterwards so nothing outlives us.
struct InterruptCheck: Check {
    let id = "reliability.interrupt"
    let title = "SIGINT mid-run (to the pid and to the process group): exit 130, no job process survives"

    func run(_ context: CheckContext) async -> CheckResult {
        let expectedRunning = min(context.settings.workers, context.workload.jobs.count)
        var commands: [CommandRecord] = []
        var problems: [String] = []
        var measurements: [Measurement] = []
        for toGroup in [false, true] {
            let label = toGroup ? "SIGINT to the process group" : "SIGINT to the pid"
            try? context.workload.configure(spawnChild: true, secondsOverride: 60)
            let workload = context.workload
            let interruptTimeout = context.profile.interruptTimeout ?? 20
            let signalled = SignalRecord()
            let targetPid = SignalRecord()
            let run = await context.runTarget(
                [context.profile.flags.parallel, context.profile.flags.maxWorkers, String(context.settings.workers)],
                timeout: 30 + interruptTimeout,
                keepLeftovers: true   // what the target leaves in its own group counts as a survivor too
            ) { pid in
                targetPid.mark(started: Int(pid))
                // Wait until the jobs are really running (their start records): all W of them,
                // or, for an orchestrator that starts fewer, at least one and then no new start
                // for a second. The interrupt must land mid-run, not during start-up.
                let deadline = MonotonicClock.now() + 25
                var lastCount = 0
                var lastChange = MonotonicClock.now()
                while MonotonicClock.now() < deadline, ChildReaper.shared.isRunning(pid) {
                    let count = workload.runs().count
                    if count >= expectedRunning { break }
                    if count != lastCount { lastCount = count; lastChange = MonotonicClock.now() }
                    if count > 0, MonotonicClock.now() - lastChange > 1 { break }
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
                signalled.mark(started: workload.runs().count)
                kill(toGroup ? -pid : pid, SIGINT)
            }
            commands.append(context.record(run))
            if let error = run.startError { return result(.errored, "the target could not be started: \(error)", commands: commands) }
            let runs = context.workload.runs()
            var processes: [Int32] = []
            for run in runs {
                processes.append(run.pid)
                if let child = run.child, child > 0 { processes.append(child) }
            }
            let survivors = await Self.survivors(of: processes, within: 3)
            var leftInGroup = 0
            if targetPid.started > 0 {
                // Anything still in the target's own process group (workers, or jobs it never
                // moved to a group of their own) outlived it.
                let group = Int32(targetPid.started)
                leftInGroup = await Self.survivors(of: Self.members(ofGroup: group), within: 3).count
                kill(-group, SIGKILL)
            }
            for pid in survivors { kill(pid, SIGKILL) }
            for run in runs { kill(-run.pgid, SIGKILL) }
            measurements.append(Measurement("\(toGroup ? "group" : "pid"): jobs running at SIGINT", Double(signalled.started)))
            measurements.append(Measurement("\(toGroup ? "group" : "pid"): surviving processes", Double(survivors.count)))
            if signalled.started == 0 {
                problems.append("\(label): no job had started within 25 s, so the interrupt did not land mid-run")
            }
            if run.timedOut {
                problems.append("\(label): the target did not stop within \(Int(interruptTimeout)) s")
            } else if !(run.exitCode == 130 || run.signal == SIGINT) {
                problems.append("\(label): the target ended with \(run.statusDescription), expected exit 130 or death by SIGINT")
            }
            if !survivors.isEmpty {
                problems.append("\(label): \(survivors.count) job processes survived the target (pids \(survivors.prefix(6).map(String.init).joined(separator: ", ")))")
            } else if leftInGroup > 0 {
                problems.append("\(label): \(leftInGroup) processes were left running in the target's process group")
            }
        }
        if !problems.isEmpty {
            return result(.failed, problems[0] + (problems.count > 1 ? " (and \(problems.count - 1) more)" : ""),
                          commands: commands, measurements: measurements, notes: problems)
        }
        return result(.passed, commands: commands, measurements: measurements)
    }

    /// The processes of `pids` still alive after up to `seconds` (a process that was just
    /// killed takes a moment to go; zombies count as gone: they cannot run any more).
    static func survivors(of pids: [Int32], within seconds: Double) async -> [Int32] {
        let deadline = MonotonicClock.now() + seconds
        var alive = pids.filter(isLive)
        while !alive.isEmpty, MonotonicClock.now() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
            alive = alive.filter(isLive)
        }
        return alive
    }

    /// Live processes whose process group is `group` (from /proc).
    static func members(ofGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
            return pid
        }
    }

    static func isLive(_ pid: Int32) -> Bool {
        // FileContents, not String(contentsOfFile:): FoundationEssentials leaks the buffer it
        // reads a /proc file into (its size is 0), and this is polled (LeakSanitizer).
        guard let stat = FileContents.text("/proc/\(pid)/stat", limit: 4096),
              let close = stat.lastIndex(of: ")"), stat.distance(from: close, to: stat.endIndex) > 2 else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }
}

/// How many jobs had started when the interrupt was sent.
final class SignalRecord: @unchecked Sendable {
    // @unchecked: `value` is only used under `lock`.
    private let lock = NSLock()
    private var value = 0
    func mark(started: Int) { lock.lock(); value = started; lock.unlock() }
    var started: Int { lock.lock(); defer { lock.unlock() }; return value }
}

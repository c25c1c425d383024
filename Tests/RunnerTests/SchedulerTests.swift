import Foundation
import Testing
@testable import Runner

/// An executor whose jobs run until the test lets them finish: the test decides the order of
/// events, so scheduling is checked without any clock.
actor JobGate {
    private(set) var started: [(id: String, attempt: Int)] = []
    private(set) var maxConcurrent = 0
    private var running = 0
    private var pending: [String: CheckedContinuation<Bool, Never>] = [:]
    private var startWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    func arrive(_ id: String, attempt: Int) async -> Bool {
        started.append((id, attempt))
        running += 1
        maxConcurrent = max(maxConcurrent, running)
        let ready = startWaiters.filter { $0.count <= started.count }
        startWaiters.removeAll { $0.count <= started.count }
        ready.forEach { $0.continuation.resume() }
        return await withCheckedContinuation { pending[id] = $0 }
    }

    /// Lets job `id` finish, successfully or not.
    func finish(_ id: String, success: Bool = true) {
        running -= 1
        pending.removeValue(forKey: id)?.resume(returning: success)
    }

    /// Returns once `count` attempts have started in total.
    func waitForStarts(_ count: Int) async {
        if started.count >= count { return }
        await withCheckedContinuation { startWaiters.append((count, $0)) }
    }

    var startedIDs: [String] { started.map(\.id) }
}

struct GatedExecutor: JobExecutor {
    let gate: JobGate

    func execute(_ job: PreparedJob, attempt: Int, control: RunControl) async -> AttemptResult {
        let success = await gate.arrive(job.id, attempt: attempt)
        let outcome = ProcessOutcome(exitCode: success ? 0 : 1, signal: nil, wallSeconds: 0)
        return AttemptResult(outcome: outcome, start: 0, monotonicStart: MonotonicClock.now())
    }
}

final class EventLog: RunEventSink, @unchecked Sendable {
    // @unchecked: `events` is only touched under `lock`.
    private let lock = NSLock()
    private var events: [RunEvent] = []
    func handle(_ event: RunEvent) { lock.lock(); events.append(event); lock.unlock() }
    var finishedIDs: [String] {
        lock.lock(); defer { lock.unlock() }
        return events.compactMap { if case let .finished(result) = $0 { return result.id } else { return nil } }
    }
    var startSlots: [String: Int] {
        lock.lock(); defer { lock.unlock() }
        var slots: [String: Int] = [:]
        for case let .started(job, _, slot) in events { slots[job.id] = slot }
        return slots
    }
}

@Suite("Scheduler")
struct SchedulerTests {
    func prepare(_ specs: [JobSpec], retries: Int = 0) -> [PreparedJob] {
        specs.enumerated().map { PreparedJob(spec: $1, command: ["true"], logPath: "/dev/null", retries: retries, timeout: nil, catalogIndex: $0) }
    }

    func plainJobs(_ count: Int) -> [JobSpec] {
        (0..<count).map { JobSpec(id: "j\($0)", program: .command(["true"])) }
    }

    @Test("a bounded pool: never more than W at once, and a freed slot is refilled at once in catalog order")
    func boundedAndWorkConserving() async {
        let gate = JobGate()
        let events = EventLog()
        let scheduler = Scheduler(slots: 2, executor: GatedExecutor(gate: gate), control: RunControl(grace: 1), events: events)
        let jobs = prepare(plainJobs(5))
        async let results = scheduler.run(jobs)
        await gate.waitForStarts(2)
        #expect(await gate.startedIDs == ["j0", "j1"])
        await gate.finish("j1")
        await gate.waitForStarts(3)
        #expect(await gate.startedIDs == ["j0", "j1", "j2"])
        await gate.finish("j0")
        await gate.waitForStarts(4)
        await gate.finish("j2")
        await gate.waitForStarts(5)
        await gate.finish("j3")
        await gate.finish("j4")
        let finished = await results
        #expect(finished.map(\.status) == Array(repeating: .succeeded, count: 5))
        #expect(await gate.maxConcurrent == 2)
        #expect(await gate.startedIDs == ["j0", "j1", "j2", "j3", "j4"])
        // j2 took the slot j1 freed.
        #expect(events.startSlots["j2"] == events.startSlots["j1"])
        #expect(Set(finished.compactMap(\.slot)) == [0, 1])
    }

    @Test("a failed dependency skips its dependents; independent jobs still run")
    func dependencies() async {
        let gate = JobGate()
        let specs = [
            JobSpec(id: "prep", program: .command(["true"])),
            JobSpec(id: "train", program: .command(["true"]), dependsOn: ["prep"]),
            JobSpec(id: "eval", program: .command(["true"]), dependsOn: ["train"]),
            JobSpec(id: "other", program: .command(["true"])),
        ]
        let scheduler = Scheduler(slots: 4, executor: GatedExecutor(gate: gate), control: RunControl(grace: 1), events: EventLog())
        async let results = scheduler.run(prepare(specs))
        await gate.waitForStarts(2)
        #expect(Set(await gate.startedIDs) == ["prep", "other"])
        await gate.finish("prep", success: false)
        await gate.finish("other")
        let finished = await results
        #expect(finished.map(\.status) == [.failed, .skipped, .skipped, .succeeded])
        #expect(finished[1].message == "dependency prep failed")
        #expect(await gate.startedIDs.count == 2)
    }

    @Test("a dependent starts only after its dependency succeeded")
    func dependencyOrder() async {
        let gate = JobGate()
        let specs = [
            JobSpec(id: "train", program: .command(["true"]), dependsOn: ["prep"]),
            JobSpec(id: "prep", program: .command(["true"])),
        ]
        let scheduler = Scheduler(slots: 2, executor: GatedExecutor(gate: gate), control: RunControl(grace: 1), events: EventLog())
        async let results = scheduler.run(prepare(specs))
        await gate.waitForStarts(1)
        #expect(await gate.startedIDs == ["prep"])
        await gate.finish("prep")
        await gate.waitForStarts(2)
        await gate.finish("train")
        #expect(await results.map(\.status) == [.succeeded, .succeeded])
    }

    @Test("retries: a failed attempt runs again, attempts are counted")
    func retries() async {
        let gate = JobGate()
        let scheduler = Scheduler(slots: 1, executor: GatedExecutor(gate: gate), control: RunControl(grace: 1), events: EventLog())
        async let results = scheduler.run(prepare(plainJobs(1), retries: 2))
        await gate.waitForStarts(1)
        await gate.finish("j0", success: false)
        await gate.waitForStarts(2)
        await gate.finish("j0", success: true)
        let finished = await results
        #expect(finished[0].status == .succeeded)
        #expect(finished[0].attempts == 2)
        #expect(await gate.started.map(\.attempt) == [1, 2])
    }

    @Test("after an interrupt no new job starts; the rest are reported not started")
    func interruptStopsDispatch() async {
        let gate = JobGate()
        let control = RunControl(grace: 1)
        let scheduler = Scheduler(slots: 1, executor: GatedExecutor(gate: gate), control: control, events: EventLog())
        async let results = scheduler.run(prepare(plainJobs(3)))
        await gate.waitForStarts(1)
        control.interrupt()
        await gate.finish("j0")
        let finished = await results
        #expect(finished.map(\.status) == [.succeeded, .notStarted, .notStarted])
        #expect(RunAll.exitStatus(for: finished, interrupted: control.isInterrupted, allowPartialSuccess: false) == 130)
    }

    @Test("exit status: failures, optional jobs and partial success")
    func exitStatus() {
        func result(_ status: JobResult.Status, optional: Bool = false) -> JobResult {
            JobResult(id: UUID().uuidString, name: "", command: [], status: status, optional: optional, logPath: "")
        }
        #expect(RunAll.exitStatus(for: [result(.succeeded)], interrupted: false, allowPartialSuccess: false) == 0)
        #expect(RunAll.exitStatus(for: [result(.succeeded), result(.failed)], interrupted: false, allowPartialSuccess: true) == 1)
        #expect(RunAll.exitStatus(for: [result(.succeeded), result(.failed, optional: true)], interrupted: false, allowPartialSuccess: false) == 1)
        #expect(RunAll.exitStatus(for: [result(.succeeded), result(.timedOut, optional: true)], interrupted: false, allowPartialSuccess: true) == 0)
    }
}

@Suite("Dispatch order")
struct DispatchOrderTests {
    func prepared(_ ids: [String]) -> [PreparedJob] {
        ids.enumerated().map { PreparedJob(spec: JobSpec(id: $1, program: .command(["true"])), command: ["true"], logPath: "", retries: 0, timeout: nil, catalogIndex: $0) }
    }

    @Test("longest-first: unknown jobs first in catalog order, then by earlier duration, ties in catalog order")
    func longestFirst() {
        let jobs = prepared(["a", "b", "c", "d", "e"])
        let history = ["a": 1.0, "b": 5.0, "d": 5.0, "e": 9.0]
        #expect(DispatchOrder.longestFirst.arrange(jobs, history: history).map(\.id) == ["c", "e", "b", "d", "a"])
        #expect(DispatchOrder.catalog.arrange(jobs, history: history).map(\.id) == ["a", "b", "c", "d", "e"])
    }

    @Test("history comes from the newest summaries, succeeded jobs only; junk files are skipped")
    func history() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func summary(_ jobs: [(String, JobResult.Status, Double)]) throws -> String {
            let results = jobs.map { JobResult(id: $0.0, name: $0.0, command: [], status: $0.1, duration: $0.2, logPath: "") }
            let encoded = try RunSummary(startedAt: Date(), wallSeconds: 1, workers: 1, parallel: false, interrupted: false, exitCode: 0, jobs: results).encoded()
            return String(decoding: encoded, as: UTF8.self)
        }
        try directory.write("s/summary-20260101-000000-1.json", try summary([("a", .succeeded, 1), ("b", .succeeded, 2)]))
        try directory.write("s/summary-20260102-000000-1.json", try summary([("a", .succeeded, 3), ("b", .failed, 9)]))
        try directory.write("s/summary-20260103-000000-1.json", "not json")
        let history = DispatchOrder.history(summaryDir: directory.file("s"))
        #expect(history == ["a": 3, "b": 2])
        #expect(DispatchOrder.history(summaryDir: directory.file("missing")).isEmpty)
    }
}

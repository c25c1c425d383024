import Foundation
import Testing
@testable import Verify

@Suite("Probe workload")
struct ProbeWorkloadTests {
    @Test("durations differ, and a work-conserving schedule of them meets the ideal bound", arguments: [(12, 4), (8, 2), (16, 4), (12, 3)])
    func durationsPackPerfectly(_ shape: (jobs: Int, workers: Int)) {
        let durations = ProbeJob.durations(count: shape.jobs, workers: shape.workers, nominal: 1)
        #expect(Set(durations).count > 1)
        // Simulate list scheduling in catalog order: each job takes the slot that frees first.
        var slots = Array(repeating: 0.0, count: shape.workers)
        var starts: [Double] = []
        for duration in durations {
            let index = slots.indices.min { slots[$0] < slots[$1] }!
            starts.append(slots[index])
            slots[index] += duration
        }
        let makespan = slots.max()!
        let ideal = SpeedupAnalysis.idealMakespan(durations: durations, workers: shape.workers)
        #expect(abs(makespan - ideal) < 1e-9, "makespan \(makespan) vs ideal \(ideal)")
        // A scheduler that waits for whole waves is measurably slower on the same durations.
        let waves = stride(from: 0, to: durations.count, by: shape.workers).map { durations[$0..<min($0 + shape.workers, durations.count)].max()! }
        #expect(waves.reduce(0, +) > ideal * 1.1)
    }

    @Test("support flags: every third job lacks --folds, job 3 lacks --epochs")
    func supportPattern() {
        let jobs = ProbeJob.workload(count: 12, workers: 4, nominal: 0.2)
        #expect(jobs.map(\.id).prefix(3) == ["als", "alzheimers", "parkinsons"])
        #expect(jobs.filter { !$0.supportsFolds }.map(\.id) == ["alzheimers", "stroke", "glioma", "depression"])
        #expect(jobs.filter { !$0.supportsEpochs }.map(\.id) == ["parkinsons"])
        #expect(ProbeJob.ids(count: 14).last == "probe_14")
    }

    @Test("Python probe scripts contain a flag's text exactly when the job supports it")
    func pythonScriptText() throws {
        let supported = ProbeJob(id: "als", seconds: 0.1, supportsEpochs: true, supportsFolds: true)
        let limited = ProbeJob(id: "stroke", seconds: 0.1, supportsEpochs: true, supportsFolds: false)
        #expect(ProbeWorkload.pythonScript(for: supported, configPath: "/c").contains("--folds"))
        #expect(!ProbeWorkload.pythonScript(for: limited, configPath: "/c").contains("--folds"))
        #expect(ProbeWorkload.pythonScript(for: limited, configPath: "/c").contains("--epochs"))
    }

    @Test("a Python probe job records start and end with its identity and argv")
    func pythonProbeRecords() async throws {
        let jobs = [ProbeJob(id: "als", seconds: 0.01, supportsEpochs: true, supportsFolds: false)]
        let workload = try ProbeWorkload(jobs: jobs, mode: .sleep, kind: .pythonScripts, probeExecutable: nil, parent: nil)
        defer { workload.close() }
        try workload.configure(failing: ["als"])
        let run = await runTool(["python3", workload.directory + "/train_als.py", "--epochs", "3"], in: workload.directory)
        #expect(run.exitCode == 1)
        let runs = workload.runs()
        #expect(runs.count == 1)
        #expect(runs[0].id == "als")
        #expect(runs[0].argv.suffix(2) == ["--epochs", "3"])
        #expect(runs[0].end != nil)
        #expect(runs[0].pgid == runs[0].pid, "spawned in its own group by our process layer")
    }

    @Test("the native probe records the same fields")
    func nativeProbeRecords() async throws {
        let probe = Repository.products + "/vra-probe"
        let jobs = [ProbeJob(id: "als", seconds: 0.01, supportsEpochs: true, supportsFolds: true)]
        let workload = try ProbeWorkload(jobs: jobs, mode: .cpu, kind: .catalog, probeExecutable: probe, parent: nil)
        defer { workload.close() }
        try workload.configure(spawnChild: false)
        let run = await runTool([probe, workload.configPath, "als", "--folds", "5"], in: workload.directory)
        #expect(run.exitCode == 0)
        let runs = workload.runs()
        #expect(runs.map(\.id) == ["als"])
        #expect(runs[0].argv.suffix(3) == ["als", "--folds", "5"])
        #expect(runs[0].end != nil, "the end record is written after the work")
        let catalog = try String(contentsOfFile: workload.catalogPath, encoding: .utf8)
        #expect(catalog.contains("\"supports\": [\"output-dir\", \"epochs\", \"folds\"]"))
    }

    @Test("malformed probe log lines are counted, not fatal")
    func malformedLog() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let lines = [
            #"{"event": "start", "id": "a", "pid": 5, "pgid": 5, "ppid": 1, "child": 0, "argv": ["x"], "time": 10.0}"#,
            "garbage \u{1B}[31m",
            #"{"event": "end", "id": "a", "pid": 5, "pgid": 5, "ppid": 1, "time": 10.5, "exit": 0}"#,
            #"{"event": "start", "id": "b", "pid": 6, "pgid": 6, "ppid": 1, "child": 0, "argv": [], "time": 10.1}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: scratch.file("log"), atomically: true, encoding: .utf8)
        let (runs, malformed) = ProbeLog.read(scratch.file("log"))
        #expect(malformed == 1)
        #expect(runs.map(\.id) == ["a", "b"])
        #expect(runs[0].duration == 0.5)
        #expect(runs[1].end == nil)
    }
}

@Suite("Timing analysis")
struct TimingAnalysisTests {
    @Test("peak concurrency and slot refill gaps from probe runs")
    func concurrency() {
        // Two slots: a, b start at 0; c starts 0.05 after a ends; d waits 0.5 after b ends.
        let runs = probeRuns([(0, 1), (0, 2), (1.05, 2), (2.5, 3)])
        let analysis = ConcurrencyAnalysis(runs: runs, workers: 2)
        #expect(analysis.peakConcurrency == 2)
        #expect(analysis.slotGaps.count == 2)
        #expect(abs(analysis.slotGaps[0] - 0.05) < 1e-9)
        #expect(abs(analysis.maxGap - 0.5) < 1e-9)
        #expect(ConcurrencyAnalysis(runs: probeRuns([(0, 1), (0.5, 1.5), (0.6, 1.6)]), workers: 2).peakConcurrency == 3)
        // An end and a start at the same instant do not overlap.
        #expect(ConcurrencyAnalysis(runs: probeRuns([(0, 1), (1, 2)]), workers: 1).peakConcurrency == 1)
    }

    func sample(parallel: Bool, start: Double, wall: Double, _ intervals: [(Double, Double)]) -> TimingCampaign.Sample {
        TimingCampaign.Sample(parallel: parallel, wallSeconds: wall, startTime: start, runs: probeRuns(intervals.map { ($0.0, $0.1) }), peakRSSBytes: 0)
    }

    @Test("the ideal from a sequential run: fixed start-up and exit, per-job overhead, W slots")
    func idealFromSequential() {
        // Start-up 0.3 s, four 1 s jobs with 0.1 s between them, exit 0.2 s: S = 4.8 s.
        let sequential = sample(parallel: false, start: 100, wall: 4.8, [(100.3, 101.3), (101.4, 102.4), (102.5, 103.5), (103.6, 104.6)])
        let one = SpeedupAnalysis.ideal(sequential: sequential, workers: 1)
        #expect(abs(one.makespan - 4.8) < 1e-9)
        #expect(abs(one.perJob - 0.1) < 1e-9)
        let two = SpeedupAnalysis.ideal(sequential: sequential, workers: 2)
        // fixed = 0.3 + 0.2 - 0.1 = 0.4; jobs: 4 × 1.1 / 2 = 2.2.
        #expect(abs(two.fixed - 0.4) < 1e-9)
        #expect(abs(two.makespan - 2.6) < 1e-9)
    }

    @Test("speedup and efficiency intervals from interleaved pairs")
    func speedupAnalysis() throws {
        let sequential = sample(parallel: false, start: 0, wall: 4.0, [(0, 1), (1, 2), (2, 3), (3, 4)])
        let parallel = sample(parallel: true, start: 0, wall: 2.0, [(0, 1), (0, 1), (1, 2), (1, 2)])
        let timing = TimingCampaign.Result(sequential: [sequential, sequential, sequential], parallel: [parallel, parallel, parallel],
                                           workers: 2, jobs: 4, error: nil, commands: [])
        let analysis = try #require(SpeedupAnalysis(timing: timing, cores: 2, cpuBound: false, seed: 1))
        #expect(analysis.speedup.estimate == 2)
        #expect(analysis.speedup.lower == 2 && analysis.speedup.upper == 2)
        #expect(abs(analysis.efficiency.estimate - 1) < 1e-9)
        // CPU-bound on one core: the ideal is the sequential time, efficiency halves.
        let cpu = try #require(SpeedupAnalysis(timing: timing, cores: 1, cpuBound: true, seed: 1))
        #expect(cpu.effectiveWorkers == 1)
        #expect(abs(cpu.efficiency.estimate - 2) < 1e-9)
        let empty = TimingCampaign.Result(sequential: [], parallel: [], workers: 2, jobs: 4, error: "x", commands: [])
        #expect(SpeedupAnalysis(timing: empty, cores: 2, cpuBound: false, seed: 1) == nil)
    }
}

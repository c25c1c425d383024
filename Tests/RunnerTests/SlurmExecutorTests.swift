import Foundation
import Glibc
import Testing
@testable import Runner

@Suite("SLURM executor: parsing and submission")
struct SlurmParsingTests {
    @Test("scontrol lines become states and process statuses", arguments: [
        ("JobId=7 JobName=run-all:a JobState=COMPLETED Reason=None ExitCode=0:0", true, Int32?(0), Int32?.none),
        ("JobId=7 JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0", true, 3, nil),
        ("JobId=7 JobState=CANCELLED Reason=None ExitCode=0:15", true, nil, 15),
        ("JobId=7 JobState=CANCELLED Reason=None ExitCode=0:0", true, nil, 15),
        ("JobId=7 JobState=TIMEOUT ExitCode=0:0", true, nil, 15),
        ("JobId=7 JobState=NODE_FAIL ExitCode=0:0", true, 1, nil),
        ("JobId=7 JobState=RUNNING ExitCode=0:0", false, 0, nil),
        ("JobId=7 JobState=PENDING Reason=Priority", false, 1, nil),
    ] as [(String, Bool, Int32?, Int32?)])
    func states(_ sample: (line: String, finished: Bool, exitCode: Int32?, signal: Int32?)) {
        let state = SlurmJobState(line: sample.line)
        #expect(state.isFinished == sample.finished)
        if sample.finished {
            #expect(state.processStatus.exitCode == sample.exitCode)
            #expect(state.processStatus.signal == sample.signal)
        }
    }

    @Test("one sbatch per attempt: log as output, env through `env`, the argv shell-quoted")
    func submission() {
        let spec = JobSpec(id: "als", program: .command(["python3", "train als.py"]), environment: ["B": "2", "A": "x y"], workdir: "/w")
        let job = PreparedJob(spec: spec, command: ["python3", "train als.py", "--epochs", "5"], logPath: "logs/als.log", retries: 0, timeout: nil, catalogIndex: 0)
        let executor = SlurmExecutor(environment: [:], partition: "debug", extraArguments: ["--mem=1G"], scratchDirectory: "/tmp")
        let argv = executor.submission(for: job, attempt: 2, currentDirectory: "/home/u")
        #expect(argv == ["sbatch", "--parsable", "--job-name=run-all:als", "--output=/home/u/logs/als.log", "--open-mode=append",
                         "--chdir=/w", "--export=ALL", "--kill-on-invalid-dep=yes", "--partition=debug", "--mem=1G",
                         "--wrap=env 'A=x y' B=2 python3 'train als.py' --epochs 5"])
    }
}

/// Runs against the local one-node cluster that `.ci/run` starts (../shared/slurm).
@Suite("SLURM executor on the local cluster", .enabled(if: SlurmCluster.isRunning, "no SLURM controller here (start ../shared/slurm/start-local-slurm.sh)"))
struct SlurmExecutorTests {
    let runAll = BuiltProducts.runAll

    @Test("jobs run as batch jobs: output in the log, exit codes kept, others still run")
    func runsJobs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", commandCatalog([
            ("hello", ["/bin/sh", "-c", "echo hello from $SLURM_JOB_ID; echo $GREETING"], "\"env\": {\"GREETING\": \"hi there\"}"),
            ("broken", ["/bin/sh", "-c", "exit 3"], ""),
            ("later", ["touch", "ran-later"], "\"depends_on\": [\"hello\"]"),
        ]))
        let run = try await runCommand([runAll, "--config", "jobs.json", "--executor", "slurm", "--parallel", "--max-workers", "2"], in: directory)
        #expect(run.exitCode == 1, "\(run.output)")
        #expect(run.output.contains("[broken] ❌ failed (exit code 3)"))
        let log = directory.read("logs/hello.log")
        #expect(log.hasPrefix("hello from "), "\(log)")
        #expect(log.contains("hi there"))
        #expect(FileManager.default.fileExists(atPath: directory.file("ran-later")))
    }

    @Test("SIGINT cancels the submitted jobs and exits 130; a timeout cancels one job")
    func interruptAndTimeout() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(mkfifo(directory.file("fifo"), 0o600) == 0)
        try directory.write("jobs.json", commandCatalog([
            ("long", ["/bin/sh", "-c", "echo $SLURM_JOB_ID > fifo; sleep 300"], ""),
        ]))
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let pid = try ProcessSpawner.spawn(SpawnRequest(argv: [runAll, "--config", "jobs.json", "--executor", "slurm"],
                                                        environment: environment, workdir: directory.path, output: .file(directory.file("out.txt"))))
        let jobID = await readLine(fromFIFO: directory.file("fifo"))
        kill(pid, SIGINT)
        let outcome = await ChildReaper.shared.outcome(of: pid)
        #expect(outcome.exitCode == 130, "\(directory.read("out.txt"))")
        let state = try await runCommand(["scontrol", "show", "job", "-o", jobID], in: directory)
        #expect(SlurmJobState(line: state.output).state == "CANCELLED", "\(state.output)")

        try directory.write("slow.json", commandCatalog([("slow", ["sleep", "300"], "\"timeout\": 1")]))
        let timed = try await runCommand([runAll, "--config", "slow.json", "--executor", "slurm"], in: directory)
        #expect(timed.exitCode == 1)
        #expect(timed.output.contains("[slow] ❌ timed-out"), "\(timed.output)")
    }
}

enum SlurmCluster {
    /// A controller answers here (its pid file names a live process) and sbatch exists.
    static var isRunning: Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sbatch"),
              let text = try? String(contentsOfFile: "/run/slurmctld.pid", encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return kill(pid, 0) == 0
    }
}

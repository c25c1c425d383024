import Foundation
public import Runner

/// The generated probe workload on disk: the jobs, their scripts or catalog, the probe config
/// every job reads at start, and the probe log they write (DESIGN §5.2).
public final class ProbeWorkload: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the files are the state.
    /// The probe mode: a sleep or a fixed amount of CPU work.
    public enum Mode: String, Sendable, Codable {
        case sleep
        case cpu
    }

    public let directory: String
    public let jobs: [ProbeJob]
    public let mode: Mode
    public let kind: TargetProfile.WorkloadKind
    /// `jobs.json` for catalog workloads.
    public var catalogPath: String { directory + "/jobs.json" }
    /// Where the jobs append their start/end records.
    public var logPath: String { directory + "/probe-log.jsonl" }
    public var configPath: String { directory + "/probe-config.txt" }
    private let removeOnClose: Bool

    /// Creates the workload in a new directory under `parent` (a temporary directory when nil).
    public init(jobs: [ProbeJob], mode: Mode, kind: TargetProfile.WorkloadKind, probeExecutable: String?,
                parent: String?) throws(RunAllError) {
        let base = parent ?? NSTemporaryDirectory()
        var template = Array((base + (base.hasSuffix("/") ? "" : "/") + ".verify-run-all-probe.XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else {
            throw RunAllError("cannot create the probe workload under \(base): \(String(cString: strerror(errno)))")
        }
        directory = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.jobs = jobs
        self.mode = mode
        self.kind = kind
        removeOnClose = true
        do {
            switch kind {
            case .pythonScripts:
                for job in jobs {
                    try Self.pythonScript(for: job, configPath: configPath)
                        .write(toFile: directory + "/train_\(job.id).py", atomically: true, encoding: .utf8)
                }
            case .catalog:
                guard let probeExecutable else { throw RunAllError("the native probe (vra-probe) was not found next to verify-run-all") }
                try catalog(probeExecutable: probeExecutable).write(toFile: catalogPath, atomically: true, encoding: .utf8)
            }
        } catch let error as RunAllError {
            close()
            throw error
        } catch {
            close()
            throw RunAllError("cannot write the probe workload in \(directory): \(error.localizedDescription)")
        }
        try configure()
    }

    /// Rewrites the probe config (before each target command) and clears the probe log.
    /// `failing` jobs exit 1; `spawnChild` makes every job start a `sleep` grandchild;
    /// `secondsOverride` replaces every duration.
    public func configure(failing: Set<String> = [], spawnChild: Bool = false, secondsOverride: Double? = nil) throws(RunAllError) {
        var lines = ["log=\(logPath)", "mode=\(mode.rawValue)", "spawn_child=\(spawnChild ? 1 : 0)"]
        for job in jobs {
            lines.append("seconds.\(job.id)=\(secondsOverride ?? job.seconds)")
            if failing.contains(job.id) { lines.append("fail.\(job.id)=1") }
        }
        do { try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: configPath) } catch { throw RunAllError(error) }
        unlink(logPath)
    }

    /// The runs recorded since the last `configure`.
    public func runs() -> [ProbeRun] { ProbeLog.read(logPath).runs }

    /// Kills every probe job process (and grandchild) of this workload that is still alive,
    /// recognised by its command line naming this workload, so a pid reused by an unrelated
    /// process is never hit. Returns how many were killed.
    @discardableResult
    public func killSurvivors() -> Int {
        var killed = 0
        for run in runs() {
            for pid in [run.pid] + (run.child.map { $0 > 0 ? [$0] : [] } ?? []) {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
                let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
                if commandLine.contains(directory) || (pid != run.pid && commandLine.hasPrefix("sleep ")) && isChild(pid, of: run.pid) {
                    if kill(pid, SIGKILL) == 0 { killed += 1 }
                }
            }
        }
        return killed
    }

    private func isChild(_ pid: Int32, of parent: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && (Int32(fields[1]) == parent || Int32(fields[1]) == 1)
    }

    /// Removes the workload directory.
    public func close() {
        if removeOnClose { try? FileManager.default.removeItem(atPath: directory) }
    }

    func catalog(probeExecutable: String) -> String {
        let entries = jobs.map { job -> String in
            var supports = ["\"output-dir\""]
            if job.supportsEpochs { supports.append("\"epochs\"") }
            if job.supportsFolds { supports.append("\"folds\"") }
            let command = [probeExecutable, configPath, job.id].map(Self.jsonString).joined(separator: ", ")
            return "    {\"id\": \"\(job.id)\", \"name\": \"Probe \(job.id)\", \"command\": [\(command)], \"supports\": [\(supports.joined(separator: ", "))]}"
        }
        return "{\"jobs\": [\n" + entries.joined(separator: ",\n") + "\n]}\n"
    }

    /// A Python probe script. The literal flag texts appear only for supported flags, because
    /// orchestrators infer support from the script text.
    static func pythonScript(for job: ProbeJob, configPath: String) -> String {
        var accepted = ["--output-dir"]
        if job.supportsEpochs { accepted.append("--epochs") }
        if job.supportsFolds { accepted.append("--folds") }
        return """
        #!/usr/bin/env python3
        # Probe job generated by verify-run-all. Accepts: \(accepted.joined(separator: " "))
        import json, os, sys, time
        START = time.time()
        CONFIG = \(jsonString(configPath))
        JOB_ID = \(jsonString(job.id))
        config = {}
        with open(CONFIG) as handle:
            for line in handle:
                key, _, value = line.rstrip("\\n").partition("=")
                config[key] = value
        def record(entry):
            line = json.dumps(entry) + "\\n"
            fd = os.open(config["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
        child = 0
        if config.get("spawn_child") == "1":
            import subprocess
            child = subprocess.Popen(["sleep", "300"]).pid
        identity = {"id": JOB_ID, "pid": os.getpid(), "pgid": os.getpgrp(), "ppid": os.getppid()}
        record(dict(identity, event="start", child=child, argv=[sys.executable] + sys.argv, time=START))
        seconds = float(config.get("seconds." + JOB_ID, "0.2"))
        if config.get("mode") == "cpu":
            value = 1
            while time.process_time() < seconds:
                for step in range(10000):
                    value = (value * 6364136223846793005 + step) & 0xFFFFFFFFFFFFFFFF
        else:
            time.sleep(seconds)
        failing = config.get("fail." + JOB_ID) == "1"
        record(dict(identity, event="end", time=time.time(), exit=1 if failing else 0))
        if failing:
            print("probe job " + JOB_ID + ": failing on purpose", file=sys.stderr)
            sys.exit(1)
        print("probe job " + JOB_ID + " done")

        """
    }

    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

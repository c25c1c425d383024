/// parallel.dry-run: `--parallel --max-workers 4 --dry-run --only a b c` prints the warning once
/// and one dry-run line per selected job (in any order); nothing runs.
struct ParallelDryRunCheck: Check {
    let id = "parallel.dry-run"
    let title = "--parallel --max-workers 4 --dry-run --only a b c: warning once, one line per job, nothing runs"

    func run(_ context: CheckContext) async -> CheckResult {
        try? context.workload.configure()
        let flags = context.profile.flags
        let selected = Array(context.workload.jobs.prefix(3).map(\.id))
        let run = await context.runTarget([flags.parallel, flags.maxWorkers, "4", flags.dryRun, flags.only] + selected.map(context.targetID))
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        guard run.exitCode == 0 else { return result(.failed, "the parallel dry run ended with \(run.statusDescription)", commands: commands) }
        let warnings = context.matches(context.profile.patterns.parallelWarning, in: run.lines).count
        let shown = context.matches(context.profile.patterns.dryRun, in: run.lines).compactMap { row in
            row.count >= 2 ? (context.probeID(forTargetID: row[1]) ?? row[1]) : nil
        }
        let measurements = [Measurement("warnings", Double(warnings)), Measurement("dry-run lines", Double(shown.count))]
        if warnings != 1 {
            return result(.failed, warnings == 0 ? "the parallel-mode warning is missing for \(selected.count) jobs"
                                                 : "the parallel-mode warning was printed \(warnings) times",
                          commands: commands, measurements: measurements)
        }
        if shown.sorted() != selected.sorted() {
            return result(.failed, "expected one dry-run line for each of \(selected.joined(separator: ", ")), got: \(shown.joined(separator: ", "))",
                          commands: commands, measurements: measurements)
        }
        let ran = context.workload.runs()
        if !ran.isEmpty { return result(.failed, "the dry run started \(ran.count) probe jobs", commands: commands, measurements: measurements) }
        return result(.passed, commands: commands, measurements: measurements)
    }
}

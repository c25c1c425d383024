/// parallel.single-job: `--parallel --max-workers 4 --only a` runs the one job without the
/// parallel-mode warning (the sequential fallback), and only that job runs.
struct SingleJobCheck: Check {
    let id = "parallel.single-job"
    let title = "--parallel with one job: no warning, the job runs alone"

    func run(_ context: CheckContext) async -> CheckResult {
        try? context.workload.configure()
        let flags = context.profile.flags
        guard let job = context.workload.jobs.first else { return result(.skipped, "the probe workload has no jobs") }
        let run = await context.runTarget([flags.parallel, flags.maxWorkers, "4", flags.only, context.targetID(job.id)])
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        let warnings = context.matches(context.profile.patterns.parallelWarning, in: run.lines).count
        let ran = context.workload.runs()
        let measurements = [Measurement("warnings", Double(warnings)), Measurement("jobs run", Double(ran.count))]
        if warnings > 0 {
            return result(.failed, "the parallel-mode warning was shown for a single job", commands: commands, measurements: measurements)
        }
        guard run.exitCode == 0 else { return result(.failed, "the single-job run ended with \(run.statusDescription)", commands: commands, measurements: measurements) }
        guard ran.map(\.id) == [job.id], ran.first?.end != nil else {
            return result(.failed, "expected exactly \(job.id) to run to its end, the probe log shows: \(ran.map(\.id).joined(separator: ", "))",
                          commands: commands, measurements: measurements)
        }
        return result(.passed, commands: commands, measurements: measurements)
    }
}

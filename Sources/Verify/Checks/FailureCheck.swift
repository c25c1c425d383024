/// reliability.failure: one failing job makes the run exit 1, the other jobs still run, and
/// the output names the failed job.
struct FailureCheck: Check {
    let id = "reliability.failure"
    let title = "a failing job: exit 1, the other jobs still ran, the failure is named"

    func run(_ context: CheckContext) async -> CheckResult {
        let flags = context.profile.flags
        let jobs = context.workload.jobs
        guard jobs.count >= 2 else { return result(.skipped, "needs at least 2 probe jobs") }
        let failing = jobs[1].id
        try? context.workload.configure(failing: [failing], secondsOverride: 0.05)
        let run = await context.runTarget([flags.parallel, flags.maxWorkers, String(context.settings.workers)])
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        let finished = Set(context.workload.runs().filter { $0.end != nil }.map(\.id))
        let others = jobs.map(\.id).filter { $0 != failing }
        let skipped = others.filter { !finished.contains($0) }
        let targetFailing = context.targetID(failing)
        let named = run.lines.contains { line in
            line.contains(targetFailing) && line.range(of: #"fail|error|❌|exit"#, options: [.regularExpression, .caseInsensitive]) != nil
        }
        let measurements = [Measurement("jobs finished", Double(finished.count)), Measurement("jobs", Double(jobs.count))]
        if run.exitCode != 1 {
            return result(.failed, "with job \(failing) failing the run ended with \(run.statusDescription), expected exit 1", commands: commands, measurements: measurements)
        }
        if !skipped.isEmpty {
            return result(.failed, "\(skipped.count) other jobs did not run to the end: \(skipped.prefix(6).joined(separator: ", "))", commands: commands, measurements: measurements)
        }
        if !named { return result(.failed, "the output does not name the failed job \(targetFailing)", commands: commands, measurements: measurements) }
        return result(.passed, commands: commands, measurements: measurements)
    }
}

/// filter.only: `--only a b` runs exactly those jobs; an unknown id is refused clearly (or at
/// least reported) and runs nothing.
struct OnlyFilterCheck: Check {
    let id = "filter.only"
    let title = "--only runs exactly the named jobs; an unknown id is reported"

    func run(_ context: CheckContext) async -> CheckResult {
        let flags = context.profile.flags
        let jobs = context.workload.jobs
        guard jobs.count >= 3 else { return result(.skipped, "needs at least 3 probe jobs") }
        let chosen = [jobs[1].id, jobs[jobs.count - 1].id]
        try? context.workload.configure(secondsOverride: 0.05)
        let run = await context.runTarget([flags.only] + chosen.map(context.targetID))
        let ran = Set(context.workload.runs().map(\.id))
        var commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        guard run.exitCode == 0 else { return result(.failed, "\(flags.only) \(chosen.joined(separator: " ")) ended with \(run.statusDescription)", commands: commands) }
        guard ran == Set(chosen) else {
            return result(.failed, "\(flags.only) \(chosen.joined(separator: " ")) ran: \(ran.sorted().joined(separator: ", "))", commands: commands)
        }

        try? context.workload.configure(secondsOverride: 0.05)
        let unknownID = "no_such_job_9f3c"
        let unknown = await context.runTarget([flags.only, unknownID])
        commands.append(context.record(unknown))
        if let problem = context.failureToRun(unknown) { return result(.errored, problem, commands: commands) }
        let ranForUnknown = context.workload.runs().count
        if ranForUnknown > 0 {
            return result(.failed, "\(flags.only) \(unknownID) ran \(ranForUnknown) jobs", commands: commands)
        }
        if context.looksLikeCrash(unknown) {
            return result(.failed, "an unknown id in \(flags.only) crashed the target (traceback) instead of a clear error", commands: commands)
        }
        guard unknown.output.contains(unknownID) else {
            return result(.failed, "an unknown id in \(flags.only) was silently ignored (\(unknown.statusDescription), not named in the output)", commands: commands)
        }
        var notes: [String] = []
        if unknown.exitCode == 0 { notes.append("the unknown id is reported but the exit status is 0") }
        return result(.passed, commands: commands, notes: notes)
    }
}

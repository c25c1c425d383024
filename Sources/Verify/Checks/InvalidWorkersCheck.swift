/// cli.invalid-workers: `--parallel --max-workers 0` (and -1, abc) with several jobs is refused
/// with a message and exit 2, without a traceback, and runs nothing.
struct InvalidWorkersCheck: Check {
    let id = "cli.invalid-workers"
    let title = "--max-workers 0, -1, abc are refused (exit 2, a message, no traceback, nothing run)"

    func run(_ context: CheckContext) async -> CheckResult {
        let flags = context.profile.flags
        var commands: [CommandRecord] = []
        var problems: [String] = []
        for value in ["0", "-1", "abc"] {
            try? context.workload.configure(secondsOverride: 0.05)
            let run = await context.runTarget([flags.parallel, flags.maxWorkers, value])
            commands.append(context.record(run))
            if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
            let ran = context.workload.runs().count
            if run.exitCode != 2 { problems.append("\(flags.maxWorkers) \(value): \(run.statusDescription), expected exit 2") }
            if context.looksLikeCrash(run) { problems.append("\(flags.maxWorkers) \(value): traceback or crash") }
            if ran > 0 { problems.append("\(flags.maxWorkers) \(value): \(ran) jobs ran") }
            if run.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("\(flags.maxWorkers) \(value): no message") }
        }
        if !problems.isEmpty {
            return result(.failed, problems[0] + (problems.count > 1 ? " (and \(problems.count - 1) more)" : ""), commands: commands, notes: problems)
        }
        return result(.passed, commands: commands)
    }
}

/// cli.list: `--list` shows every probe job the verifier created, one line each.
struct ListCheck: Check {
    let id = "cli.list"
    let title = "--list shows every probe job, one line each"

    func run(_ context: CheckContext) async -> CheckResult {
        try? context.workload.configure()
        let run = await context.runTarget([context.profile.flags.list])
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        guard run.exitCode == 0 else { return result(.failed, "\(context.profile.flags.list) ended with \(run.statusDescription)", commands: commands) }
        let listed = context.matches(context.profile.patterns.listEntry, in: run.lines).map { $0[1] }
        var counts: [String: Int] = [:]
        var unknown: [String] = []
        for targetID in listed {
            if let probeID = context.probeID(forTargetID: targetID) {
                counts[probeID, default: 0] += 1
                context.targetIDs[probeID] = targetID
            } else {
                unknown.append(targetID)
            }
        }
        let expected = context.workload.jobs.map(\.id)
        let missing = expected.filter { counts[$0] == nil }
        let repeated = expected.filter { (counts[$0] ?? 0) > 1 }
        let measurements = [Measurement("listed", Double(listed.count)), Measurement("expected", Double(expected.count))]
        var notes: [String] = []
        if !unknown.isEmpty { notes.append("also listed (not probe jobs): \(unknown.prefix(10).joined(separator: ", "))") }
        if !missing.isEmpty {
            return result(.failed, "\(missing.count) of \(expected.count) probe jobs missing from --list: \(missing.prefix(8).joined(separator: ", "))",
                          commands: commands, measurements: measurements, notes: notes)
        }
        if !repeated.isEmpty {
            return result(.failed, "listed more than once: \(repeated.joined(separator: ", "))", commands: commands, measurements: measurements, notes: notes)
        }
        if !context.workload.runs().isEmpty {
            return result(.failed, "--list ran \(context.workload.runs().count) probe jobs", commands: commands, measurements: measurements, notes: notes)
        }
        return result(.passed, commands: commands, measurements: measurements, notes: notes)
    }
}

import Foundation

/// cli.help: `--help` exits 0 and documents the parallel and max-workers flags, with default 4.
struct HelpCheck: Check {
    let id = "cli.help"
    let title = "--help documents --parallel and --max-workers (default: 4)"

    func run(_ context: CheckContext) async -> CheckResult {
        let flags = context.profile.flags
        let run = await context.runTarget([flags.help], includeWorkload: false)
        context.helpRun = run
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        guard run.exitCode == 0 else { return result(.failed, "\(flags.help) ended with \(run.statusDescription)", commands: commands) }
        var missing: [String] = []
        if Self.entry(for: flags.parallel, in: run.lines) == nil { missing.append(flags.parallel) }
        guard let workers = Self.entry(for: flags.maxWorkers, in: run.lines) else {
            return result(.failed, "the help text does not document \(([flags.maxWorkers] + missing).joined(separator: " and "))", commands: commands)
        }
        if !missing.isEmpty { return result(.failed, "the help text does not document \(missing.joined(separator: ", "))", commands: commands) }
        guard workers.range(of: #"default[:= ]*\s*4\b"#, options: [.regularExpression, .caseInsensitive]) != nil else {
            return result(.failed, "\(flags.maxWorkers) is documented without \"default: 4\": \(workers.prefix(160))", commands: commands)
        }
        return result(.passed, commands: commands, notes: ["\(flags.maxWorkers): \(workers.prefix(200))"])
    }

    /// The help entry of `flag`: its line plus continuation lines (help text may wrap), up to
    /// the next line that starts another option. Nil when the flag is not documented.
    static func entry(for flag: String, in lines: [String]) -> String? {
        guard let start = lines.firstIndex(where: { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("-") && line.range(of: #"(^|[\s,])\#(NSRegularExpression.escapedPattern(for: flag))(?=[\s,=\[]|$)"#, options: .regularExpression) != nil
        }) else { return nil }
        var text = lines[start]
        var index = start + 1
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") || !lines[index].hasPrefix(" ") { break }
            text += " " + trimmed
            index += 1
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

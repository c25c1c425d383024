/// dry-run.params: `--dry-run --epochs 50 --folds 5` prints one command per job, each carrying
/// the flags exactly where the job supports them; nothing runs.
struct DryRunParamsCheck: Check {
    let id = "dry-run.params"
    let title = "--dry-run --epochs 50 --folds 5 passes parameters only where supported; nothing runs"

    func run(_ context: CheckContext) async -> CheckResult {
        try? context.workload.configure()
        let flags = context.profile.flags
        let run = await context.runTarget([flags.dryRun, flags.epochs, "50", flags.folds, "5"])
        let commands = [context.record(run)]
        if let problem = context.failureToRun(run) { return result(.errored, problem, commands: commands) }
        guard run.exitCode == 0 else { return result(.failed, "the dry run ended with \(run.statusDescription)", commands: commands) }
        let ran = context.workload.runs()
        if !ran.isEmpty {
            return result(.failed, "the dry run started \(ran.count) probe jobs (\(ran.prefix(5).map(\.id).joined(separator: ", ")))", commands: commands)
        }
        var byJob: [String: [String]] = [:]
        for row in context.matches(context.profile.patterns.dryRun, in: run.lines) where row.count >= 3 {
            if let probeID = context.probeID(forTargetID: row[1]) { byJob[probeID, default: []].append(row[2]) }
        }
        var problems: [String] = []
        for job in context.workload.jobs {
            guard let lines = byJob[job.id] else { problems.append("\(job.id): no dry-run line"); continue }
            if lines.count > 1 { problems.append("\(job.id): \(lines.count) dry-run lines") }
            let words = ShellWords.split(lines[0])
            let epochs = ShellWords.value(of: flags.epochs, in: words)
            let folds = ShellWords.value(of: flags.folds, in: words)
            if job.supportsEpochs, epochs != "50" { problems.append("\(job.id): supports \(flags.epochs) but the command lacks \(flags.epochs) 50") }
            if !job.supportsEpochs, epochs != nil { problems.append("\(job.id): does not support \(flags.epochs) but got it") }
            if job.supportsFolds, folds != "5" { problems.append("\(job.id): supports \(flags.folds) but the command lacks \(flags.folds) 5") }
            if !job.supportsFolds, folds != nil { problems.append("\(job.id): does not support \(flags.folds) but got it") }
        }
        let measurements = [Measurement("dry-run lines", Double(byJob.values.map(\.count).reduce(0, +))),
                            Measurement("jobs without --folds support", Double(context.workload.jobs.filter { !$0.supportsFolds }.count))]
        if !problems.isEmpty {
            return result(.failed, problems[0] + (problems.count > 1 ? " (and \(problems.count - 1) more)" : ""),
                          commands: commands, measurements: measurements, notes: Array(problems.prefix(12)))
        }
        return result(.passed, commands: commands, measurements: measurements)
    }
}

/// POSIX shell word splitting for printed commands (quotes and backslashes; no expansion).
enum ShellWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "'":
                inWord = true
                while let next = iterator.next(), next != "'" { current.append(next) }
            case "\"":
                inWord = true
                while let next = iterator.next(), next != "\"" {
                    if next == "\\", let escaped = iterator.next() {
                        if !"$`\"\\\n".contains(escaped) { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "\\":
                inWord = true
                if let escaped = iterator.next() { current.append(escaped) }
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The word after `flag` (or the value of `flag=value`), if present.
    static func value(of flag: String, in words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if word == flag { return index + 1 < words.count ? words[index + 1] : "" }
            if word.hasPrefix(flag + "=") { return String(word.dropFirst(flag.count + 1)) }
        }
        return nil
    }
}

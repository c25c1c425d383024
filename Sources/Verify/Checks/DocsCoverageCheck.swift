import Foundation
import Runner

/// docs.coverage: the guide and usage docs show the parallel command in the named sections,
/// and the help text documents both flags.
struct DocsCoverageCheck: Check {
    let id = "docs.coverage"
    let title = "the docs show the parallel command in their sections; --help documents both flags"

    func run(_ context: CheckContext) async -> CheckResult {
        let requirements = context.profile.documents
        guard !requirements.isEmpty else { return result(.skipped, "the profile names no documentation") }
        var problems: [String] = []
        var notes: [String] = []
        for requirement in requirements {
            guard let (path, text) = DocumentFinder.read(requirement.file, projectDir: context.settings.projectDir) else {
                problems.append("\(requirement.file) not found in \(context.settings.projectDir) or its docs/")
                continue
            }
            guard let section = MarkdownSections.section(matching: requirement.section, in: text) else {
                problems.append("\(requirement.file) has no section \"\(requirement.section)\"")
                continue
            }
            if section.body.contains(requirement.command) {
                notes.append("\(path): \"\(section.heading)\" shows `\(requirement.command)`")
            } else {
                problems.append("\(requirement.file), section \"\(section.heading)\", does not show `\(requirement.command)`")
            }
        }
        if let help = context.helpRun, help.exitCode == 0 {
            for flag in [context.profile.flags.parallel, context.profile.flags.maxWorkers] where HelpCheck.entry(for: flag, in: help.lines) == nil {
                problems.append("--help does not document \(flag)")
            }
        } else {
            problems.append("the help text could not be read (see cli.help)")
        }
        if !problems.isEmpty {
            return result(.failed, problems[0] + (problems.count > 1 ? " (and \(problems.count - 1) more)" : ""), notes: problems + notes)
        }
        return result(.passed, notes: notes)
    }
}

/// Finds a project document at `FILE` or `docs/FILE`.
enum DocumentFinder {
    static func read(_ file: String, projectDir: String) -> (path: String, text: String)? {
        for candidate in [projectDir + "/" + file, projectDir + "/docs/" + file] {
            if let text = FileContents.text(candidate, limit: 16 << 20) { return (candidate, text) }
        }
        return nil
    }
}

/// Markdown sections: a heading and the text up to the next heading of the same or a higher level.
enum MarkdownSections {
    static func section(matching title: String, in text: String) -> (heading: String, body: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inFence = false
        var start: (index: Int, level: Int)?
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, let level = headingLevel(line) else { continue }
            if let open = start, level <= open.level {
                return (heading(lines[open.index]), lines[(open.index + 1)..<index].joined(separator: "\n"))
            }
            if start == nil, line.range(of: title, options: .caseInsensitive) != nil { start = (index, level) }
        }
        guard let open = start else { return nil }
        return (heading(lines[open.index]), lines[(open.index + 1)...].joined(separator: "\n"))
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    static func heading(_ line: String) -> String {
        line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
    }
}

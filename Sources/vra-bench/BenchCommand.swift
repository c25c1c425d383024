import CLISupport
import Foundation

/// The `vra-bench` command line: a subcommand, then its options. Usage errors are one stderr
/// line and exit 2, like the project's other tools.
enum BenchCommand {
    static let junitSpec = CommandSpec(
        name: "vra-bench junit",
        summary: "Render a JUnit report of N testcases with the verifier's JUnitWriter and write it atomically; print the timings.",
        options: [
            OptionSpec("--cases", kind: .value, valueName: "N", help: "Number of testcases (default: 100000)."),
            OptionSpec("--out", kind: .value, valueName: "FILE", help: "Where to write the report (required)."),
        ]
    )

    static let reportSpec = CommandSpec(
        name: "vra-bench report",
        summary: "Aggregate the raw measurements of benchmarks/run.sh into results JSON and a Markdown table.",
        options: [
            OptionSpec("--raw", kind: .value, valueName: "DIR", help: "The run's raw directory (hyperfine exports, memory.tsv, commands.tsv, env.tsv)."),
            OptionSpec("--json", kind: .value, valueName: "FILE", help: "Write the results JSON here."),
            OptionSpec("--markdown", kind: .value, valueName: "FILE", help: "Write the Markdown tables here."),
            OptionSpec("--readme", kind: .value, valueName: "FILE", help: "Replace the text between the benchmark markers of this README with the tables."),
        ]
    )

    static let usage = """
    usage: vra-bench junit --cases N --out FILE
           vra-bench report --raw DIR [--json FILE] [--markdown FILE] [--readme FILE]

    """

    static func main(_ arguments: [String]) -> Int32 {
        guard let subcommand = arguments.first else {
            FileHandle.standardError.write(Data(usage.utf8))
            return 2
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch subcommand {
            case "junit":
                let parsed = try ArgumentParser.parse(rest, spec: junitSpec)
                if parsed.flag("help") { print(ArgumentParser.help(for: junitSpec), terminator: ""); return 0 }
                let cases = try parsed.integer("cases", in: 1...10_000_000) ?? 100_000
                guard let output = parsed.value("out") else { throw UsageError("--out FILE is required") }
                let timing = try JUnitBenchmark.run(cases: cases, output: output)
                print(timing.line)
                return 0
            case "report":
                let parsed = try ArgumentParser.parse(rest, spec: reportSpec)
                if parsed.flag("help") { print(ArgumentParser.help(for: reportSpec), terminator: ""); return 0 }
                guard let raw = parsed.value("raw") else { throw UsageError("--raw DIR is required") }
                let results = try BenchmarkResults.aggregate(rawDirectory: raw)
                let markdown = MarkdownTables.render(results)
                if let path = parsed.value("json") { try BenchFiles.write(results.encoded(), to: path) }
                if let path = parsed.value("markdown") { try BenchFiles.write(Array(markdown.utf8), to: path) }
                if let path = parsed.value("readme") { try ReadmeSection.replace(in: path, with: markdown) }
                print(markdown, terminator: "")
                return results.targets.allSatisfy { $0.passed || $0.informational } ? 0 : 1
            case "-h", "--help", "help":
                print(usage, terminator: "")
                return 0
            default:
                throw UsageError("unknown subcommand '\(String(subcommand.prefix(40)))' (junit or report)")
            }
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("vra-bench: error: \(error.message)\n".utf8))
            return 2
        } catch let error as BenchError {
            FileHandle.standardError.write(Data("vra-bench: error: \(error.message)\n".utf8))
            return 2
        } catch {
            FileHandle.standardError.write(Data("vra-bench: error: \(error)\n".utf8))
            return 2
        }
    }
}

/// A problem with the benchmark's input or output files (exit 2).
struct BenchError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

import CLISupport
import Testing
@testable import Runner

@Suite("Command line of run-all")
struct ArgumentParserTests {
    @Test("--only takes several ids, commas too, and stops at the next option")
    func onlyTakesSeveralValues() throws {
        let options = try RunAllCommand.options(from: ["--only", "als", "alzheimers,parkinsons", "--parallel"])
        #expect(options.only == ["als", "alzheimers", "parkinsons"])
        #expect(options.parallel)
    }

    @Test("values in both spellings; defaults as run_all_training.py")
    func valuesAndDefaults() throws {
        let defaults = try RunAllCommand.options(from: [])
        #expect(defaults.maxWorkers == .fixed(4))
        #expect(defaults.retries == 0)
        #expect(defaults.logsDir == "logs")
        #expect(defaults.summaryDir == "summaries")
        #expect(defaults.parameters.baseOutputDir == "results")
        let options = try RunAllCommand.options(from: ["--max-workers=6", "--epochs", "50", "--folds=5", "--extra-arg", "--seed", "--extra-arg=7"])
        #expect(options.maxWorkers == .fixed(6))
        #expect(options.parameters.epochs == 50)
        #expect(options.parameters.folds == 5)
        #expect(options.parameters.extraArguments == ["--seed", "7"])
        #expect(try RunAllCommand.options(from: ["--max-workers", "auto"]).maxWorkers == .auto)
    }

    static let badCommandLines: [[String]] = [
        ["--max-workers", "0"], ["--max-workers", "-1"], ["--max-workers", "abc"], ["--max-workers", "99999999999"],
        ["--max-workers"], ["--epochs", "x"], ["--folds", "-3"], ["--retries", "1000"], ["--only"], ["--only", "--parallel"],
        ["--frobnicate"], ["stray"], ["--parallel=yes"], ["--timeout", "0"], ["--grace", "nan"], ["--logs-dir", ""],
    ]

    @Test("bad command lines are usage errors with a one-line message", arguments: badCommandLines)
    func badCommandLine(_ arguments: [String]) {
        #expect(throws: UsageError.self) { try RunAllCommand.options(from: arguments) }
        do {
            _ = try RunAllCommand.options(from: arguments)
        } catch {
            #expect(!error.message.contains("\n"))
            #expect(!error.message.isEmpty)
        }
    }

    @Test("help documents --parallel and --max-workers with their defaults")
    func helpText() {
        let help = ArgumentParser.help(for: RunAllCommand.spec)
        #expect(help.contains("--parallel"))
        #expect(help.contains("--max-workers MAX_WORKERS"))
        #expect(help.contains("(default: 4)"))
        #expect(help.contains("(default: False)"))
    }

    @Test("workers = min(max-workers, jobs), one without --parallel or with one job; auto from cores and memory")
    func slots() {
        var options = RunAllOptions()
        #expect(options.slots(forJobCount: 12, cores: 2) == 1)
        options.parallel = true
        #expect(options.slots(forJobCount: 12, cores: 2) == 4)
        #expect(options.slots(forJobCount: 3, cores: 2) == 3)
        #expect(options.slots(forJobCount: 1, cores: 2) == 1)
        options.maxWorkers = .auto
        #expect(options.slots(forJobCount: 12, cores: 2) == 2)
        #expect(options.slots(forJobCount: 12, cores: 8, availableMemoryBytes: 3 << 30) == 3)
        #expect(options.slots(forJobCount: 12, cores: 8, availableMemoryBytes: 100 << 20) == 1)
    }
}

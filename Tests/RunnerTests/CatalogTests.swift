import Foundation
import Testing
@testable import Runner

@Suite("Job catalog")
struct CatalogTests {
    @Test("a full catalog loads with scripts resolved next to the file")
    func loadsCatalog() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", """
        {"jobs": [
          {"id": "als", "name": "ALS", "script": "train_als.py", "supports": ["epochs", "folds", "output-dir"]},
          {"id": "tool", "command": ["echo", "hi"], "optional": true, "env": {"A": "1"}, "depends_on": ["als"],
           "timeout": 2.5, "retries": 1, "workdir": "sub"}
        ]}
        """)
        let jobs = try Catalog.load(path: directory.file("jobs.json"))
        #expect(jobs.map(\.id) == ["als", "tool"])
        #expect(jobs[0].program == .script(directory.file("train_als.py")))
        #expect(jobs[0].supports == [.epochs, .folds, .outputDir])
        #expect(jobs[0].name == "ALS")
        #expect(jobs[1].program == .command(["echo", "hi"]))
        #expect(jobs[1].optional && jobs[1].environment == ["A": "1"] && jobs[1].dependsOn == ["als"])
        #expect(jobs[1].timeout == 2.5 && jobs[1].retries == 1 && jobs[1].workdir == directory.file("sub"))
    }

    @Test("the shipped default catalog has the seed's 12 jobs")
    func defaultCatalog() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let jobs = try Catalog.load(path: root.path + "/examples/training/jobs.json")
        #expect(jobs.count == 12)
        #expect(Array(jobs.map(\.id).prefix(3)) == ["als", "alzheimers", "parkinsons"])
        #expect(jobs.contains { !$0.supports.contains(.folds) })
    }

    static let badCatalogs: [(name: String, content: String, expected: String)] = [
        ("not-json", "{jobs: [", "invalid config file"),
        ("empty", "", "invalid config file"),
        ("top-array", "[]", "top level must be an object"),
        ("no-jobs", "{}", "missing \"jobs\""),
        ("jobs-not-array", "{\"jobs\": 3}", "\"jobs\" must be an array"),
        ("job-not-object", "{\"jobs\": [1]}", "must be an object"),
        ("no-id", "{\"jobs\": [{\"script\": \"a.py\"}]}", "missing \"id\""),
        ("bad-id", "{\"jobs\": [{\"id\": \"../x\", \"script\": \"a.py\"}]}", "invalid job id"),
        ("dot-id", "{\"jobs\": [{\"id\": \"..\", \"script\": \"a.py\"}]}", "invalid job id"),
        ("id-type", "{\"jobs\": [{\"id\": 7, \"script\": \"a.py\"}]}", "\"id\" must be a string"),
        ("duplicate", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\"}, {\"id\": \"a\", \"script\": \"b.py\"}]}", "duplicate job id \"a\""),
        ("unknown-field", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"scirpt\": 1}]}", "unknown field \"scirpt\""),
        ("no-program", "{\"jobs\": [{\"id\": \"a\"}]}", "needs \"script\" or \"command\""),
        ("both-programs", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"command\": [\"x\"]}]}", "not both"),
        ("empty-command", "{\"jobs\": [{\"id\": \"a\", \"command\": []}]}", "non-empty array"),
        ("command-type", "{\"jobs\": [{\"id\": \"a\", \"command\": \"echo hi\"}]}", "\"command\" must be an array of strings"),
        ("supports-unknown", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"supports\": [\"speed\"]}]}", "unknown entry \"speed\""),
        ("timeout-negative", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"timeout\": -1}]}", "\"timeout\" must be a positive"),
        ("retries-type", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"retries\": \"2\"}]}", "\"retries\" must be an integer"),
        ("unknown-dependency", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"depends_on\": [\"b\"]}]}", "unknown job \"b\""),
        ("self-dependency", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"depends_on\": [\"a\"]}]}", "depends on itself"),
        ("cycle", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"depends_on\": [\"c\"]}, {\"id\": \"b\", \"script\": \"b.py\", \"depends_on\": [\"a\"]}, {\"id\": \"c\", \"script\": \"c.py\", \"depends_on\": [\"b\"]}]}", "dependency cycle"),
        ("env-type", "{\"jobs\": [{\"id\": \"a\", \"script\": \"a.py\", \"env\": [\"A=1\"]}]}", "\"env\" must be an object"),
    ]

    @Test("bad catalogs are one-line errors naming the problem", arguments: badCatalogs)
    func badCatalog(_ sample: (name: String, content: String, expected: String)) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("jobs.json", sample.content)
        do {
            _ = try Catalog.load(path: directory.file("jobs.json"))
            Issue.record("catalog \(sample.name) was accepted")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.message.contains(sample.expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test("a missing or unreadable file is named")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: RunAllError("config file not found: \(directory.file("nope.json"))")) {
            try Catalog.load(path: directory.file("nope.json"))
        }
        #expect(throws: RunAllError("config file is a directory: \(directory.path)")) {
            try Catalog.load(path: directory.path)
        }
    }

    @Test("a long dependency chain is checked without recursion")
    func longChain() throws {
        let jobs = (0..<20_000).map { index in
            JobSpec(id: "j\(index)", program: .command(["true"]), dependsOn: index == 0 ? [] : ["j\(index - 1)"])
        }
        try JobPlan.checkDependencies(of: jobs, source: "test")
        #expect(JobPlan.findCycle(in: jobs) == nil)
    }
}

@Suite("Discovery, selection and commands")
struct SelectionTests {
    @Test("discovery finds train_*.py, strips the prefix and infers support from the text")
    func discovery() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a/train_als.py", "parser.add_argument('--epochs'); parser.add_argument('--folds'); '--output-dir'")
        try directory.write("b/train_stroke.py", "parser.add_argument('--epochs')")
        try directory.write("b/helper.py", "--epochs")
        try directory.write("b/.hidden/train_secret.py", "")
        let jobs = try Discovery(roots: [directory.path]).discover()
        #expect(jobs.map(\.id) == ["als", "stroke"])
        #expect(jobs[0].supports == [.epochs, .folds, .outputDir])
        #expect(jobs[1].supports == [.epochs])
        #expect(try Discovery(roots: [directory.path], excludeRegex: "stroke").discover().map(\.id) == ["als"])
        #expect(try Discovery(roots: [directory.path], limit: 1).discover().count == 1)
        #expect(throws: RunAllError.self) { try Discovery(roots: [directory.path], excludeRegex: "(").discover() }
        #expect(throws: RunAllError.self) { try Discovery(roots: [directory.file("missing")]).discover() }
    }

    func jobs(_ ids: String...) -> [JobSpec] { ids.map { JobSpec(id: $0, program: .command(["true"])) } }

    @Test("--only and --exclude keep catalog order; the train_ prefix is accepted")
    func selection() throws {
        let all = jobs("als", "alzheimers", "parkinsons", "stroke")
        let selected = try JobSelection(all: all, only: ["parkinsons", "train_als"], exclude: [])
        #expect(selected.jobs.map(\.id) == ["als", "parkinsons"])
        #expect(selected.summaryLine == "🎯 Selected jobs: 2 (filtered from 4)")
        #expect(try JobSelection(all: all, only: nil, exclude: ["stroke"]).jobs.count == 3)
        do {
            _ = try JobSelection(all: all, only: ["als", "nope"], exclude: [])
            Issue.record("unknown id accepted")
        } catch {
            #expect(error.message.contains("unknown job id \"nope\""))
            #expect(error.message.contains("als, alzheimers, parkinsons, stroke"))
        }
        #expect(throws: RunAllError.self) { try JobSelection(all: all, only: [], exclude: []) }
    }

    @Test("parameters are passed only where supported, in a fixed order")
    func whereSupported() {
        let parameters = RunParameters(epochs: 50, folds: 5, extraArguments: ["--seed", "1"], baseOutputDir: "out")
        let full = JobSpec(id: "als", program: .script("/p/train_als.py"), supports: [.folds, .epochs, .outputDir])
        let noFolds = JobSpec(id: "stroke", program: .script("/p/train_stroke.py"), supports: [.epochs])
        let command = JobSpec(id: "tool", program: .command(["tool", "run"]), supports: [.folds])
        #expect(parameters.command(for: full) == ["python3", "/p/train_als.py", "--output-dir", "out/als", "--epochs", "50", "--folds", "5", "--seed", "1"])
        #expect(parameters.command(for: noFolds) == ["python3", "/p/train_stroke.py", "--epochs", "50", "--seed", "1"])
        #expect(parameters.command(for: command) == ["tool", "run", "--folds", "5", "--seed", "1"])
        #expect(RunParameters().command(for: full) == ["python3", "/p/train_als.py", "--output-dir", "results/als"])
    }

    static let awkwardWords = ["plain", "", "two words", "it's", "\"quoted\"", "$HOME", "`cmd`", "a\\b", "tab\there", "new\nline", "*.py", "ünïcödé", "-x", "a;b|c&d"]

    @Test("a dry-run line pasted into sh runs the same argv")
    func shellQuoteRoundTrip() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = ShellQuote.join(["printf", "%s\\0"] + Self.awkwardWords)
        let run = try await runCommand(["/bin/sh", "-c", line], in: directory)
        #expect(run.exitCode == 0)
        let words = run.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(words == Self.awkwardWords)
    }

    /// Random words over the characters sh treats specially, plus combining marks (a quote
    /// followed by U+0301 once escaped its quoting: found by fuzz/FuzzArguments).
    static func fuzzedWords(seed: UInt64, count: Int) -> [String] {
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", "_", "-", "=", "'", "\"", "\\", "$", "`", " ", "\t", "\n", "\r", "*", "?", "[", "]", "~",
                                          "#", ";", "&", "|", "<", ">", "(", ")", "{", "}", "!", "%", "^", "\u{0301}", "\u{0487}",
                                          "\u{1F600}", "é", "\u{FFFD}", "\u{1B}", "\u{7F}", "\u{85}", "\u{2028}"]
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var word = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 12) { word.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            return String(word)
        }
    }

    @Test("fuzzed argv: the quoted line, run by sh, gives back every word exactly", arguments: [UInt64(1), 2, 3, 0xF00D])
    func shellQuoteFuzzed(_ seed: UInt64) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let words = Self.fuzzedWords(seed: seed, count: 300) + ["'\u{0301}; touch injected; echo '", "Baraa\u{FFFD}\u{FFFD}'\u{0487}-wor"]
        let run = try await runCommand(["/bin/sh", "-c", ShellQuote.join(["printf", "%s\\0"] + words)], in: directory)
        #expect(run.exitCode == 0)
        let back = run.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(back == words)
        #expect(!FileManager.default.fileExists(atPath: directory.file("injected")))
    }

    @Test("a program named like a reserved word or an assignment runs as that program", arguments: ["if", "done", "while", "A=1", "in", "time"])
    func shellQuoteCommandPosition(_ name: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("bin/\(name)", "#!/bin/sh\necho \"ran $0 $*\"\n", executable: true)
        let line = ShellQuote.join([name, "x"])
        let run = try await runCommand(["/bin/sh", "-c", line], in: directory, environment: ["PATH": directory.file("bin") + ":/usr/bin:/bin"])
        #expect(run.exitCode == 0, "\(line): \(run.output)")
        #expect(run.output.hasSuffix("\(name) x\n"), "\(line): \(run.output)")
    }
}

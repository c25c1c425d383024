import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Runner
import Testing
@testable import Verify

/// The fuzz targets' seed corpora (fuzz/corpus/) replayed through the same invariants as in
/// fuzz/Sources, in the ordinary test run: the seeds stay meaningful, and an input once added
/// there (a crash turned regression) is checked on every `swift test`.
@Suite("fuzz corpus replay")
struct FuzzCorpusTests {
    static func inputs(_ name: String) -> [String] {
        let directory = Repository.root + "/fuzz/corpus/" + name
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
    }

    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test("catalog seeds: parse and validate, or a one-line error; accepted ids are safe file names")
    func catalogSeeds() throws {
        let paths = Self.inputs("catalog")
        #expect(paths.count >= 5)
        for path in paths {
            let input = try bytes(path)
            guard let selector = input.first else { continue }
            let text = Array(input.dropFirst())
            do {
                let document = selector & 1 == 0 ? try JSONConfigParser.parse(text) : try YAMLParser.parse(text)
                do {
                    let jobs = try Catalog.jobs(from: document, baseDirectory: "/base", source: "seed")
                    #expect(jobs.allSatisfy { JobSpec.isValidID($0.id) }, "\(path)")
                } catch {
                    #expect(!error.message.contains("\n"), "\(path)")
                }
            } catch {
                #expect(!error.description.contains("\n"), "\(path)")
            }
        }
    }

    @Test("argument seeds: parsed or a bounded printable error; the shell quoting round-trips through /bin/sh")
    func argumentSeeds() async throws {
        let paths = Self.inputs("arguments")
        #expect(paths.count >= 3)
        for path in paths {
            let words = try bytes(path).split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            do { _ = try RunAllCommand.options(from: words, environment: [:], executablePath: "/nonexistent/run-all") } catch {
                #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 }, "\(path)")
            }
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            let run = await runTool(["/bin/sh", "-c", ShellQuote.join(["printf", "%s\\0"] + words)], in: scratch.path)
            #expect(run.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == words.map { String(decoding: Array($0.utf8), as: UTF8.self) }, "\(path)")
        }
    }

    @Test("JUnit seeds: sanitized text has XML characters only; the rendered document parses")
    func junitSeeds() throws {
        let paths = Self.inputs("junit")
        #expect(paths.count >= 3)
        for path in paths {
            let input = try bytes(path)
            let text = XMLText.sanitize(bytes: input, limit: 4096)
            #expect(!text.contains("\u{1B}") && !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }, "\(path)")
            let raw = String(decoding: input, as: UTF8.self)
            let suite = JUnitTestSuite(name: "s", package: raw, timestamp: Date(timeIntervalSince1970: 0), properties: [JUnitProperty(name: "p", value: raw)],
                                       testCases: [JUnitTestCase(name: raw, className: raw, outcome: .failed(type: raw, message: raw, details: raw))],
                                       systemOut: raw, systemErr: text)
            let document = try JUnitWriter.render([suite])
            #expect(XMLParser(data: Data(document)).parse(), "\(path)")
        }
    }
}

import CFuzzSupport
import CLISupport
import Runner
import Verify

/// libFuzzer entry point: the input, split at NUL bytes, is an argv. Parsing it as run-all's
/// and verify-run-all's command line must succeed or throw a one-line, bounded, printable
/// UsageError; never crash. The words also go through ShellQuote, whose output must be
/// re-parsable into the same words by a POSIX sh word splitter (see `ShellWords`).
@_cdecl("FuzzArguments_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzArguments)
}

func fuzzArguments(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let words = buffer.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    do {
        _ = try RunAllCommand.options(from: words, environment: [:], executablePath: "/nonexistent/run-all")
    } catch {
        check(error.message)
    }
    do {
        _ = try ArgumentParser.parse(words, spec: VerifyCommand.spec)
    } catch {
        check(error.message)
    }
    let line = ShellQuote.join(words)
    precondition(ShellWords.split(line) == words, "ShellQuote round trip failed for \(words.debugDescription): \(line.debugDescription)")
    return 0
}

func check(_ message: String) {
    precondition(!message.isEmpty, "empty error message")
    precondition(message.unicodeScalars.count <= UsageError.maxLength + 1, "unbounded error message")
    precondition(!message.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) },
                 "control character in error: \(message.debugDescription)")
}

/// The subset of POSIX sh word splitting that ShellQuote's output uses: bare words, single
/// quotes, and `"'"` (a double-quoted single quote) for embedded quotes.
enum ShellWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = line.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case " ":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                while let next = iterator.next(), next != "'" { current.unicodeScalars.append(next) }
            case "\"":
                inWord = true
                while let next = iterator.next(), next != "\"" { current.unicodeScalars.append(next) }
            default:
                inWord = true
                current.unicodeScalars.append(scalar)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

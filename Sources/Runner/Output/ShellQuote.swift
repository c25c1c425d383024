import Foundation

/// POSIX shell quoting: the printed line, pasted into `sh`, runs the same argv.
public enum ShellQuote {
    /// Quotes one word. Safe words stay bare; everything else is single-quoted with `'` written
    /// as `'"'"'`.
    public static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let isSafe = word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-", ".", "/", ":", "=", "+", ",", "@", "%": return true
            default: return false
            }
        }
        if isSafe { return word }
        // Scalar by scalar: String's own search works on characters, and a quote followed by
        // a combining mark (U+0301, U+0487) is a different character, so `replacingOccurrences`
        // left such quotes unescaped and the line broke out of its quoting (found by fuzzing).
        var quoted = String.UnicodeScalarView()
        quoted.append("'")
        for scalar in word.unicodeScalars {
            if scalar == "'" {
                quoted.append(contentsOf: "'\"'\"'".unicodeScalars)
            } else {
                quoted.append(scalar)
            }
        }
        quoted.append("'")
        return String(quoted)
    }

    /// Words the shell would take for something else in command position (a reserved word,
    /// or an assignment like `A=1`), which must be quoted there to run as a program.
    static func needsQuotingAsCommand(_ word: String) -> Bool {
        let reserved: Set<String> = ["if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
                                     "for", "in", "function", "select", "time", "coproc", "[[", "]]", "{", "}", "!"]
        if reserved.contains(word) { return true }
        guard let equals = word.unicodeScalars.firstIndex(of: "=") else { return false }
        let name = word.unicodeScalars[..<equals]
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || scalar == "_" }
        guard let first = name.first, isLetter(first) else { return false }
        return name.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    /// Quotes and joins an argv. The first word is also quoted when the shell would read it as
    /// a reserved word or a variable assignment (`if`, `A=1`), so the line runs that program.
    public static func join(_ argv: [String]) -> String {
        argv.enumerated().map { index, word in
            let quoted = quote(word)
            // A bare word has only safe characters (no quote), so wrapping it is exact.
            return index == 0 && quoted == word && needsQuotingAsCommand(word) ? "'" + word + "'" : quoted
        }.joined(separator: " ")
    }
}

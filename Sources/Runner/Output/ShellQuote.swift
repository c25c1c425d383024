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
        return "'" + word.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// Quotes and joins an argv.
    public static func join(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }
}

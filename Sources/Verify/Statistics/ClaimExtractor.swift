/// Finds speedup claims in Markdown prose and parses `--claim` arguments.
///
/// ## The prose rule
/// A claim is a *factor* next to a *speed word*:
///
/// * **Factor**: a decimal number (`4`, `3.5`) that starts a word (not preceded by a letter,
///   digit, `.`, `,` or `_`), followed, optionally after spaces, by a multiplication sign
///   `×`, `x`, `X` (or `✕`, `⨯`), the word `times`, or `fold`/`-fold`. The sign must end the
///   word (`4xfaster`, `1920x1080` and `x86_64` are not factors), and the next thing after it
///   must not be a number (`12 × 0.5 s`, `2×2 grid`, `3 times 4` are products, not factors).
///   Symbolic products such as `N×T` or `⌈N/4⌉` have no numeric factor and never match.
/// * **Speed word**: `speedup(s)`, `speed-up(s)`, `speed up`, `faster` or `quicker`
///   (any case) among the three words after the sign (`4× speedup`, `4x faster`,
///   `4× overall wall-clock speedup`), or a speedup noun among the four words before the number
///   (`Speedup: up to 4×`, `a speedup of about 3.5x`), or `faster`/`quicker` right before it,
///   optionally followed by `by` (`faster by 4×`). "faster" further back is not enough: in "a
///   faster disk with 4x capacity" the 4x is about capacity.
/// * **Kind**: `.ceiling` when the claim's sentence contains "up to", "at most", "no more than",
///   "theoretical maximum"/"theoretical max", "upper bound", `≤` or `<=` anywhere; `.point`
///   otherwise. When a sentence holds several factors, each marker qualifies only the factor
///   nearest to it. Sentences end at `.`, `!` or `?` followed by whitespace (so `3.5x` stays
///   whole) and at a table cell's `|`, and never span lines.
///
/// Only prose counts: lines inside fenced code blocks (```` ``` ```` or `~~~` fences, per
/// CommonMark) are skipped, and inline code spans (`` `…` ``) are ignored, because commands and
/// output samples are not claims. A range such as `3–4× faster` yields its upper end, 4.
/// Not recognized: a sign before the number (`×4`), percentages (`40% faster`), and numbers in
/// words (`four times faster`).
public enum ClaimExtractor {
    /// Every speedup claim in the prose of a Markdown (or plain text) document, in document
    /// order. `source` is recorded in each claim (a file name); lines are numbered from 1.
    public static func claims(inMarkdown text: String, source: String) -> [SpeedupClaim] {
        var found: [SpeedupClaim] = []
        var openFence: CodeFence?
        // Split on every line ending (\n, \r\n, \r) without dropping empty lines, so numbers match.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let characters = Array(line)
            if let fence = openFence {
                if fence.isClosed(by: characters) { openFence = nil }
                continue
            }
            if let fence = CodeFence(opening: characters) {
                openFence = fence
                continue
            }
            found += claims(inLine: characters, source: source, lineNumber: index + 1)
        }
        return found
    }

    /// Parses a `--claim` argument: `4x`, `4×`, `4`, `3.5x`, `~4x`, `4x speedup`,
    /// `4 times faster` give a point claim; `up to 4x`, `at most 4×`, `≤4x`,
    /// `4x (theoretical maximum)` give a ceiling. The claim's `source` is `"--claim"` and its
    /// `line` is `nil`.
    ///
    /// Throws `ClaimParseError` (a one-line message) for anything else: an empty argument, text
    /// that is not a factor, a zero or negative factor, or one too large to represent.
    public static func parseClaimArgument(_ argument: String) throws(ClaimParseError) -> SpeedupClaim {
        let trimmed = trimmedText(Array(argument), strippingBlockMarkers: false)
        let expected = "expected a speedup factor such as 4x, 3.5×, or 'up to 4x'"
        guard !trimmed.isEmpty else { throw ClaimParseError(argument: argument, problem: expected) }
        var cursor = ArgumentCursor(Array(trimmed.lowercased()))

        var kind = SpeedupClaim.Kind.point
        if cursor.consumeAny(of: ["up to", "at most", "no more than"], asWords: true)
            || cursor.consumeAny(of: ["≤", "<="], asWords: false) {
            kind = .ceiling
        } else {
            _ = cursor.consumeAny(of: ["about", "approximately", "around", "roughly"], asWords: true)
                || cursor.consumeAny(of: ["~", "≈"], asWords: false)
        }
        cursor.skipSpaces()
        if cursor.consumeAny(of: ["-"], asWords: false), cursor.peekIsDigit {
            throw ClaimParseError(argument: argument, problem: "the speedup factor must be greater than 0")
        }
        _ = cursor.consumeAny(of: ["+"], asWords: false)
        guard let number = cursor.consumeNumber() else {
            throw ClaimParseError(argument: argument, problem: expected)
        }
        cursor.skipSpaces()
        _ = cursor.consumeAny(of: ["times", "-fold", "fold"], asWords: true)
            || cursor.consumeAny(of: multiplicationSigns.map(String.init), asWords: true)
        cursor.skipSpaces()
        _ = cursor.consumeAny(of: ["speedup", "speed-up", "speed up", "faster", "quicker"], asWords: true)
        cursor.skipSpaces()
        if cursor.consumeAny(of: ["(theoretical maximum)", "theoretical maximum"], asWords: true) {
            kind = .ceiling
        }
        guard cursor.isAtEnd else { throw ClaimParseError(argument: argument, problem: expected) }
        guard let factor = Double(number), factor.isFinite else {
            throw ClaimParseError(argument: argument, problem: "the speedup factor is too large")
        }
        guard factor > 0 else {
            throw ClaimParseError(argument: argument, problem: "the speedup factor must be greater than 0")
        }
        return SpeedupClaim(factor: factor, kind: kind, text: trimmed, source: "--claim", line: nil)
    }

    // MARK: - Vocabulary

    /// Characters accepted as the multiplication sign of a factor (`x`/`X` included).
    private static let multiplicationSigns: Set<Character> = ["×", "x", "X", "✕", "⨯"]
    /// Words that say "speedup" as a noun; they may come before or after the factor.
    private static let speedupNouns: Set<String> = ["speedup", "speedups", "speed-up", "speed-ups"]
    /// Comparatives; after the factor anywhere in the window, before it only adjacent.
    private static let comparatives: Set<String> = ["faster", "quicker"]
    /// Multi-word phrases (lowercased words) that make a sentence's claims ceilings.
    private static let ceilingPhrases: [[String]] = [
        ["up", "to"], ["at", "most"], ["no", "more", "than"],
        ["theoretical", "maximum"], ["theoretical", "max"], ["upper", "bound"],
    ]
    /// Symbols that make a sentence's claims ceilings.
    private static let ceilingSymbols = ["≤", "<="]
    /// Words looked at after the sign, and before the number, for a speed word.
    private static let wordsAfterFactor = 3
    private static let wordsBeforeFactor = 4

    // MARK: - Prose scanning

    /// The claims in one line of prose (outside code fences).
    private static func claims(inLine original: [Character], source: String, lineNumber: Int) -> [SpeedupClaim] {
        let masked = maskingInlineCode(original)
        var found: [SpeedupClaim] = []
        for sentence in sentenceRanges(masked) {
            let sentenceCharacters = Array(masked[sentence])
            let words = wordsOf(sentenceCharacters)
            var factors: [Factor] = []
            var position = 0
            while position < sentenceCharacters.count {
                if let factor = factor(in: sentenceCharacters, at: position, words: words) {
                    factors.append(factor)
                    position = factor.end
                } else {
                    position += 1
                }
            }
            guard !factors.isEmpty else { continue }
            let ceilings = ceilingFactorIndices(factors, markers: ceilingMarkers(sentenceCharacters, words: words))
            let snippet = trimmedText(Array(original[sentence]), strippingBlockMarkers: true)
            for (index, factor) in factors.enumerated() {
                found.append(SpeedupClaim(
                    factor: factor.value, kind: ceilings.contains(index) ? .ceiling : .point,
                    text: snippet, source: source, line: lineNumber
                ))
            }
        }
        return found
    }

    /// A factor found in a sentence: its value and the character range from its number to just
    /// past its sign.
    private struct Factor {
        var value: Double
        var start: Int
        var end: Int
    }

    /// Which of a sentence's factors are ceilings. With one factor, any marker in the sentence
    /// makes it a ceiling. With several, each marker qualifies only the factor nearest to it
    /// (ties go to the factor after the marker, as in "up to 4×"), so in
    /// `"~4× speedup", "up to 4×"` only the second is a ceiling.
    private static func ceilingFactorIndices(_ factors: [Factor], markers: [Range<Int>]) -> Set<Int> {
        var ceilings = Set<Int>()
        for marker in markers {
            let distances = factors.map { factor -> (distance: Int, markerIsBefore: Bool) in
                if marker.upperBound <= factor.start { return (factor.start - marker.upperBound, true) }
                if marker.lowerBound >= factor.end { return (marker.lowerBound - factor.end, false) }
                return (0, true)
            }
            let nearest = distances.indices.min { first, second in
                let a = distances[first], b = distances[second]
                if a.distance != b.distance { return a.distance < b.distance }
                return a.markerIsBefore && !b.markerIsBefore
            }
            if let nearest { ceilings.insert(nearest) }
        }
        return ceilings
    }

    /// A factor whose number starts at `start` and which has a speed word in range: its value and
    /// the index just past its sign. `nil` when `start` does not begin such a factor.
    private static func factor(in characters: [Character], at start: Int, words: [Word]) -> Factor? {
        guard isASCIIDigit(characters[start]) else { return nil }
        if start > 0, joinsNumber(characters, before: start) { return nil }
        var index = start
        while index < characters.count, isASCIIDigit(characters[index]) { index += 1 }
        if index + 1 < characters.count, characters[index] == ".", isASCIIDigit(characters[index + 1]) {
            index += 1
            while index < characters.count, isASCIIDigit(characters[index]) { index += 1 }
        }
        let numberEnd = index
        guard let signEnd = signEnd(in: characters, after: numberEnd),
              let value = Double(String(characters[start..<numberEnd])), value.isFinite, value > 0,
              !isFollowedByNumber(characters, from: signEnd),
              hasSpeedWord(near: start, signEnd: signEnd, words: words)
        else { return nil }
        return Factor(value: value, start: start, end: signEnd)
    }

    /// The index just past the multiplication sign following a number ending at `numberEnd`
    /// (spaces and Markdown emphasis markers allowed in between, as in `**4**×`), or `nil` when
    /// no sign follows or the sign does not end a word.
    private static func signEnd(in characters: [Character], after numberEnd: Int) -> Int? {
        var index = numberEnd
        while index < characters.count, isHorizontalSpace(characters[index]) || isEmphasisMarker(characters[index]) {
            index += 1
        }
        guard index < characters.count else { return nil }
        let end: Int
        if multiplicationSigns.contains(characters[index]) {
            end = index + 1
        } else if let wordEnd = matchWord("times", in: characters, at: index) {
            end = wordEnd
        } else if characters[index] == "-", let wordEnd = matchWord("fold", in: characters, at: index + 1) {
            end = wordEnd
        } else if let wordEnd = matchWord("fold", in: characters, at: index) {
            end = wordEnd
        } else {
            return nil
        }
        // A letter or digit right after the sign makes it part of a token (`1920x1080`,
        // `4xfaster`); `_` does not, so `_4×_` emphasis still counts.
        if end < characters.count, characters[end].isLetter || characters[end].isNumber { return nil }
        return end
    }

    /// Whether the next non-space text after `index` is a number (`× 0.5`, `×2`, `times .5`):
    /// then the sign multiplies two quantities rather than stating a factor.
    private static func isFollowedByNumber(_ characters: [Character], from index: Int) -> Bool {
        var next = index
        while next < characters.count, isHorizontalSpace(characters[next]) { next += 1 }
        guard next < characters.count else { return false }
        if isASCIIDigit(characters[next]) { return true }
        return characters[next] == "." && next + 1 < characters.count && isASCIIDigit(characters[next + 1])
    }

    /// Whether a speed word is close enough to the factor spanning `numberStart..<signEnd`.
    private static func hasSpeedWord(near numberStart: Int, signEnd: Int, words: [Word]) -> Bool {
        let after = Array(words.filter { $0.start >= signEnd }.prefix(wordsAfterFactor + 1))
        for (offset, word) in after.enumerated().prefix(wordsAfterFactor) {
            if speedupNouns.contains(word.text) || comparatives.contains(word.text) { return true }
            if isSpeedUpPair(word, next: offset + 1 < after.count ? after[offset + 1] : nil) { return true }
        }
        let before = Array(words.filter { $0.end <= numberStart }.suffix(wordsBeforeFactor + 1))
        let window = before.suffix(wordsBeforeFactor)
        for (offset, word) in zip(window.indices, window) {
            if speedupNouns.contains(word.text) { return true }
            if isSpeedUpPair(word, next: offset + 1 < before.count ? before[offset + 1] : nil) { return true }
        }
        if let last = before.last {
            if comparatives.contains(last.text) { return true }
            if last.text == "by", before.count >= 2, comparatives.contains(before[before.count - 2].text) { return true }
        }
        return false
    }

    /// "speed up" / "sped up" written as two words.
    private static func isSpeedUpPair(_ word: Word, next: Word?) -> Bool {
        (word.text == "speed" || word.text == "sped") && next?.text == "up"
    }

    /// The character ranges of the ceiling markers in a sentence: the phrases (matched as whole
    /// words) and the symbols.
    private static func ceilingMarkers(_ characters: [Character], words: [Word]) -> [Range<Int>] {
        var markers: [Range<Int>] = []
        for symbol in ceilingSymbols {
            let symbolCharacters = Array(symbol)
            guard characters.count >= symbolCharacters.count else { continue }
            for start in 0...(characters.count - symbolCharacters.count)
            where Array(characters[start..<(start + symbolCharacters.count)]) == symbolCharacters {
                markers.append(start..<(start + symbolCharacters.count))
            }
        }
        for phrase in ceilingPhrases where words.count >= phrase.count {
            for first in 0...(words.count - phrase.count)
            where words[first..<(first + phrase.count)].map(\.text) == phrase {
                markers.append(words[first].start..<words[first + phrase.count - 1].end)
            }
        }
        return markers
    }

    // MARK: - Text structure

    /// A word of a sentence: lowercased text and its character range.
    private struct Word {
        var text: String
        var start: Int
        var end: Int
    }

    /// The words of `characters`: runs of letters, digits, `_`, inner `-` and apostrophes, and
    /// `.` between digits (so `3.5` is one word). Everything else separates words.
    private static func wordsOf(_ characters: [Character]) -> [Word] {
        var words: [Word] = []
        var index = 0
        while index < characters.count {
            guard isWordCharacter(characters[index]) else { index += 1; continue }
            let start = index
            while index < characters.count {
                let character = characters[index]
                if isWordCharacter(character) { index += 1; continue }
                let joinsWords = (character == "-" || character == "'" || character == "’")
                    && index + 1 < characters.count && isWordCharacter(characters[index + 1])
                let joinsDigits = character == "." && isASCIIDigit(characters[index - 1])
                    && index + 1 < characters.count && isASCIIDigit(characters[index + 1])
                guard joinsWords || joinsDigits else { break }
                index += 1
            }
            words.append(Word(text: String(characters[start..<index]).lowercased(), start: start, end: index))
        }
        return words
    }

    /// The sentences of a line: ranges ending after `.`, `!` or `?` when whitespace follows, and
    /// at each `|` (a table cell is a sentence of its own; the bar itself is left out).
    private static func sentenceRanges(_ characters: [Character]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in characters.indices {
            if characters[index] == "|" {
                if start < index { ranges.append(start..<index) }
                start = index + 1
            } else if [".", "!", "?"].contains(characters[index]),
                      index + 1 == characters.count || characters[index + 1].isWhitespace {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
        }
        if start < characters.count { ranges.append(start..<characters.count) }
        return ranges
    }

    /// The line with the contents of inline code spans (and their backticks) replaced by spaces,
    /// one for one, so indices still match the original. An unmatched backtick run is literal.
    private static func maskingInlineCode(_ characters: [Character]) -> [Character] {
        var masked = characters
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else { index += 1; continue }
            let openStart = index
            while index < characters.count, characters[index] == "`" { index += 1 }
            let runLength = index - openStart
            // Find a closing run of exactly the same length.
            var search = index
            var closeEnd: Int?
            while search < characters.count {
                guard characters[search] == "`" else { search += 1; continue }
                let runStart = search
                while search < characters.count, characters[search] == "`" { search += 1 }
                if search - runStart == runLength { closeEnd = search; break }
            }
            guard let end = closeEnd else { continue }
            for position in openStart..<end { masked[position] = " " }
            index = end
        }
        return masked
    }

    /// `text` without surrounding whitespace and, when `strippingBlockMarkers`, without leading
    /// Markdown block markers (`#` headings, `>` quotes, `-`/`*`/`+` bullets), for readable
    /// snippets.
    private static func trimmedText(_ characters: [Character], strippingBlockMarkers: Bool) -> String {
        var slice = characters[...]
        while true {
            while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
            while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
            guard strippingBlockMarkers, let first = slice.first, ["#", ">", "-", "*", "+"].contains(first) else { break }
            let marker = slice.prefix { $0 == first }
            let rest = slice.dropFirst(marker.count)
            // Only a marker followed by a space is block syntax ("-4x" or "**bold**" is not).
            guard let next = rest.first, next == " " || next == "\t" else { break }
            if first != "#" && first != ">" && marker.count > 1 { break }
            slice = rest
        }
        return String(slice)
    }

    // MARK: - Character classes

    private static func isASCIIDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }

    /// Letters, digits and `_`: what continues a word.
    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Whether the character before `index` makes the number starting there part of a longer
    /// token: a letter or digit (`x86`, `v2`), `.` or `,` (`1.5`, `1,000`), or `_` inside a word
    /// (`amd_64`). An `_` that opens emphasis (`_4×_`) does not.
    private static func joinsNumber(_ characters: [Character], before index: Int) -> Bool {
        let previous = characters[index - 1]
        if previous == "_" { return index >= 2 && isWordCharacter(characters[index - 2]) }
        return isWordCharacter(previous) || previous == "." || previous == ","
    }

    /// `*` and `_`, which Markdown uses for emphasis.
    private static func isEmphasisMarker(_ character: Character) -> Bool {
        character == "*" || character == "_"
    }

    private static func isHorizontalSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\u{00A0}" || character == "\u{2009}"
            || character == "\u{202F}"
    }

    /// The index past `word` when it occurs at `index` (case-insensitively); `nil` otherwise.
    /// The caller checks what follows.
    private static func matchWord(_ word: String, in characters: [Character], at index: Int) -> Int? {
        let wordCharacters = Array(word)
        guard index + wordCharacters.count <= characters.count else { return nil }
        for (offset, expected) in wordCharacters.enumerated()
        where characters[index + offset].lowercased() != String(expected) {
            return nil
        }
        return index + wordCharacters.count
    }

    // MARK: - Helpers for parsing

    /// A Markdown code fence: ≥ 3 backticks or tildes, indented by at most three spaces.
    private struct CodeFence {
        var marker: Character
        var length: Int

        /// The fence opened by `line`, or `nil` when the line does not open one.
        init?(opening line: [Character]) {
            guard let (marker, length, rest) = CodeFence.parse(line) else { return nil }
            // A backtick fence's info string may not contain backticks (CommonMark 4.5).
            if marker == "`" && rest.contains("`") { return nil }
            self.marker = marker
            self.length = length
        }

        /// Whether `line` closes this fence: the same marker, at least as long, nothing after it.
        func isClosed(by line: [Character]) -> Bool {
            guard let (closingMarker, closingLength, rest) = CodeFence.parse(line) else { return false }
            return closingMarker == marker && closingLength >= length && rest.allSatisfy(\.isWhitespace)
        }

        private static func parse(_ line: [Character]) -> (Character, Int, ArraySlice<Character>)? {
            let indentation = line.prefix { $0 == " " }.count
            guard indentation <= 3, indentation < line.count else { return nil }
            let marker = line[indentation]
            guard marker == "`" || marker == "~" else { return nil }
            let length = line[indentation...].prefix { $0 == marker }.count
            guard length >= 3 else { return nil }
            return (marker, length, line[(indentation + length)...])
        }
    }

    /// A cursor over a lowercased `--claim` argument.
    private struct ArgumentCursor {
        var characters: [Character]
        var index = 0

        init(_ characters: [Character]) { self.characters = characters }

        var isAtEnd: Bool { index >= characters.count }
        var peekIsDigit: Bool { !isAtEnd && ClaimExtractor.isASCIIDigit(characters[index]) }

        mutating func skipSpaces() {
            while !isAtEnd, characters[index].isWhitespace { index += 1 }
        }

        /// Consumes the first of `candidates` found at the cursor. With `asWords`, a candidate
        /// ending in a letter must not be followed by another letter ("about" but not "abouts").
        mutating func consumeAny(of candidates: [String], asWords: Bool) -> Bool {
            for candidate in candidates {
                let candidateCharacters = Array(candidate)
                let end = index + candidateCharacters.count
                guard end <= characters.count, Array(characters[index..<end]) == candidateCharacters else { continue }
                if asWords, let last = candidateCharacters.last, last.isLetter,
                   end < characters.count, characters[end].isLetter {
                    continue
                }
                index = end
                skipSpaces()
                return true
            }
            return false
        }

        /// Consumes `digits[.digits]` and returns its text.
        mutating func consumeNumber() -> String? {
            let start = index
            while !isAtEnd, ClaimExtractor.isASCIIDigit(characters[index]) { index += 1 }
            guard index > start else { return nil }
            if index + 1 < characters.count, characters[index] == ".",
               ClaimExtractor.isASCIIDigit(characters[index + 1]) {
                index += 1
                while !isAtEnd, ClaimExtractor.isASCIIDigit(characters[index]) { index += 1 }
            }
            return String(characters[start..<index])
        }
    }
}

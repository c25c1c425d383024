/// Turns arbitrary text (captured job output, assertion messages, names) into text that can
/// go into an XML 1.0 document: no ANSI escape sequences, only characters XML 1.0 allows,
/// and a bounded size.
///
/// XML has no escape for the characters it forbids (`&#27;` is as illegal as a raw ESC), and
/// libxml2's writer copies them through unchanged, producing a file no parser accepts. Every
/// string that goes into a report therefore passes through ``sanitize(_:limit:)`` (or
/// ``sanitize(bytes:limit:)`` for raw bytes) first.
///
/// The rules, applied in one pass over the UTF-8 bytes:
/// 1. Invalid UTF-8 (stray continuation bytes, overlong forms, truncated sequences, encoded
///    surrogates such as `ED A0 80`, bytes `F5`–`FF`) is replaced byte by byte: each byte
///    that does not start a well-formed sequence becomes one U+FFFD.
/// 2. ANSI escape sequences are removed: CSI (`ESC [` parameters/intermediates `0x20`–`0x3F`,
///    final byte `0x40`–`0x7E`), string sequences OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`,
///    PM `ESC ^`, APC `ESC _` (ended by BEL or `ESC \`), character-set designations
///    (`ESC` intermediates `0x20`–`0x2F`, final `0x30`–`0x7E`, such as `ESC ( B`) and the
///    two-byte `ESC x` forms (`x` in `0x30`–`0x7E`). A sequence that is not complete (the
///    text ends, or a control character or non-ASCII byte interrupts it) is not removed:
///    its ESC becomes U+FFFD and the rest stays as text, so no output is silently lost.
/// 3. Every character XML 1.0 does not allow becomes U+FFFD. Allowed are TAB, LF, CR,
///    U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF; so NUL, the other C0 controls,
///    U+FFFE and U+FFFF are replaced (DEL, C1 controls and noncharacters such as U+FDD0 are
///    allowed by XML and kept).
/// 4. When the result would be longer than `limit` UTF-8 bytes, it keeps the longest prefix of
///    at most `limit` bytes that ends on a character boundary and appends the marker line
///    `\n[… truncated N bytes …]`, where N is the number of *input* bytes not represented
///    in the kept prefix. The result is therefore at most `limit` bytes plus the marker
///    (under 50 bytes). Input after the cut is not examined, so truncating a huge text
///    costs time proportional to `limit`, not to the input.
///
/// The work is linear in the input: every byte is looked at a bounded number of times.
public enum XMLText {
    /// The default size limit, in UTF-8 bytes, of a sanitized text: 64 KiB.
    public static let defaultLimit = 65_536

    /// Returns `text` with ANSI escape sequences removed, characters XML 1.0 forbids
    /// replaced by U+FFFD, and cut to at most `limit` UTF-8 bytes plus a truncation marker.
    ///
    /// Returns `text` itself (no copy) when nothing had to change. A negative `limit` is
    /// treated as 0. See ``XMLText`` for the exact rules.
    public static func sanitize(_ text: String, limit: Int = defaultLimit) -> String {
        guard let changed = sanitizedUTF8IfChanged(text, limit: limit) else { return text }
        return String(decoding: changed, as: UTF8.self)
    }

    /// Decodes `bytes` as UTF-8 (each byte that is not part of a well-formed sequence becomes
    /// U+FFFD) and sanitizes the result exactly like ``sanitize(_:limit:)``.
    ///
    /// The N of the truncation marker counts input bytes. A negative `limit` is treated as 0.
    public static func sanitize(bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        let decode = { (input: UnsafeBufferPointer<UInt8>) -> String in
            if let changed = sanitizedUTF8(input, limit: limit) {
                return String(decoding: changed, as: UTF8.self)
            }
            return String(decoding: input, as: UTF8.self)
        }
        if let text = bytes.withContiguousStorageIfAvailable(decode) {
            return text
        }
        return Array(bytes).withUnsafeBufferPointer(decode)
    }

    /// Calls `body` with a NUL-terminated pointer to the sanitized UTF-8 of `text`.
    ///
    /// This is the allocation-free path for the XML writer: when `text` needs no change (the
    /// common case), `body` sees the string's own storage. The pointer is valid only during
    /// `body`. Because NUL is replaced, the C string is never cut short.
    static func withSanitizedCString<Result>(
        _ text: String,
        limit: Int,
        _ body: (UnsafePointer<UInt8>) -> Result
    ) -> Result {
        if var changed = sanitizedUTF8IfChanged(text, limit: limit) {
            changed.append(0)
            return changed.withUnsafeBufferPointer { buffer in
                // A non-empty array always has storage; the fallback keeps the code total.
                guard let base = buffer.baseAddress else { return emptyCString(body) }
                return body(base)
            }
        }
        return text.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: text.utf8.count + 1, body)
        }
    }

    /// Calls `body` with a pointer to an empty C string.
    private static func emptyCString<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        let nul: UInt8 = 0
        return withUnsafePointer(to: nul, body)
    }

    /// The sanitized UTF-8 of `text`, or nil when `text` is already clean and within `limit`.
    static func sanitizedUTF8IfChanged(_ text: String, limit: Int) -> [UInt8]? {
        var text = text
        text.makeContiguousUTF8()
        if let result = text.utf8.withContiguousStorageIfAvailable({ sanitizedUTF8($0, limit: limit) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBufferPointer { sanitizedUTF8($0, limit: limit) }
    }

    // MARK: - The single pass

    /// The UTF-8 encoding of U+FFFD REPLACEMENT CHARACTER.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Sanitizes `input` (which may be invalid UTF-8); returns nil when the input is already
    /// valid, clean and at most `limit` bytes, so the caller can use it unchanged.
    ///
    /// Clean stretches are copied in bulk; `output` is only allocated once something changes
    /// or truncation is certain.
    static func sanitizedUTF8(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> [UInt8]? {
        let limit = max(0, limit)
        let count = input.count
        var output: [UInt8] = []
        var changed = false
        // Start of the current stretch of input that is copied unchanged.
        var runStart = 0
        var index = 0

        // Copies input[runStart..<end] to output, or truncates when that would pass the limit.
        // Returns false when the text was truncated (output is then final).
        func flushRun(upTo end: Int) -> Bool {
            let length = end - runStart
            if output.count + length <= limit {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<end]))
                runStart = end
                return true
            }
            // Cut on a character boundary: the run holds only validated UTF-8, so stepping
            // back over continuation bytes lands on the start of a character.
            var cut = runStart + (limit - output.count)
            while cut > runStart, input[cut] & 0xC0 == 0x80 {
                cut -= 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<cut]))
            appendMarker(droppedBytes: count - cut, to: &output)
            return false
        }

        // Appends U+FFFD for the input byte(s) at `index`, or truncates there.
        func replace() -> Bool {
            if output.count + replacement.count > limit {
                appendMarker(droppedBytes: count - index, to: &output)
                return false
            }
            output.append(contentsOf: replacement)
            return true
        }

        func beginChange() {
            if !changed {
                changed = true
                output.reserveCapacity(min(count, limit) + 64)
            }
        }

        while index < count {
            let byte = input[index]
            if byte >= 0x20 && byte < 0x80 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte < 0x20 {
                beginChange()
                guard flushRun(upTo: index) else { return output }
                if byte == 0x1B, let end = escapeSequenceEnd(input, at: index) {
                    index = end
                } else {
                    guard replace() else { return output }
                    index += 1
                }
                runStart = index
                continue
            } else {
                let length = validSequenceLength(input, at: index)
                let isNonCharacter = length == 3 && byte == 0xEF
                    && input[index + 1] == 0xBF && input[index + 2] >= 0xBE
                if length == 0 || isNonCharacter {
                    beginChange()
                    guard flushRun(upTo: index) else { return output }
                    guard replace() else { return output }
                    index += max(length, 1)
                    runStart = index
                    continue
                }
                index += length
            }
            // Output only grows, so once the pending stretch passes the limit the text will
            // certainly be truncated: stop now instead of scanning the rest.
            if output.count + (index - runStart) > limit {
                beginChange()
                _ = flushRun(upTo: index)
                return output
            }
        }
        guard changed else { return nil }
        _ = flushRun(upTo: count)
        return output
    }

    /// Appends `\n[… truncated N bytes …]`.
    private static func appendMarker(droppedBytes: Int, to output: inout [UInt8]) {
        output.append(contentsOf: "\n[… truncated \(droppedBytes) bytes …]".utf8)
    }

    /// The length (2, 3 or 4) of the well-formed multi-byte UTF-8 sequence starting at
    /// `index`, or 0 when the byte there does not start one (per the Unicode table of
    /// well-formed byte sequences, so no overlongs, surrogates or values past U+10FFFF).
    private static func validSequenceLength(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = input[index]
        let remaining = input.count - index
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < remaining && range.contains(input[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The index just past the complete escape sequence starting with the ESC at `index`, or
    /// nil when there is no complete sequence there (the ESC is then replaced, not removed).
    ///
    /// Every scan stops at the first byte that cannot continue the sequence, and a failed
    /// scan never passes another ESC, so the total work stays linear in the input.
    private static func escapeSequenceEnd(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let count = input.count
        guard index + 1 < count else { return nil }
        switch input[index + 1] {
        case 0x5B:  // CSI: ESC [ (0x20-0x3F)* (0x40-0x7E)
            var cursor = index + 2
            while cursor < count, (0x20...0x3F).contains(input[cursor]) {
                cursor += 1
            }
            guard cursor < count, (0x40...0x7E).contains(input[cursor]) else { return nil }
            return cursor + 1
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // OSC, DCS, SOS, PM, APC: ended by BEL or ESC \
            var cursor = index + 2
            while cursor < count {
                let byte = input[cursor]
                if byte == 0x07 { return cursor + 1 }
                if byte == 0x1B {
                    return cursor + 1 < count && input[cursor + 1] == 0x5C ? cursor + 2 : nil
                }
                if byte < 0x20 { return nil }
                cursor += 1
            }
            return nil
        case 0x20...0x2F:  // nF (character sets): ESC (0x20-0x2F)+ (0x30-0x7E)
            var cursor = index + 1
            while cursor < count, (0x20...0x2F).contains(input[cursor]) {
                cursor += 1
            }
            guard cursor < count, (0x30...0x7E).contains(input[cursor]) else { return nil }
            return cursor + 1
        case 0x30...0x7E:  // two-byte ESC x
            return index + 2
        default:
            return nil
        }
    }
}

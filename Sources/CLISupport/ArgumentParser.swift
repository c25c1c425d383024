/// Parses argv against a `CommandSpec` and renders its help text.
public enum ArgumentParser {
    /// Parses `arguments` (without the program name). `--help`/`-h` is reported as the flag
    /// `help`; unknown options, missing values and stray words are usage errors.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var byName: [String: OptionSpec] = [:]
        for option in spec.options { for name in option.names { byName[name] = option } }
        var parsed = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "-h" || word == "--help" {
                parsed.flags.insert("help")
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                throw UsageError("unexpected argument '\(String(word.prefix(60)))' (see \(spec.name) --help)")
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            guard let option = byName[name] else {
                throw UsageError("unknown option '\(String(name.prefix(60)))' (see \(spec.name) --help)")
            }
            switch option.kind {
            case .flag:
                if inlineValue != nil { throw UsageError("\(name) takes no value") }
                parsed.flags.insert(option.key)
            case .value, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("\(name) needs a value (\(option.valueName))") }
                    value = arguments[index]
                    index += 1
                }
                if option.kind == .value {
                    parsed.values[option.key] = [value]
                } else {
                    parsed.values[option.key, default: []].append(value)
                }
            case .values:
                var collected: [String] = inlineValue.map { [$0] } ?? []
                while index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
                    collected.append(arguments[index])
                    index += 1
                }
                // Commas separate ids too: `--only a,b c`.
                let items = collected.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
                guard !items.isEmpty else { throw UsageError("\(name) needs at least one \(option.valueName)") }
                parsed.values[option.key, default: []] += items
            }
        }
        return parsed
    }

    /// The `--help` text: usage line, summary, one entry per visible option, epilog.
    public static func help(for spec: CommandSpec) -> String {
        var lines = ["usage: \(spec.name) [options]", "", spec.summary, "", "options:"]
        let visible = spec.options.filter { !$0.hidden }
        let heads = visible.map { option -> String in
            let names = option.names.joined(separator: ", ")
            switch option.kind {
            case .flag: return names
            case .value, .repeated: return "\(names) \(option.valueName)"
            case .values: return "\(names) \(option.valueName) [\(option.valueName) ...]"
            }
        }
        let width = min(34, (heads.map(\.count).max() ?? 0) + 2)
        lines.append("  -h, --help" + String(repeating: " ", count: max(2, width - 10)) + "Show this help and exit.")
        for (head, option) in zip(heads, visible) {
            if head.count + 2 > width {
                lines.append("  \(head)")
                lines.append(String(repeating: " ", count: width + 2) + option.help)
            } else {
                lines.append("  " + head + String(repeating: " ", count: width - head.count) + option.help)
            }
        }
        if !spec.epilog.isEmpty { lines += ["", spec.epilog] }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One command-line option: its names, what it takes, and its help text.
public struct OptionSpec: Sendable {
    /// What follows the option name.
    public enum Kind: Sendable, Equatable {
        /// No value (`--parallel`).
        case flag
        /// Exactly one value (`--epochs 50` or `--epochs=50`); the next word is taken as is,
        /// even if it starts with `-`, so `--max-workers -1` reaches validation.
        case value
        /// One or more values up to the next word starting with `-` (`--only a b c`).
        case values
        /// One value, and the option may be repeated (`--extra-arg X --extra-arg Y`).
        case repeated
    }

    /// Long names, e.g. `["--max-workers"]`; the first is the key in `ParsedArguments`.
    public var names: [String]
    public var kind: Kind
    /// Placeholder in the help text (`N`, `FILE`, `ID`).
    public var valueName: String
    public var help: String
    /// Hidden options are accepted but not listed by `--help`.
    public var hidden: Bool

    public init(_ names: String..., kind: Kind = .flag, valueName: String = "VALUE", help: String, hidden: Bool = false) {
        self.names = names
        self.kind = kind
        self.valueName = valueName
        self.help = help
        self.hidden = hidden
    }

    /// The key under which the parsed value is stored: the first name without dashes.
    public var key: String { String(names[0].drop(while: { $0 == "-" })) }
}

/// A whole command: its options and help text, the single source of `--help` and validation.
public struct CommandSpec: Sendable {
    public var name: String
    public var summary: String
    public var options: [OptionSpec]
    /// Text after the option list (examples, exit codes).
    public var epilog: String

    public init(name: String, summary: String, options: [OptionSpec], epilog: String = "") {
        self.name = name
        self.summary = summary
        self.options = options
        self.epilog = epilog
    }
}

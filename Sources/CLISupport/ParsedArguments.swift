/// The result of parsing: which flags were given and the values of the others.
public struct ParsedArguments: Sendable, Equatable {
    /// Keys of the flags given.
    public var flags: Set<String> = []
    /// Values by option key, in command-line order (all occurrences).
    public var values: [String: [String]] = [:]

    public init() {}

    /// Whether flag `key` was given.
    public func flag(_ key: String) -> Bool { flags.contains(key) }

    /// The last value of `key`, or nil.
    public func value(_ key: String) -> String? { values[key]?.last }

    /// All values of `key`, or nil if the option was not given.
    public func list(_ key: String) -> [String]? { values[key] }

    /// The value of `key` as an integer in `range`, or nil when not given.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(key) else { return nil }
        guard let number = Int(text.trimmingCharacters(in: " ")), range.contains(number) else {
            throw UsageError("--\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(String(text.prefix(40)))'")
        }
        return number
    }

    /// The value of `key` as a number in `range`, or nil when not given.
    public func number(_ key: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = value(key) else { return nil }
        guard let number = Double(text.trimmingCharacters(in: " ")), number.isFinite, range.contains(number) else {
            throw UsageError("--\(key) must be a number from \(range.lowerBound) to \(range.upperBound), got '\(String(text.prefix(40)))'")
        }
        return number
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}

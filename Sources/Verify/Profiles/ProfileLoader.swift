import Foundation
public import Runner

/// Finds a profile by built-in name or loads it from a JSON file, and checks it.
public enum ProfileLoader {
    /// Names of the built-in profiles.
    public static let builtinNames = ["run-all", "run_all_training"]

    /// The built-in profile `name`, or the profile in the JSON file at `name`.
    public static func load(_ name: String) throws(RunAllError) -> TargetProfile {
        if let builtin = builtin(name) { return builtin }
        guard FileManager.default.fileExists(atPath: name) else {
            throw RunAllError("unknown profile '\(name)': not a built-in (\(builtinNames.joined(separator: ", "))) and no such file")
        }
        let data: Data
        do { data = Data(try FileContents.read(name, limit: FileContents.configLimit)) } catch {
            throw RunAllError("cannot read profile \(name): \(error.reason)")
        }
        let profile: TargetProfile
        do { profile = try JSONDecoder().decode(TargetProfile.self, from: data) } catch {
            throw RunAllError("invalid profile \(name): \(describe(error))")
        }
        try validate(profile, source: name)
        return profile
    }

    /// Rejects empty commands and regular expressions that do not compile.
    public static func validate(_ profile: TargetProfile, source: String) throws(RunAllError) {
        guard !profile.command.isEmpty else { throw RunAllError("invalid profile \(source): \"command\" is empty") }
        let patterns = [("parallelWarning", profile.patterns.parallelWarning), ("dryRun", profile.patterns.dryRun),
                        ("listEntry", profile.patterns.listEntry), ("selected", profile.patterns.selected)]
        for (key, pattern) in patterns {
            do { _ = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) } catch {
                throw RunAllError("invalid profile \(source): patterns.\(key) is not a valid regular expression: \(pattern)")
            }
        }
        if let tests = profile.tests, tests.command.isEmpty {
            throw RunAllError("invalid profile \(source): tests.command is empty")
        }
    }

    static func builtin(_ name: String) -> TargetProfile? {
        switch name {
        case "run-all": return BuiltinProfiles.runAll
        case "run_all_training": return BuiltinProfiles.runAllTraining
        default: return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing \"\(([key] + context.codingPath.reversed()).reversed().map(\.stringValue).joined(separator: "."))\""
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case DecodingError.dataCorrupted:
            return "not valid JSON"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}

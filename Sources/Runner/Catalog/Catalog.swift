import Foundation

/// Loads a job catalog file (JSON, or YAML by extension) into validated `JobSpec`s.
///
/// Shape: `{"jobs": [ {"id": ..., "name": ..., "script" | "command": ..., ...}, ... ]}`
/// (DESIGN §4). Every problem is reported as a one-line `RunAllError` (exit 2) naming the
/// file, the job and the field.
public enum Catalog {
    /// Fields a job entry may carry; anything else is rejected (a typo must not be ignored).
    static let knownFields: Set<String> = [
        "id", "name", "script", "command", "supports", "optional", "env", "workdir",
        "depends_on", "timeout", "retries", "output_dir", "shell",
    ]

    /// Reads and validates the catalog at `path`. Relative `script` and `workdir` values are
    /// resolved against the catalog file's directory.
    public static func load(path: String) throws(RunAllError) -> [JobSpec] {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw RunAllError("config file not found: \(path)")
        }
        guard !isDirectory.boolValue else { throw RunAllError("config file is a directory: \(path)") }
        let bytes: [UInt8]
        do { bytes = try FileContents.read(path, limit: FileContents.configLimit) } catch {
            throw RunAllError("cannot read config file \(path): \(error.reason)")
        }
        let lowercasedExtension = url.pathExtension.lowercased()
        let document: ConfigValue
        do {
            if lowercasedExtension == "yaml" || lowercasedExtension == "yml" {
                document = try YAMLParser.parse(bytes)
            } else {
                document = try JSONConfigParser.parse(bytes)
            }
        } catch {
            throw RunAllError("invalid config file \(path): \(error)")
        }
        return try jobs(from: document, baseDirectory: url.deletingLastPathComponent().path, source: path)
    }

    /// Validates a parsed catalog document.
    public static func jobs(from document: ConfigValue, baseDirectory: String, source: String) throws(RunAllError) -> [JobSpec] {
        guard case .object = document else {
            throw RunAllError("invalid config file \(source): the top level must be an object with a \"jobs\" array, got \(document.typeName)")
        }
        guard let jobsValue = document["jobs"] else {
            throw RunAllError("invalid config file \(source): missing \"jobs\" array")
        }
        guard case let .array(entries) = jobsValue else {
            throw RunAllError("invalid config file \(source): \"jobs\" must be an array, got \(jobsValue.typeName)")
        }
        var result: [JobSpec] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let job = try job(from: entry, index: index, baseDirectory: baseDirectory, source: source)
            guard seen.insert(job.id).inserted else {
                throw RunAllError("invalid config file \(source): duplicate job id \"\(job.id)\"")
            }
            result.append(job)
        }
        try JobPlan.checkDependencies(of: result, source: source)
        return result
    }

    private static func job(from entry: ConfigValue, index: Int, baseDirectory: String, source: String) throws(RunAllError) -> JobSpec {
        guard case let .object(members) = entry else {
            throw RunAllError("invalid config file \(source): jobs[\(index)] must be an object, got \(entry.typeName)")
        }
        var fields = FieldReader(members: members, context: "\(source): jobs[\(index)]")
        for member in members where !knownFields.contains(member.key) {
            throw RunAllError("invalid config file \(fields.context): unknown field \(ConfigParseError.quoted(member.key)) (known: \(knownFields.sorted().joined(separator: ", ")))")
        }
        guard let id = try fields.string("id") else {
            throw RunAllError("invalid config file \(fields.context): missing \"id\"")
        }
        guard JobSpec.isValidID(id) else {
            throw RunAllError("invalid config file \(fields.context): invalid job id \"\(String(id.prefix(80)))\" (use letters, digits, '_', '.', '-')")
        }
        fields.context = "\(source): job \"\(id)\""
        let shell = try fields.bool("shell") ?? false
        let script = try fields.string("script")
        let command: [String]?
        if shell, let line = try? fields.string("command") {
            command = ["/bin/sh", "-c", line]
        } else {
            command = try fields.stringArray("command")
            if shell { throw RunAllError("invalid config file \(fields.context): \"shell\": true needs \"command\" as one string") }
        }
        let program: JobSpec.Program
        switch (script, command) {
        case let (script?, nil):
            guard !script.isEmpty else { throw RunAllError("invalid config file \(fields.context): \"script\" is empty") }
            program = .script(absolute(script, base: baseDirectory))
        case let (nil, argv?):
            guard let first = argv.first, !first.isEmpty else {
                throw RunAllError("invalid config file \(fields.context): \"command\" must be a non-empty array")
            }
            program = .command(argv)
        case (.some, .some):
            throw RunAllError("invalid config file \(fields.context): give either \"script\" or \"command\", not both")
        case (nil, nil):
            throw RunAllError("invalid config file \(fields.context): needs \"script\" or \"command\"")
        }
        var supports: Set<JobParameter> = []
        for name in try fields.stringArray("supports") ?? [] {
            guard let parameter = JobParameter(rawValue: name) else {
                throw RunAllError("invalid config file \(fields.context): unknown entry \(ConfigParseError.quoted(name)) in \"supports\" (known: \(JobParameter.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            supports.insert(parameter)
        }
        let timeout = try fields.number("timeout")
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw RunAllError("invalid config file \(fields.context): \"timeout\" must be a positive number of seconds")
        }
        let retries = try fields.integer("retries")
        if let retries, retries < 0 || retries > 100 {
            throw RunAllError("invalid config file \(fields.context): \"retries\" must be between 0 and 100")
        }
        return JobSpec(
            id: id,
            name: try fields.string("name"),
            program: program,
            supports: supports,
            optional: try fields.bool("optional") ?? false,
            environment: try fields.stringMap("env") ?? [:],
            workdir: try fields.string("workdir").map { absolute($0, base: baseDirectory) },
            dependsOn: try fields.stringArray("depends_on") ?? [],
            timeout: timeout,
            retries: retries,
            outputDir: try fields.string("output_dir"),
            shell: shell
        )
    }

    /// `path` made absolute against `base` and normalised.
    public static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }
}

/// Typed access to one job entry's fields with errors that name the field.
private struct FieldReader {
    let members: [(key: String, value: ConfigValue)]
    var context: String

    func value(_ key: String) -> ConfigValue? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    func mismatch(_ key: String, _ expected: String, _ value: ConfigValue) -> RunAllError {
        RunAllError("invalid config file \(context): \"\(key)\" must be \(expected), got \(value.typeName)")
    }

    func string(_ key: String) throws(RunAllError) -> String? {
        guard let value = value(key) else { return nil }
        guard case let .string(text) = value else { throw mismatch(key, "a string", value) }
        return text
    }

    func bool(_ key: String) throws(RunAllError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case let .bool(flag) = value else { throw mismatch(key, "true or false", value) }
        return flag
    }

    func number(_ key: String) throws(RunAllError) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case let .int(number): return Double(number)
        case let .double(number): return number
        default: throw mismatch(key, "a number", value)
        }
    }

    func integer(_ key: String) throws(RunAllError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case let .int(number) = value else { throw mismatch(key, "an integer", value) }
        return number
    }

    func stringArray(_ key: String) throws(RunAllError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case let .array(items) = value else { throw mismatch(key, "an array of strings", value) }
        var strings: [String] = []
        for item in items {
            guard case let .string(text) = item else { throw mismatch(key, "an array of strings", item) }
            strings.append(text)
        }
        return strings
    }

    func stringMap(_ key: String) throws(RunAllError) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case let .object(entries) = value else { throw mismatch(key, "an object of strings", value) }
        var map: [String: String] = [:]
        for entry in entries {
            switch entry.value {
            case let .string(text): map[entry.key] = text
            case let .int(number): map[entry.key] = String(number)
            default: throw mismatch("\(key).\(entry.key)", "a string", entry.value)
            }
        }
        return map
    }
}

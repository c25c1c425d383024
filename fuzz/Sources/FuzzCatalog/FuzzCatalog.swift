import CFuzzSupport
import Runner

/// libFuzzer entry point: the first byte picks the parser (even: JSON, odd: YAML), the rest
/// is the catalog text. Parsing and validation must either succeed or throw an error whose
/// message is one printable line; accepted jobs must have ids that are safe file names.
@_cdecl("FuzzCatalog_main")
public func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzCatalog)
}

func fuzzCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let document: ConfigValue
    do {
        document = data[0] & 1 == 0 ? try JSONConfigParser.parse(bytes) : try YAMLParser.parse(bytes)
    } catch {
        check(error.description)
        return 0
    }
    do {
        let jobs = try Catalog.jobs(from: document, baseDirectory: "/base", source: "fuzz.json")
        for job in jobs {
            precondition(JobSpec.isValidID(job.id), "accepted an invalid id \(job.id.debugDescription)")
            precondition(!job.id.contains("/") && job.id != "." && job.id != "..", "an id that escapes the logs dir")
            if case let .command(argv) = job.program { precondition(!argv.isEmpty && !argv[0].isEmpty) }
        }
        precondition(Set(jobs.map(\.id)).count == jobs.count, "duplicate ids accepted")
    } catch {
        check(error.message)
    }
    return 0
}

/// An error message must be one line without control characters.
func check(_ message: String) {
    precondition(!message.isEmpty, "empty error message")
    precondition(!message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "multi-line error: \(message.debugDescription)")
}

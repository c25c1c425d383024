// The native probe job of verify-run-all (DESIGN §5.2): records who it is and when it ran
// into the probe log, then sleeps or burns CPU. Glibc only, so it starts in about a millisecond
// and adds as little as possible to what is being measured.
//
// usage: vra-probe PROBE_CONFIG JOB_ID [arguments the orchestrator appended...]
// PROBE_CONFIG holds `key=value` lines: log, mode (sleep|cpu), seconds.<id>, fail.<id>,
// spawn_child (1: start a `sleep` grandchild in the job's process group first).
import Glibc

/// Writes a line to stderr (fd 2) without touching the C `stderr` global.
func printError(_ text: String) {
    var bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

func realTime() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func cpuTime() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func readConfig(_ path: String) -> [String: String] {
    guard let file = fopen(path, "r") else { return [:] }
    defer { fclose(file) }
    var config: [String: String] = [:]
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&line, &capacity, file) > 0, let line {
        let text = String(cString: line).split(separator: "\n").first.map(String.init) ?? ""
        if let equals = text.firstIndex(of: "=") {
            config[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
    }
    free(line)
    return config
}

/// Appends one line with a single write (O_APPEND keeps concurrent writers' lines whole).
func append(_ line: String, to path: String) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    printError("usage: vra-probe PROBE_CONFIG JOB_ID [ARG...]")
    exit(2)
}
let config = readConfig(arguments[1])
let id = arguments[2]
let start = realTime()
guard let log = config["log"] else {
    printError("vra-probe: no log= in \(arguments[1])")
    exit(2)
}
var childPid: pid_t = 0
if config["spawn_child"] == "1" {
    var argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("300"), nil]
    posix_spawnp(&childPid, "sleep", nil, nil, &argv, environ)
}
let identity = "\"id\": \(jsonString(id)), \"pid\": \(getpid()), \"pgid\": \(getpgrp()), \"ppid\": \(getppid())"
let argvJSON = "[" + arguments.map(jsonString).joined(separator: ", ") + "]"
append("{\"event\": \"start\", \(identity), \"child\": \(childPid), \"argv\": \(argvJSON), \"time\": \(start)}", to: log)

let seconds = Double(config["seconds.\(id)"] ?? config["seconds"] ?? "0.2") ?? 0.2
if config["mode"] == "cpu" {
    // A fixed amount of CPU work, not of wall time: on fewer cores than jobs it takes longer.
    var sink: UInt64 = 1
    while cpuTime() < seconds {
        for step in 0..<10_000 { sink = sink &* 6364136223846793005 &+ UInt64(step) }
    }
    if sink == 42 { print("") }
} else {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
let failing = config["fail.\(id)"] == "1"
append("{\"event\": \"end\", \(identity), \"time\": \(realTime()), \"exit\": \(failing ? 1 : 0)}", to: log)
if failing {
    printError("probe job \(id): failing on purpose")
    exit(1)
}
print("probe job \(id) done")
exit(0)

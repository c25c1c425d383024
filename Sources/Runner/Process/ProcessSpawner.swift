import CSpawn
public import Foundation
public import Glibc

/// Starts child processes with posix_spawn the way DESIGN §4 asks: each in its own process
/// group, an empty signal mask and default dispositions for every signal (we ignore SIGINT
/// ourselves while jobs run, and ignored dispositions would otherwise be inherited), stdin from
/// /dev/null, stdout and stderr into one file descriptor we own and close right after the spawn.
public enum ProcessSpawner {
    /// Starts `request` and returns its pid; the child is registered with `ChildReaper.shared`.
    /// A program that cannot be started (not found, not executable) is an error naming it.
    public static func spawn(_ request: SpawnRequest) throws(RunAllError) -> Glibc.pid_t {
        guard let program = request.argv.first, !program.isEmpty else {
            throw RunAllError("cannot start a job with an empty command")
        }
        if let bad = request.argv.first(where: { $0.utf8.contains(0) }) {
            throw RunAllError("argument contains a NUL byte: \(bad.debugDescription.prefix(60))")
        }
        let outputFD = try openOutput(request.output)
        defer { if outputFD > 2 { close(outputFD) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if outputFD >= 0 {
            posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
            posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        }
        if let workdir = request.workdir {
            posix_spawn_file_actions_addchdir_np(&actions, workdir)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = request.argv
        let environment = request.environment.map { "\($0.key)=\($0.value)" }.sorted()
        return try ChildReaper.shared.register(killGroupOnExit: request.killGroupOnExit) { () throws(RunAllError) -> pid_t in
            var pid: pid_t = 0
            let status = withCStrings(argv) { cArgv in
                withCStrings(environment) { cEnvironment in
                    program.contains("/")
                        ? posix_spawn(&pid, program, &actions, &attributes, cArgv, cEnvironment)
                        : posix_spawnp(&pid, program, &actions, &attributes, cArgv, cEnvironment)
                }
            }
            guard status == 0 else {
                var reason = String(cString: strerror(status))
                if status == ENOENT, let workdir = request.workdir, access(workdir, F_OK) != 0 {
                    reason = "working directory \(workdir) does not exist"
                }
                throw RunAllError("cannot start \(program): \(reason)")
            }
            return pid
        }
    }

    private static func openOutput(_ output: SpawnRequest.Output) throws(RunAllError) -> Int32 {
        let path: String
        do throws(LogFile.OpenError) {
            switch output {
            case .inherit: return -1
            case .discard:
                path = "/dev/null"
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw LogFile.OpenError(reason: String(cString: strerror(errno))) }
                return fd
            case let .file(file): path = file; return try LogFile.create(file)
            case let .appendFile(file): path = file; return try LogFile.openForAppend(file)
            }
        } catch {
            throw RunAllError("cannot open log file \(outputPath(output)): \(error.reason)")
        }
    }

    private static func outputPath(_ output: SpawnRequest.Output) -> String {
        switch output {
        case .inherit: return "(inherited)"
        case .discard: return "/dev/null"
        case let .file(path), let .appendFile(path): return path
        }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings, valid only during the call.
func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

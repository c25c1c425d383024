/// What to start: an argv with its environment, directory and where its output goes.
public struct SpawnRequest: Sendable, Equatable {
    /// Where the child's stdout and stderr go (both to the same place, in order, like a terminal).
    public enum Output: Sendable, Equatable {
        /// Truncate (or create) this file and write everything into it.
        case file(String)
        /// Append to this file.
        case appendFile(String)
        /// /dev/null.
        case discard
        /// This process's own stdout and stderr.
        case inherit
    }

    /// argv[0] is looked up on PATH when it contains no `/`.
    public var argv: [String]
    /// The complete environment of the child.
    public var environment: [String: String]
    /// Working directory; nil keeps ours.
    public var workdir: String?
    public var output: Output
    /// Kill what the process leaves running in its process group when it exits (see
    /// `ChildReaper.register`). Jobs: yes. Verified targets: no, their leftovers are evidence.
    public var killGroupOnExit: Bool

    public init(argv: [String], environment: [String: String], workdir: String? = nil, output: Output, killGroupOnExit: Bool = true) {
        self.argv = argv
        self.environment = environment
        self.workdir = workdir
        self.output = output
        self.killGroupOnExit = killGroupOnExit
    }
}

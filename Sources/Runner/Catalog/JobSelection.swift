/// `--only` / `--exclude` applied to the known jobs, keeping catalog order.
public struct JobSelection: Sendable, Equatable {
    /// The jobs that will run, in catalog order.
    public var jobs: [JobSpec]
    /// How many jobs were known before filtering.
    public var totalCount: Int

    /// The key line printed after selection (DESIGN §3).
    public var summaryLine: String { "🎯 Selected jobs: \(jobs.count) (filtered from \(totalCount))" }

    /// Filters `all`. Ids may be given with or without the `train_` prefix. An unknown id is an
    /// error that lists the known ids; so is an empty `--only`.
    public init(all: [JobSpec], only: [String]?, exclude: [String]) throws(RunAllError) {
        let known = Set(all.map(\.id))
        func resolve(_ requested: String, flag: String) throws(RunAllError) -> String {
            if known.contains(requested) { return requested }
            if requested.hasPrefix("train_"), known.contains(String(requested.dropFirst(6))) {
                return String(requested.dropFirst(6))
            }
            let listed = all.map(\.id).prefix(50).joined(separator: ", ")
            throw RunAllError("unknown job id \"\(String(requested.prefix(80)))\" in \(flag) (known: \(listed)\(all.count > 50 ? ", ..." : ""))")
        }
        var selected = all
        if let only {
            guard !only.isEmpty else { throw RunAllError("--only needs at least one job id") }
            var wanted: Set<String> = []
            for id in only { wanted.insert(try resolve(id, flag: "--only")) }
            selected = selected.filter { wanted.contains($0.id) }
        }
        var excluded: Set<String> = []
        for id in exclude { excluded.insert(try resolve(id, flag: "--exclude")) }
        selected.removeAll { excluded.contains($0.id) }
        jobs = selected
        totalCount = all.count
    }
}

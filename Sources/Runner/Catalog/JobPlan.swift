/// Dependency checks over a set of jobs (the DAG of `depends_on`).
public enum JobPlan {
    /// Rejects dependencies on unknown ids, on the job itself, and cycles (naming one).
    public static func checkDependencies(of jobs: [JobSpec], source: String) throws(RunAllError) {
        let ids = Set(jobs.map(\.id))
        for job in jobs {
            for dependency in job.dependsOn {
                if dependency == job.id {
                    throw RunAllError("invalid config file \(source): job \"\(job.id)\" depends on itself")
                }
                if !ids.contains(dependency) {
                    throw RunAllError("invalid config file \(source): job \"\(job.id)\" depends on unknown job \(ConfigParseError.quoted(dependency))")
                }
            }
        }
        if let cycle = findCycle(in: jobs) {
            throw RunAllError("invalid config file \(source): dependency cycle \(cycle.joined(separator: " -> "))")
        }
    }

    /// One dependency cycle as a path of ids that starts and ends with the same id, or nil.
    static func findCycle(in jobs: [JobSpec]) -> [String]? {
        let dependencies = Dictionary(jobs.map { ($0.id, $0.dependsOn) }, uniquingKeysWith: { first, _ in first })
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        // Iterative depth-first search: catalogs can be long chains, recursion could overflow.
        for root in jobs.map(\.id) where marks[root] == nil {
            var stack: [(id: String, next: Int)] = [(root, 0)]
            marks[root] = .visiting
            while let top = stack.last {
                let edges = dependencies[top.id] ?? []
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let child = edges[top.next]
                    switch marks[child] {
                    case .visiting?:
                        let start = stack.firstIndex(where: { $0.id == child })!
                        return stack[start...].map(\.id) + [child]
                    case .done?:
                        continue
                    case nil:
                        marks[child] = .visiting
                        stack.append((child, 0))
                    }
                } else {
                    marks[top.id] = .done
                    stack.removeLast()
                }
            }
        }
        return nil
    }
}

import Foundation

/// The order in which ready jobs are dispatched (DESIGN §4).
public enum DispatchOrder: String, Sendable, Equatable, CaseIterable {
    /// Catalog order.
    case catalog
    /// Longest first, by each job's duration in the most recent summary that has it (the
    /// classic LPT rule: long jobs started late are what stretches a makespan). Jobs without
    /// history go first, in catalog order: they may be the long ones.
    case longestFirst = "longest-first"

    /// `jobs` in dispatch order; `history` maps job ids to earlier durations in seconds.
    public func arrange(_ jobs: [PreparedJob], history: [String: Double]) -> [PreparedJob] {
        switch self {
        case .catalog:
            return jobs
        case .longestFirst:
            return jobs.enumerated().sorted { lhs, rhs in
                switch (history[lhs.element.id], history[rhs.element.id]) {
                case (nil, nil): return lhs.offset < rhs.offset
                case (nil, _): return true
                case (_, nil): return false
                case let (left?, right?): return left != right ? left > right : lhs.offset < rhs.offset
                }
            }.map(\.element)
        }
    }

    /// Durations of succeeded jobs from the summaries in `summaryDir`, newest first wins.
    /// Unreadable or foreign files are skipped: history is a hint, never an error.
    public static func history(summaryDir: String) -> [String: Double] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: summaryDir)) ?? [])
            .filter { $0.hasPrefix("summary-") && $0.hasSuffix(".json") }
            .sorted(by: >)
        var durations: [String: Double] = [:]
        let decoder = JSONDecoder()
        for name in names.prefix(20) {
            guard let bytes = try? FileContents.read(summaryDir + "/" + name, limit: FileContents.configLimit, regularOnly: true),
                  case let data = Data(bytes),
                  let summary = try? decoder.decode(RunSummary.self, from: data) else { continue }
            for job in summary.jobs where job.status == .succeeded && durations[job.id] == nil {
                if let duration = job.duration { durations[job.id] = duration }
            }
        }
        return durations
    }
}

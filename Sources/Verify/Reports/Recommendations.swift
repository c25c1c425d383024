import Foundation

/// Recommendations derived from what was measured, never boilerplate.
enum Recommendations {
    static func derive(_ report: VerificationReport) -> [String] {
        var items: [String] = []
        let settings = report.settings
        for result in report.results where result.status == .failed || result.status == .errored {
            items.append("Fix `\(result.id)`: \(MarkdownReport.inline(result.reason ?? result.title)).")
        }
        for result in report.results where result.status == .inconclusive {
            items.append("`\(result.id)` is undecided: \(MarkdownReport.inline(result.reason ?? "")). Re-run on a quieter machine or with more `--repeats`.")
        }
        guard let speedup = report.speedup else { return items }
        let cores = report.environment.cores
        if settings.probeMode == .cpu, settings.workers > cores {
            items.append(String(format: "CPU-bound jobs: the speedup is capped by the %d cores (measured %.2f×); --max-workers above %d adds contention, not speed.", cores, speedup.speedup.estimate, cores))
        }
        if speedup.overheadPerJob > 0.1 * settings.jobSeconds {
            items.append(String(format: "Each job costs %.0f ms beyond its own work (interpreter start-up, orchestration): %.0f%% of a %.0f ms job. Batch very short jobs, or keep them long enough to amortise it.",
                                speedup.overheadPerJob * 1000, 100 * speedup.overheadPerJob / settings.jobSeconds, settings.jobSeconds * 1000))
        }
        if speedup.efficiency.estimate < 0.95, settings.probeMode == .sleep {
            items.append(String(format: "The parallel run reaches %.0f%% of the ideal makespan; the gap is %.0f ms per run. Look at the timeline for idle slots or late starts.",
                                speedup.efficiency.estimate * 100, max(0, speedup.parallelMedian - speedup.idealMedian) * 1000))
        }
        if let claims = report.results.first(where: { $0.id == "perf.claims" }), claims.status == .failed {
            items.append(String(format: "Correct the documented speedup to what is measured here (%.2f× with %d workers on %d jobs), or state the conditions under which the claim holds.", speedup.speedup.estimate, settings.workers, settings.jobs))
        }
        return items
    }
}

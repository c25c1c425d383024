import Foundation

/// perf.claims: every speedup claim in the target's docs (and `--claim`) against the measured
/// speedup interval. Point claims ("~4×", "4× speedup") must match within the tolerance;
/// ceilings ("up to 4×", "theoretical maximum") must be reachable in the measured setting and
/// not exceeded; the report gives the fraction reached.
struct ClaimsCheck: Check {
    let id = "perf.claims"
    let title = "speedup claims in the docs and --claim against the measurement"

    /// One claim's verdict.
    struct Evaluation: Sendable, Codable, Equatable {
        var claim: SpeedupClaim
        var verdict: Verdict
        var explanation: String
    }

    func run(_ context: CheckContext) async -> CheckResult {
        var claims: [SpeedupClaim] = []
        var problems: [String] = []
        for file in context.profile.claimDocuments {
            guard let (path, text) = DocumentFinder.read(file, projectDir: context.settings.projectDir) else { continue }
            claims += ClaimExtractor.claims(inMarkdown: text, source: (path as NSString).lastPathComponent)
        }
        for argument in context.settings.claims {
            do { claims.append(try ClaimExtractor.parseClaimArgument(argument)) } catch { problems.append("--claim \(argument): \(error)") }
        }
        guard !claims.isEmpty else { return result(.skipped, "no speedup claims found in \(context.profile.claimDocuments.joined(separator: ", ")) and no --claim") }
        let timing = await context.ensureTiming()
        guard let analysis = await context.speedupAnalysis() else {
            return result(.errored, "no speedup measured: \(timing.error ?? "unknown error")", commands: timing.commands)
        }
        let evaluations = claims.map { Self.evaluate($0, analysis: analysis, settings: context.settings) }
        let notes = evaluations.map { evaluation in
            "\(evaluation.verdict.rawValue.uppercased()): \"\(evaluation.claim.text)\" (\(evaluation.claim.source)\(evaluation.claim.line.map { ":\($0)" } ?? "")) — \(evaluation.explanation)"
        }
        let measurements = [Measurement("claims", Double(claims.count)),
                            Measurement("claims failed", Double(evaluations.filter { $0.verdict == .fail }.count)),
                            Measurement("speedup", analysis.speedup.estimate, unit: "×")]
        if let failed = evaluations.first(where: { $0.verdict == .fail }) {
            return result(.failed, "\"\(failed.claim.text)\": \(failed.explanation)", measurements: measurements, notes: notes)
        }
        if let undecided = evaluations.first(where: { $0.verdict == .inconclusive }) {
            return result(.inconclusive, "\"\(undecided.claim.text)\": \(undecided.explanation)", measurements: measurements, notes: notes)
        }
        return result(.passed, measurements: measurements, notes: notes + problems)
    }

    static func evaluate(_ claim: SpeedupClaim, analysis: SpeedupAnalysis, settings: VerifySettings) -> Evaluation {
        let measured = analysis.speedup
        let tolerance = settings.tolerance
        let interval = String(format: "measured %.2f× [%.2f, %.2f]", measured.estimate, measured.lower, measured.upper)
        let limit = Double(analysis.effectiveWorkers)
        let limitReason = settings.probeMode == .cpu
            ? "CPU-bound jobs on \(Environment.current.cores) cores with \(settings.workers) workers cap the speedup at \(analysis.effectiveWorkers)×"
            : "\(settings.jobs) jobs on \(settings.workers) workers cap the speedup at \(analysis.effectiveWorkers)×"
        switch claim.kind {
        case .ceiling:
            if claim.factor > limit * (1 + tolerance) {
                return Evaluation(claim: claim, verdict: .fail, explanation: "this ceiling cannot be reached here: \(limitReason); \(interval)")
            }
            if measured.lower > claim.factor * (1 + tolerance) {
                return Evaluation(claim: claim, verdict: .fail, explanation: "the measurement exceeds the stated maximum: \(interval)")
            }
            let reached = measured.estimate / claim.factor
            return Evaluation(claim: claim, verdict: .pass, explanation: String(format: "a ceiling; %@, %.0f%% of it reached", interval, reached * 100))
        case .point:
            let verdict = VerdictRule.within(claim.factor, tolerance: tolerance, interval: measured)
            var explanation = "\(interval) vs \(String(format: "%.2f", claim.factor))× ± \(Int((tolerance * 100).rounded()))%"
            if verdict == .inconclusive {
                explanation += "; the interval straddles the tolerance band: too noisy to say"
            }
            if claim.factor > limit * (1 + tolerance) { explanation += "; \(limitReason)" }
            return Evaluation(claim: claim, verdict: verdict, explanation: explanation)
        }
    }
}

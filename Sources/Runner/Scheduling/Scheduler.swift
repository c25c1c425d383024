/// Runs prepared jobs on a bounded pool of worker slots.
///
/// Work-conserving: whenever a slot frees, the next runnable job (in catalog order, or in the
/// order the caller sorted the jobs) starts at once; a slot never idles while a runnable job
/// waits. A job whose dependencies did not all succeed is skipped, and so are its dependents.
public struct Scheduler: Sendable {
    /// Number of slots (already min(max-workers, jobs)); at least 1.
    public var slots: Int
    public var executor: any JobExecutor
    public var control: RunControl
    public var events: any RunEventSink

    public init(slots: Int, executor: any JobExecutor, control: RunControl, events: any RunEventSink) {
        self.slots = max(1, slots)
        self.executor = executor
        self.control = control
        self.events = events
    }

    /// Runs `jobs` and returns one result per job, in the jobs' order.
    public func run(_ jobs: [PreparedJob]) async -> [JobResult] {
        // On the scheduling thread, not the cooperative pool: see SchedulerThread for why.
        await withTaskExecutorPreference(SchedulerThread.shared) { await schedule(jobs) }
    }

    private func schedule(_ jobs: [PreparedJob]) async -> [JobResult] {
        let runStart = MonotonicClock.now()
        var results: [String: JobResult] = [:]
        // Ready jobs, by position, stored descending so the next one is popped from the end.
        var ready: [Int] = jobs.indices.filter { jobs[$0].spec.dependsOn.isEmpty }.reversed()
        var blocked: [Int] = jobs.indices.filter { !jobs[$0].spec.dependsOn.isEmpty }
        var freeSlots: [Int] = Array((0..<slots).reversed())

        func settleBlocked() {
            var changed = true
            while changed {
                changed = false
                blocked.removeAll { index in
                    let job = jobs[index]
                    let dependencyResults = job.spec.dependsOn.map { results[$0] }
                    if dependencyResults.contains(where: { $0 == nil }) { return false }
                    if let failed = dependencyResults.first(where: { $0?.status != .succeeded }), let failed {
                        let result = JobResult.unstarted(job, status: .skipped, message: "dependency \(failed.id) \(failed.status.rawValue)")
                        results[job.id] = result
                        events.handle(.finished(result))
                        changed = true
                    } else {
                        let position = ready.firstIndex(where: { $0 < index }) ?? ready.endIndex
                        ready.insert(index, at: position)
                    }
                    return true
                }
            }
        }

        await withTaskGroup(of: (JobResult, Int).self) { group in
            var running = 0
            while true {
                while running < slots, !control.isInterrupted, let index = ready.popLast() {
                    let slot = freeSlots.removeLast()
                    let job = jobs[index]
                    running += 1
                    group.addTask { [self] in (await runJob(job, slot: slot, runStart: runStart), slot) }
                }
                guard running > 0, let (result, slot) = await group.next() else { break }
                running -= 1
                results[result.id] = result
                events.handle(.finished(result))
                let position = freeSlots.firstIndex(where: { $0 < slot }) ?? freeSlots.endIndex
                freeSlots.insert(slot, at: position)
                settleBlocked()
            }
        }
        return jobs.map { job in
            if let result = results[job.id] { return result }
            let result = JobResult.unstarted(job, status: .notStarted, message: "run interrupted before the job started")
            events.handle(.finished(result))
            return result
        }
    }

    private func runJob(_ job: PreparedJob, slot: Int, runStart: Double) async -> JobResult {
        var attempt = 0
        while true {
            attempt += 1
            events.handle(.started(job, attempt: attempt, slot: slot))
            let result = await executor.execute(job, attempt: attempt, control: control)
            let status: JobResult.Status
            var message: String?
            if let error = result.startError {
                status = .failed
                message = error
            } else if result.timedOut {
                status = .timedOut
                message = "timed out after \(job.timeout.map { Self.seconds($0) } ?? "?")"
            } else if result.interrupted {
                status = .interrupted
                message = "interrupted"
            } else if let outcome = result.outcome, outcome.succeeded {
                status = .succeeded
            } else {
                status = .failed
                if let signal = result.outcome?.signal {
                    message = "killed by signal \(signal)"
                } else {
                    message = "exit code \(result.outcome?.exitCode ?? -1)"
                }
            }
            if let note = result.note { message = message.map { "\($0); \(note)" } ?? note }
            let retryable = status == .failed || status == .timedOut
            if retryable, attempt <= job.retries, !control.isInterrupted {
                events.handle(.retrying(job, attempt: attempt, reason: message ?? "failed"))
                continue
            }
            let outcome = result.outcome
            let duration = outcome?.wallSeconds ?? 0
            let startOffset = result.monotonicStart - runStart
            return JobResult(
                id: job.id, name: job.spec.name, command: job.command, status: status,
                optional: job.spec.optional, exitCode: outcome?.exitCode ?? (result.startError != nil ? 127 : nil),
                signal: outcome?.signal, attempts: attempt, start: result.start,
                end: result.start + duration, startOffset: startOffset, endOffset: startOffset + duration,
                duration: duration, userCPUSeconds: outcome?.userCPUSeconds,
                systemCPUSeconds: outcome?.systemCPUSeconds, peakRSSBytes: outcome?.peakRSSBytes,
                logPath: job.logPath, slot: slot, message: message)
        }
    }

    static func seconds(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)s"
    }
}

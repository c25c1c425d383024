import Foundation
import Glibc

/// The one thread on which `Scheduler.run` and every job task it starts run: a task executor
/// that `Scheduler.run` prefers, so the tasks never go through Swift's cooperative pool.
///
/// Why (benchmarks/, 1000 `true` jobs on 2 workers): on the pool each short job cost about five
/// thread wake-ups (the reaper resuming the job's task, the task group resuming the scheduler,
/// the next job's new task, the return from posix_spawn), each of them waiting for a core that
/// the jobs themselves kept busy. On one thread that chain runs without hand-offs: the reaper
/// wakes it once per job. And the jobs are spawned from this thread, which does not block
/// SIGCHLD, so the kernel drops the (ignored) SIGCHLD of each exiting job at once; spawned
/// from the pool, whose threads block every signal, it was queued for the process and woke
/// the main thread once per job.
///
/// Nothing that runs here blocks for long: a job's task suspends while its process runs (the
/// reaper resumes it), and posix_spawn returns as soon as the child has called exec.
final class SchedulerThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: `queue` is only touched while `condition` is locked.
    /// The scheduling thread of this process, started on first use; it lives as long as the process.
    static let shared = SchedulerThread()

    private let condition = NSCondition()
    private var queue: [UnownedJob] = []

    private init() {
        let thread = Thread { [self] in runLoop() }
        thread.name = "scheduler"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        var childSignal = sigset_t()
        sigemptyset(&childSignal)
        sigaddset(&childSignal, SIGCHLD)
        pthread_sigmask(SIG_UNBLOCK, &childSignal, nil)
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: executor) }
        }
    }
}

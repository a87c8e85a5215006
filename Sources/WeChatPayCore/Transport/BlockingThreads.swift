import Foundation

/// Threads for work that blocks (a libcurl exchange waits up to its total timeout), kept between jobs.
///
/// A blocking exchange must not hold a thread of Swift's cooperative pool, so each ran on a thread of
/// its own; creating and ending a thread per send cost more than the exchange's own bookkeeping (a
/// campaign sends hundreds a second). Here a job goes to an idle thread if there is one, else to a
/// new thread; a thread that finds no job waits `idleSeconds` and then ends, so an idle process
/// keeps no threads. Jobs never wait for one another: there is no upper bound on threads, only on
/// the idle ones kept (`maxIdle`), exactly as many as blocking jobs are in progress at once.
final class BlockingThreads: @unchecked Sendable {
    // Unchecked: every `var` is touched only with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var idle = 0
    private(set) var threadsStarted = 0
    private let idleSeconds: TimeInterval
    private let maxIdle: Int
    private let stackSize: Int

    init(idleSeconds: TimeInterval = 10, maxIdle: Int = 64, stackSize: Int = 1 << 20) {
        self.idleSeconds = idleSeconds
        self.maxIdle = maxIdle
        self.stackSize = stackSize
    }

    /// The pool libcurl's exchanges share in this process.
    static let shared = BlockingThreads()

    /// Runs `job` on a pooled thread, at once: a waiting thread takes it, or a new one is started.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        // Every queued job beyond the threads waiting for one needs a thread of its own.
        let startOne = jobs.count > idle
        if startOne { threadsStarted += 1 } else { condition.signal() }
        condition.unlock()
        if startOne {
            let thread = Thread { [self] in work() }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// How many threads wait for a job now (tests).
    var idleCount: Int {
        condition.lock(); defer { condition.unlock() }
        return idle
    }

    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            guard idle < maxIdle else { break }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleSeconds))
            idle -= 1
            if !signalled && jobs.isEmpty { break }
        }
        condition.unlock()
    }
}

/// Whether the running task has a thread of its own that it may block (a batch worker's serial queue,
/// whose task does nothing else while it waits). A blocking transport then makes its exchange right
/// there, sparing two thread hand-offs per send; anywhere else (Swift's cooperative pool, whose few
/// threads everyone shares) it hands the exchange to `BlockingThreads`.
public enum ThreadOwnership {
    @TaskLocal public static var mayBlock = false
}

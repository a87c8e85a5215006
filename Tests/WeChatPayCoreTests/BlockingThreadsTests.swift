import Foundation
import Testing
@testable import WeChatPayCore

/// The threads blocking exchanges run on: never a wait for another job, and kept between jobs.
@Suite struct BlockingThreadsTests {
    /// Signals once `count` marks were made (from any thread).
    final class Marks: @unchecked Sendable {
        // Unchecked: `count` is touched only with `condition` locked.
        private let condition = NSCondition()
        private var count = 0
        func mark() { condition.lock(); count += 1; condition.broadcast(); condition.unlock() }
        /// Waits until `target` marks, up to `seconds`; whether they came.
        func wait(for target: Int, seconds: TimeInterval = 30) -> Bool {
            condition.lock(); defer { condition.unlock() }
            let deadline = Date(timeIntervalSinceNow: seconds)
            while count < target { if !condition.wait(until: deadline) { return count >= target } }
            return true
        }
    }

    @Test func jobsThatBlockUntilAllHaveStartedAllRun() {
        // Each job blocks until every one of them is running: with a bounded number of threads, the
        // jobs beyond the bound would never start and this would time out.
        let pool = BlockingThreads(idleSeconds: 1)
        let started = Marks(), finished = Marks()
        let jobs = 40
        for _ in 0..<jobs {
            pool.run {
                started.mark()
                _ = started.wait(for: jobs)
                finished.mark()
            }
        }
        #expect(finished.wait(for: jobs))
        #expect(pool.threadsStarted == jobs)
    }

    @Test func aJobAfterAnotherReusesItsThread() {
        let pool = BlockingThreads(idleSeconds: 30)
        let done = Marks()
        pool.run { done.mark() }
        #expect(done.wait(for: 1))
        #expect(waitUntil { pool.idleCount == 1 })
        for n in 2...5 {
            pool.run { done.mark() }
            #expect(done.wait(for: n))
            #expect(waitUntil { pool.idleCount == 1 })
        }
        #expect(pool.threadsStarted == 1)
    }

    @Test func idleThreadsEndAfterTheirIdleTime() {
        let pool = BlockingThreads(idleSeconds: 0.05)
        let done = Marks()
        for _ in 0..<3 { pool.run { done.mark() } }
        #expect(done.wait(for: 3))
        #expect(waitUntil { pool.idleCount == 0 })
        // And a job after that still runs, on a new thread.
        pool.run { done.mark() }
        #expect(done.wait(for: 4))
    }

    @Test func noMoreThanMaxIdleThreadsAreKept() {
        let pool = BlockingThreads(idleSeconds: 30, maxIdle: 2)
        let started = Marks(), finished = Marks()
        for _ in 0..<6 {
            pool.run { started.mark(); _ = started.wait(for: 6); finished.mark() }
        }
        #expect(finished.wait(for: 6))
        #expect(waitUntil { pool.idleCount == 2 })
        Thread.sleep(forTimeInterval: 0.1)
        #expect(pool.idleCount == 2)
    }

    /// Polls `condition` for up to 30 s (a loaded machine schedules threads late).
    private func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 30)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return true
    }
}

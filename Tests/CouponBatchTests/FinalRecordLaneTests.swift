import CouponBatch
import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// A worker's row's final record shares an fsync with its next row's `pending` record, and the row is
/// counted only once that final record is durable: half the fsyncs, the same guarantees.
@Suite struct FinalRecordLaneTests {
    static func run(_ sandbox: BatchSandbox, _ plan: BatchPlan, journal: BatchJournal, concurrency: Int,
                    onRow: @escaping @Sendable (BatchRowResult) -> Void = { _ in }) async throws -> BatchSummary {
        let runner = try sandbox.runner(plan, concurrency: concurrency, journal: journal)
        let history = try journal.records(forSendRequestNumbers: Set(plan.rows.map(\.request.sendRequestNo)))
        return await runner.run(initial: runner.decisions(history: history), tally: BatchTally(total: plan.rows.count),
                                onRow: onRow)
    }

    @Test func oneWorkerWritesOneFsyncPerRowNotTwo() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(BatchRunnerTests.users(20))
        let journal = try sandbox.journal()
        let summary = try await Self.run(sandbox, plan, journal: journal, concurrency: 1)
        #expect(summary.counts.issued == 20)
        // Each row's pending record with the row before's final one, and the last final alone.
        #expect(journal.store.appender.syncCount == 21)
        let history = try sandbox.history()
        for row in plan.rows { #expect(history[row.request.sendRequestNo]?.map(\.outcome) == [.pending, .issued]) }
    }

    @Test func aRowIsCountedOnlyOnceItsFinalRecordIsFsynced() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(BatchRunnerTests.users(40))
        let journal = try sandbox.journal()
        let synced = Collected<Int>()
        journal.store.appender.syncFile = { fd in
            let result = fsync(fd)
            var info = stat()
            fstat(fd, &info)
            if result == 0 { synced.add(Int(info.st_size)) }
            return result
        }
        let path = sandbox.historyPath
        let notDurable = Collected<String>()
        let summary = try await Self.run(sandbox, plan, journal: journal, concurrency: 8) { result in
            // What had been fsynced when the row was counted must hold its final record.
            let durable = (FileManager.default.contents(atPath: path) ?? Data()).prefix(synced.values.last ?? 0)
            let finals = durable.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(SendRecord.self, from: Data($0)) }
                .filter { $0.request.sendRequestNo == result.row.request.sendRequestNo && $0.outcome == .issued }
            if finals.isEmpty { notDurable.add(result.row.request.sendRequestNo) }
        }
        #expect(summary.counts.issued == 40)
        #expect(notDurable.values == [])
    }

    @Test func aFinalRecordThatCannotBeWrittenLeavesItsRowUnrecordedAndStopsTheNext() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(BatchRunnerTests.users(3))
        let journal = try sandbox.journal()
        let calls = Counter()
        // The first row's pending record is written; every group after it fails.
        journal.store.appender.syncFile = { fd in
            if calls.increment() == 1 { return fsync(fd) }
            errno = EIO
            return -1
        }
        let results = Collected<BatchRowResult>()
        let summary = try await Self.run(sandbox, plan, journal: journal, concurrency: 1) { result in
            results.add(result)
        }
        let first = try #require(results.values.first { $0.row.line == plan.rows[0].line })
        #expect(first.journalProblem?.contains(sandbox.historyPath) == true, "its issued result is not in the history")
        #expect(summary.counts.unrecorded == 1)
        // The next rows' pending records failed with it: they were not sent.
        #expect(sandbox.requests(plan.rows[0].request.sendRequestNo) == 1)
        #expect(sandbox.requests(plan.rows[1].request.sendRequestNo) == 0)
        #expect(sandbox.requests(plan.rows[2].request.sendRequestNo) == 0)
    }
}

import CouponBatch
import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Batches against an in-process sandbox: every row issued once, and a rerun after a crash at any
/// stage finishes the batch without sending a row twice.
@Suite struct BatchRunnerTests {
    static func users(_ count: Int) -> [String] { (0..<count).map { "user-\($0)" } }

    @Test func everyRowIsIssuedOnceUnderItsOwnNumber() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(30))
        let summary = try await sandbox.run(plan)
        #expect(summary.counts.issued == 30)
        #expect(summary.counts.sentNow == 30)
        let history = try sandbox.history()
        for row in plan.rows {
            #expect(sandbox.requests(row.request.sendRequestNo) == 1)
            #expect(history[row.request.sendRequestNo]?.map(\.outcome) == [.pending, .issued])
        }
    }

    @Test func aRerunAfterTheFinalRecordsSendsNothing() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(10))
        _ = try await sandbox.run(plan)
        let before = sandbox.engine.exchanges().count
        let again = try await sandbox.run(plan)
        #expect(again.counts.alreadyDone == 10)
        #expect(again.counts.issued == 10)
        #expect(sandbox.engine.exchanges().count == before)
    }

    @Test func aRerunAfterACrashBeforeAPendingRecordSendsOnlyTheRest() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(12))
        var firstPart = plan
        firstPart.rows = Array(plan.rows.prefix(5))
        _ = try await sandbox.run(firstPart)
        let rerun = try await sandbox.run(plan)
        #expect(rerun.counts.alreadyDone == 5)
        #expect(rerun.counts.sentNow == 7)
        for row in plan.rows { #expect(sandbox.requests(row.request.sendRequestNo) == 1) }
    }

    @Test func aPendingRecordThatNeverReachedTheServerIsSentWithItsNumber() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(3))
        let row = plan.rows[1].request
        // The crash came after the write-ahead record, before the request left.
        try sandbox.journal().append(SendRecord(time: SendRecord.timestamp(Date()), operator: nil, mode: "live",
                                                request: row, outcome: .pending))
        let summary = try await sandbox.run(plan)
        #expect(summary.counts.issued == 3)
        #expect(sandbox.requests(row.sendRequestNo) == 1)
        #expect(try sandbox.history()[row.sendRequestNo]?.last?.outcome == .issued)
    }

    @Test func aSendCommittedBeforeTheCrashIsResolvedNotIssuedTwice() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(6))
        // First run: the server commits every send, the final records are lost.
        let crashed = try await sandbox.run(plan, journal: CrashAfterPendingJournal(sandbox.journal()))
        #expect(crashed.counts.unrecorded == 6)
        #expect(crashed.counts.issued == 6)
        // The sandbox keys its sends by brand and number.
        let firstTokens = try Dictionary(uniqueKeysWithValues: plan.rows.map { row in
            (row.request.sendRequestNo, try #require(sandbox.engine.snapshot().sends["\(DemoData.brandID)/\(row.request.sendRequestNo)"]?.token))
        })
        let rerun = try await sandbox.run(plan)
        #expect(rerun.counts.issued == 6)
        #expect(rerun.counts.sentNow == 6)
        #expect(sandbox.engine.usage(stockID: DemoData.StockID.plenty).issued == 6)
        let history = try sandbox.history()
        for row in plan.rows {
            let newest = try #require(history[row.request.sendRequestNo]?.last)
            #expect(newest.outcome == .issued)
            #expect(newest.token == firstTokens[row.request.sendRequestNo])
        }
    }

    @Test func aRateLimitedRowIsSentAgainAndSlowsTheWholeBatch() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(["user-a", "fault-rate-limited-1", "user-b"])
        let bucket = TokenBucket(rate: 400, burst: 8)
        let summary = try await sandbox.run(plan, bucket: bucket)
        #expect(summary.counts.issued == 3)
        // Four 429s (the client's attempts), then the row again at the slower rate.
        #expect(sandbox.requests(plan.rows[1].request.sendRequestNo) == 5)
        // The whole batch was slowed (the rate itself recovers a tenth a second: on a loaded machine it
        // may be back at 400 by now, so the count of cuts is what is checked).
        #expect(bucket.slowdowns >= 1)
        let outcomes = try sandbox.history()[plan.rows[1].request.sendRequestNo]?.map(\.outcome)
        #expect(outcomes == [.pending, .rejected, .pending, .issued])
    }

    @Test func outcomesAreCountedByCategory() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(["user-a", "fault-system-error-1", "user-b"])
        var withPaused = plan
        withPaused.rows[2].request.stockID = DemoData.StockID.paused
        let summary = try await sandbox.run(withPaused)
        #expect(summary.counts.issued == 1)
        #expect(summary.counts.unknown == 1)
        #expect(summary.counts.rejected == 1)
        #expect(summary.counts.byCategory == [.serverError: 1, .stockNotSending: 1])
        #expect(summary.needsRerun)
    }

    @Test func aRefusedRowIsDoneOnRerunAndSentAgainOnlyWithRetryRejected() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(["user-a"], stock: DemoData.StockID.paused)
        let number = plan.rows[0].request.sendRequestNo
        _ = try await sandbox.run(plan)
        let rerun = try await sandbox.run(plan)
        #expect(rerun.counts.alreadyDone == 1)
        #expect(sandbox.requests(number) == 1)
        let retried = try await sandbox.run(plan, retryRejected: true)
        #expect(retried.counts.sentNow == 1)
        #expect(sandbox.requests(number) == 2)
    }

    @Test func aStopStartsNoMoreRowsAndLetsTheInFlightOnesFinish() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan(Self.users(40))
        let stop = BatchStop()
        let finished = Counter()
        let summary = try await sandbox.run(plan, stop: stop) { _ in
            if finished.increment() == 5 { stop.stop() }
        }
        #expect(summary.interrupted)
        #expect(summary.counts.done < 40)
        #expect(summary.counts.inFlight == 0)
        // Every row that was started has its final record: none is left pending.
        let history = try sandbox.history()
        #expect(history.values.allSatisfy { $0.last?.outcome == .issued })
        #expect(history.count == summary.counts.done)
        let rerun = try await sandbox.run(plan)
        #expect(rerun.counts.issued == 40)
        #expect(rerun.counts.alreadyDone == summary.counts.done)
        for row in plan.rows { #expect(sandbox.requests(row.request.sendRequestNo) == 1) }
    }

    @Test func anAbandonedBatchReturnsWithoutWaitingForItsSends() async throws {
        let sandbox = try BatchSandbox()
        // Timeouts hold their sends 0.3 s; the abandon comes at once.
        let plan = try sandbox.plan((0..<4).map { "fault-timeout-\($0)" })
        let stop = BatchStop()
        stop.abandon()
        let summary = try await sandbox.run(plan, stop: stop)
        #expect(summary.interrupted)
        #expect(summary.counts.done == 0)
    }
}

import CouponBatch
import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Two batches of one file at once, each with its own journal on the one log (as two processes would
/// be; here the probe says every other sender still runs): no row is sent by both.
@Suite struct ConcurrentBatchTests {
    struct Running: ProcessProbe { func activity(of sender: SendingProcess) -> SenderActivity { .running } }

    @Test func twoBatchesOfOneFileNeverBothSendARow() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan((0..<120).map { "twice-\($0)" })
        let bucket = TokenBucket(rate: 500, burst: 16)
        let journals = [try sandbox.journal(), try sandbox.journal()]
        let first = try sandbox.runner(plan, bucket: bucket, journal: journals[0], probe: Running())
        let second = try sandbox.runner(plan, bucket: bucket, journal: journals[1], probe: Running())
        let decisions = first.decisions(history: [:])
        async let a = first.run(initial: decisions, tally: BatchTally(total: plan.rows.count))
        async let b = second.run(initial: decisions, tally: BatchTally(total: plan.rows.count))
        let (one, two) = await (a, b)
        let history = try sandbox.history()
        for row in plan.rows {
            let number = row.request.sendRequestNo
            #expect(sandbox.requests(number) == 1, "\(number) reached the server once")
            #expect(history[number]?.filter { $0.outcome == .pending }.count == 1, "\(number) has one pending record")
        }
        #expect(one.counts.sentNow + two.counts.sentNow == plan.rows.count)
        #expect(journals.allSatisfy { $0.tracker?.isAnswering == true }, "both answered from memory to the end")
    }

    @Test func aLongBatchAnswersItsLookUpsFromMemoryToTheEnd() async throws {
        let sandbox = try BatchSandbox()
        let plan = try sandbox.plan((0..<400).map { "long-\($0)" })
        let journal = try sandbox.journal()
        let summary = try await sandbox.run(plan, bucket: TokenBucket(rate: 500, burst: 16), journal: journal)
        #expect(summary.counts.issued == plan.rows.count)
        #expect(journal.tracker?.isAnswering == true)
    }
}

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
        let first = try sandbox.runner(plan, bucket: bucket, journal: try sandbox.journal(), probe: Running())
        let second = try sandbox.runner(plan, bucket: bucket, journal: try sandbox.journal(), probe: Running())
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
    }
}

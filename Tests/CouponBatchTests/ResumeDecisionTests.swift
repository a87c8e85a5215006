import CouponBatch
import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore

/// Each row's history decides: issued or refused → done; rate limited, unknown, interrupted → the same
/// number again; nothing → send.
@Suite struct ResumeDecisionTests {
    /// Every pending record's process has ended.
    struct Ended: ProcessProbe { func activity(of sender: SendingProcess) -> SenderActivity { .ended } }
    struct Running: ProcessProbe { func activity(of sender: SendingProcess) -> SenderActivity { .running } }

    static let number = "b1_000002"
    static let request = record(number, .pending).request

    func decide(_ history: [SendRecord], retryRejected: Bool = false, probe: any ProcessProbe = Ended(),
                flavor: APIFlavor = .partner) -> ResumeDecision {
        ResumeDecision.decide(for: Self.request, history: history, mode: .live, flavor: flavor, retryRejected: retryRejected, probe: probe)
    }

    static func rejected(_ category: ErrorCategory) -> SendRecord {
        record(number, .rejected, error: SendError(category: category))
    }

    @Test func noRecordIsASend() { #expect(decide([]) == .send) }

    @Test func issuedIsDone() {
        let issued = record(Self.number, .issued)
        #expect(decide([record(Self.number, .pending), issued]) == .done(issued))
    }

    @Test func aDefiniteRefusalIsDone() {
        let refused = Self.rejected(.dailyBudgetExhausted)
        #expect(decide([refused]) == .done(refused))
    }

    @Test func aDefiniteRefusalIsResentWithRetryRejected() {
        let refused = Self.rejected(.dailyBudgetExhausted)
        #expect(decide([refused], retryRejected: true) == .resend(refused))
    }

    @Test func rateLimitedIsResent() {
        let limited = Self.rejected(.rateLimited)
        #expect(decide([limited]) == .resend(limited))
    }

    @Test func unknownIsResentWithTheSameNumber() {
        let unknown = record(Self.number, .unknown, error: SendError(category: .timeout))
        #expect(decide([unknown]) == .resend(unknown))
    }

    @Test func aPendingRecordWhoseProcessIsGoneIsResent() {
        var pending = record(Self.number, .pending)
        pending.sender = SendingProcess(host: "h", pid: 42)
        #expect(decide([pending]) == .resend(pending))
    }

    @Test func aPendingRecordWhoseProcessStillRunsIsLeftToIt() {
        var pending = record(Self.number, .pending)
        pending.sender = SendingProcess(host: "h", pid: 42)
        guard case .sendingElsewhere = decide([pending], probe: Running()) else {
            Issue.record("expected sendingElsewhere"); return
        }
    }

    @Test func aNumberHoldingOtherDataIsAConflict() {
        let other = record(Self.number, .issued, openid: "someone-else")
        guard case .conflict(let reason) = decide([other]) else { Issue.record("expected a conflict"); return }
        #expect(reason.contains("with different data"))
    }

    @Test func anUnresolvedSendOfTheOtherFlavorIsAConflict() {
        var unknown = record(Self.number, .unknown, error: SendError(category: .timeout))
        unknown.flavor = .brand
        guard case .conflict = decide([unknown]) else { Issue.record("expected a conflict"); return }
    }

    @Test func aDemoRecordIsNeverResentLive() {
        var demo = record(Self.number, .unknown, error: SendError(category: .timeout))
        demo.mode = SendMode.demo.rawValue
        guard case .conflict = decide([demo]) else { Issue.record("expected a conflict"); return }
    }
}

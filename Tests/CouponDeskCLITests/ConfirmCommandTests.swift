import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// `coupondesk confirm` against a sandbox served over loopback (issue 12, PROTOCOL §9): local
/// refusals, the history's records, and the outcome safety of a send.
@Suite struct ConfirmCommandTests {
    @Test func aClaimedCouponIsConfirmedOnceAndASecondConfirmSendsNothing() async throws {
        let sandbox = try ServedSandbox()
        let number = try await sandbox.send(openid: "o-confirm-1")
        _ = try await sandbox.claim(number)
        let run = try await sandbox.run(["confirm", number])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("confirmed: coupon "))
        #expect(run.stdout.contains("is EFFECTIVE"))
        #expect(sandbox.exchanges(.confirm).count == 1)

        let confirms = try HistoryStore(path: sandbox.history).confirmRecords()
        #expect(confirms.map(\.outcome) == [.pending, .confirmed])
        #expect(confirms.allSatisfy { $0.preSendRequestNo == number })
        let outRequestNo = try #require(confirms.last?.request.outRequestNo)
        #expect(sandbox.engine.snapshot().coupons.coupons.values.first?.confirmRequestNo == outRequestNo)

        let again = try await sandbox.run(["confirm", number])
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("already confirmed: coupon "))
        #expect(again.stdout.contains(outRequestNo))
        #expect(sandbox.exchanges(.confirm).count == 1, "nothing sent")

        // The send's own state is unchanged; its confirms are shown under it.
        let list = try await sandbox.run(["history", "list", "--json"])
        #expect(try jsonObject(try #require(list.stdout.split(separator: "\n").first))["outcome"] as? String == "issued")
        let show = try await sandbox.run(["history", "show", number])
        #expect(show.stdout.contains("confirm         2 of 2"))
        #expect(show.stdout.contains("out_request_no  \(outRequestNo)"))
        let shown = try await sandbox.run(["history", "show", number, "--json"])
        #expect(shown.stdout.split(separator: "\n").count == 4)
        #expect(try jsonObject(shown.stdout.split(separator: "\n")[3])["action"] as? String == "confirm")
    }

    @Test func anUnclaimedSendIsRefusedWithExit64AndNothingIsSent() async throws {
        let sandbox = try ServedSandbox()
        let number = try await sandbox.send(openid: "o-unclaimed-1")
        let run = try await sandbox.run(["confirm", number])
        #expect(run.status == 64)
        #expect(run.stderr.contains("has not been claimed"))
        #expect(sandbox.exchanges(.confirm).isEmpty)
        #expect(try HistoryStore(path: sandbox.history).confirmRecords().isEmpty)
    }

    @Test func aTimeoutAfterTheCommitIsUnknownAndTheSameConfirmAgainResolvesItWithOneConfirmCounted() async throws {
        let sandbox = try ServedSandbox(timeoutSeconds: 1) {
            $0.faults = [.init(openidPrefix: "f-confirm-timeout-", kind: .delayAfterCommit, ms: 1_500, times: 4, calls: [.confirm])]
        }
        let number = try await sandbox.send(openid: "f-confirm-timeout-1")
        _ = try await sandbox.claim(number)
        let first = try await sandbox.run(["confirm", number, "--json"])
        #expect(first.status == 4, "\(first.stderr)")
        let unknown = try jsonObject(try #require(first.stdout.split(separator: "\n").first))
        #expect(unknown["outcome"] as? String == "unknown")
        let outRequestNo = try #require(unknown["out_request_no"] as? String)
        #expect(sandbox.exchanges(.confirm).count == 4, "1 + 3 retries, each with the same number")

        let second = try await sandbox.run(["confirm", number, "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        let confirmed = try jsonObject(try #require(second.stdout.split(separator: "\n").first))
        #expect(confirmed["outcome"] as? String == "confirmed")
        #expect(confirmed["out_request_no"] as? String == outRequestNo, "the same confirm, not a new number")
        #expect((confirmed["coupon"] as? [String: Any])?["coupon_state"] as? String == "EFFECTIVE")

        let state = sandbox.engine.snapshot().coupons
        #expect(state.confirms.count == 1, "one confirm counted")
        #expect(state.coupons.values.first?.confirmRequestNo == outRequestNo)
        let records = try HistoryStore(path: sandbox.history).confirmRecords()
        #expect(records.map(\.outcome) == [.pending, .unknown, .pending, .confirmed])
        #expect(Set(records.map(\.request.outRequestNo)) == [outRequestNo])
    }

    @Test func anotherNumberWhileAConfirmIsUnresolvedIsRefused() async throws {
        let sandbox = try ServedSandbox {
            $0.faults = [.init(openidPrefix: "f-confirm-untrusted-", kind: .badSignature, times: 1, calls: [.confirm])]
        }
        let number = try await sandbox.send(openid: "f-confirm-untrusted-1")
        _ = try await sandbox.claim(number)
        #expect(try await sandbox.run(["confirm", number, "--out-request-no", "CF_FIRST_01"]).status == 4)
        let other = try await sandbox.run(["confirm", number, "--out-request-no", "CF_OTHER_02"])
        #expect(other.status == 64)
        #expect(other.stderr.contains("CF_FIRST_01"))
        #expect(sandbox.exchanges(.confirm).count == 1)
        let same = try await sandbox.run(["confirm", number, "--out-request-no", "CF_FIRST_01"])
        #expect(same.status == 0, "\(same.stderr)")
    }

    @Test func aCouponOfAnotherSystemIsConfirmedByOpenidAndCode() async throws {
        let sandbox = try ServedSandbox()
        // Claimed from a pre-send that is not in this history (another system sent it).
        let request = PreSendRequest(openid: "o-foreign-1", brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                     stockID: DemoData.StockID.plenty, appid: DemoData.appid, sendRequestNo: "FOREIGN0001")
        let other = try TempDir()
        _ = try await CommandLineRun.coupondesk(["send", "--openid", request.openid, "--brand-id", request.brandID,
                                                 "--product-coupon-id", request.productCouponID, "--stock-id", request.stockID,
                                                 "--appid", request.appid, "--send-request-no", request.sendRequestNo,
                                                 "--config", sandbox.config, "--history", other.file()])
        let (coupon, _) = try sandbox.engine.claim(sendRequestNo: "FOREIGN0001")
        let run = try await sandbox.run(["confirm", "--openid", "o-foreign-1", "--coupon-code", coupon.couponCode])
        #expect(run.status == 0, "\(run.stderr)")
        let records = try HistoryStore(path: sandbox.history).confirmRecords()
        #expect(records.last?.outcome == .confirmed)
        #expect(records.last?.preSendRequestNo == nil, "no send of this history")
        let both = try await sandbox.run(["confirm", "FOREIGN0001", "--openid", "o-foreign-1", "--coupon-code", coupon.couponCode])
        #expect(both.status == 64)
    }

    @Test func aBadOutRequestNumberIsRefusedBeforeAnythingIsReadOrSent() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["confirm", "SRN000001", "--out-request-no", "no spaces",
                                                       "--config", dir.file("none.json")])
        #expect(run.status == 64)
        #expect(run.stderr.contains("out_request_no"))
    }
}

import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// `check`, `coupons`, `stock` and `sandbox claim` against a sandbox served over loopback (issue 12):
/// what scripts and people see, and the exit codes.
@Suite struct LookupCommandTests {
    @Test func checkTellsAnUnclaimedSendFromAClaimedOneWithTheStocksNumbers() async throws {
        let sandbox = try ServedSandbox()
        let number = try await sandbox.send(openid: "o-check-1")
        let before = try await sandbox.run(["check", number, "--json"])
        #expect(before.status == 0, "\(before.stderr)")
        let unclaimed = try jsonObject(try #require(before.stdout.split(separator: "\n").first))
        #expect(unclaimed["claimed"] as? Bool == false)
        #expect(unclaimed["coupon"] is NSNull)
        #expect(unclaimed["user_coupons_in_stock"] as? Int == 0)
        #expect(unclaimed["send_request_no"] as? String == number)
        let sent = try #require((unclaimed["stock"] as? [String: Any])?["sent_count_info"] as? [String: Any])
        #expect(sent["total_count"] as? Int == 1 && sent["today_count"] as? Int == 1)

        let claim = try await sandbox.claim(number)
        #expect(claim.status == 0 && claim.stdout.hasPrefix("claimed: coupon "), "\(claim.stderr)")
        let after = try await sandbox.run(["check", number, "--json"])
        #expect(after.status == 0)
        let claimed = try jsonObject(try #require(after.stdout.split(separator: "\n").first))
        #expect(claimed["claimed"] as? Bool == true)
        let coupon = try #require(claimed["coupon"] as? [String: Any])
        #expect(coupon["coupon_state"] as? String == "CONFIRMING")
        #expect(coupon["send_request_no"] as? String == number)
        #expect(coupon["send_channel"] as? String == "RECEIVE_COMPONENT")
        #expect(claimed["user_coupons_in_stock"] as? Int == 1)

        let human = try await sandbox.run(["check", number])
        #expect(human.stdout.contains("claimed: yes"))
        #expect(human.stdout.contains("CONFIRMING — claimed, waiting for the brand's confirm"))
        #expect(human.stdout.contains("coupondesk confirm \(number)"))
        #expect(human.stdout.contains("total      1 of 100000 — 99999 left"))
        #expect(human.stdout.contains("holds 1 of at most 100 in this stock"))
    }

    @Test func checkOfANumberNotInTheHistoryExits64AndLooksNothingUp() async throws {
        let sandbox = try ServedSandbox()
        let run = try await sandbox.run(["check", "NOTHERE0001"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no send with send_request_no NOTHERE0001"))
        #expect(sandbox.engine.exchanges().isEmpty)
    }

    @Test func checkWithoutAConfigExits78() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["check", "SRN000001", "--config", dir.file("none.json"), "--history", dir.file()])
        #expect(run.status == 78)
    }

    @Test func checkExits3WhenWeChatPayRefusesALookupAnd4WhenItsOutcomeIsUnknown() async throws {
        let sandbox = try ServedSandbox {
            $0.faults = [.init(openidPrefix: "f-untrusted-", kind: .badSignature, calls: [.lookup])]
        }
        // A send of a stock that does not exist (written as a record): the stock look-up is refused.
        let missing = PreSendRequest(openid: "o-missing-1", brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                     stockID: "9999999", appid: DemoData.appid, sendRequestNo: "MISSING0001")
        try HistoryStore(path: sandbox.history).append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                                                  request: missing, outcome: .rejected, error: SendError(category: .notFound)))
        let refused = try await sandbox.run(["check", "MISSING0001"])
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("WeChat Pay refused the look-up of the stock"))
        #expect(refused.stderr.contains("268578608"))

        let number = try await sandbox.send(openid: "f-untrusted-1")
        let unknown = try await sandbox.run(["check", number, "--json"])
        #expect(unknown.status == 4)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("outcome unknown"))
    }

    @Test func couponsPrintsEachEntryAsReturnedAndMarksTheSendsOfTheHistory() async throws {
        let sandbox = try ServedSandbox()
        let first = try await sandbox.send(openid: "o-list-1")
        let second = try await sandbox.send(openid: "o-list-1", stock: DemoData.StockID.dailyBudget)
        _ = try await sandbox.claim(first)
        _ = try await sandbox.claim(second)
        let json = try await sandbox.run(["coupons", "--openid", "o-list-1", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let entries = try json.stdout.split(separator: "\n").map(jsonObject)
        #expect(entries.count == 2)
        #expect(Set(entries.compactMap { $0["send_request_no"] as? String }) == [first, second])
        #expect(entries.allSatisfy { ($0["stock"] as? [String: Any])?["stock_send_rule"] != nil }, "every field as returned")

        let filtered = try await sandbox.run(["coupons", "--openid", "o-list-1", "--stock-id", DemoData.StockID.dailyBudget])
        #expect(filtered.stdout.split(separator: "\n").filter { $0.hasPrefix("*") }.count == 1)
        #expect(filtered.stdout.contains(second) && !filtered.stdout.contains(first))
        #expect(filtered.stdout.contains("1 coupon (total_count 1); * claimed from a send in the history"))

        let none = try await sandbox.run(["coupons", "--openid", "o-list-1", "--state", "effective"])
        #expect(none.status == 0 && none.stdout.hasPrefix("no coupons"))
        let bad = try await sandbox.run(["coupons", "--openid", "o-list-1", "--state", "FROZEN"])
        #expect(bad.status == 64)
    }

    @Test func couponsWithoutAnAppidAnywhereExits64() async throws {
        let sandbox = try ServedSandbox()
        let config = try String(contentsOfFile: sandbox.config, encoding: .utf8)
            .replacingOccurrences(of: "\"appid\" : \"\(DemoData.appid)\"", with: "\"appid\" : \"\"")
        try config.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
        let run = try await sandbox.run(["coupons", "--openid", "o-1"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--appid is required"))
    }

    @Test func stockShowsItsBudgetAndJsonIsTheStockAsReturned() async throws {
        let sandbox = try ServedSandbox()
        try await sandbox.send(openid: "o-stock-1", stock: DemoData.StockID.dailyBudget)
        let human = try await sandbox.run(["stock", DemoData.StockID.dailyBudget])
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("total      1 of 1000 — 999 left"))
        #expect(human.stdout.contains("today      1 of 2 — 1 left"))
        #expect(human.stdout.contains("Asia/Shanghai"))
        let json = try await sandbox.run(["stock", DemoData.StockID.dailyBudget, "--json"])
        let stock = try jsonObject(try #require(json.stdout.split(separator: "\n").first))
        #expect(stock["stock_id"] as? String == DemoData.StockID.dailyBudget)
        #expect((stock["stock_send_rule"] as? [String: Any])?["max_count_per_day"] as? Int == 2)
        #expect((stock["sent_count_info"] as? [String: Any])?["today_count"] as? Int == 1)

        let byDefault = try await sandbox.run(["stock"])
        #expect(byDefault.stdout.contains(DemoData.StockID.plenty), "the config's defaults.stock_id")
        let missing = try await sandbox.run(["stock", "9999999"])
        #expect(missing.status == 3)
    }

    @Test func aBrandDirectConfigLooksUpItsOwnSendsAndRefusesAnotherBrandsSend() async throws {
        let sandbox = try ServedSandbox()
        let number = try await sandbox.send(openid: "o-brand-check-1")
        let brand = try await sandbox.run(["check", number, "--json"], config: sandbox.brandConfig)
        #expect(brand.status == 0, "\(brand.stderr)")
        #expect(sandbox.engine.exchanges().last?.flavor == .brand)
        let other = PreSendRequest(openid: "o-x", brandID: "999999", productCouponID: "P", stockID: "S", appid: DemoData.appid,
                                   sendRequestNo: "OTHERBRAND1")
        try HistoryStore(path: sandbox.history).append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                                                  request: other, outcome: .issued, token: "T"))
        let refused = try await sandbox.run(["check", "OTHERBRAND1"], config: sandbox.brandConfig)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("was for brand 999999"))
    }

    @Test func sandboxClaimOfANumberNeverIssuedExits64() async throws {
        let sandbox = try ServedSandbox()
        let run = try await sandbox.claim("NEVERSENT01")
        #expect(run.status == 64)
        #expect(run.stderr.contains("no issued pre-send with send_request_no NEVERSENT01"))
        let again = try await sandbox.claim(try await sandbox.send(openid: "o-claim-twice"))
        #expect(again.status == 0)
    }
}

import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Issue 12's "how it will be checked": the real binary against an independent WeChat Pay-compatible
/// server holding claimed and unclaimed coupons (python3 + openssl, no CouponDesk code).
@Suite(.serialized) struct LookupIndependentPeerTests {
    final class Setup: @unchecked Sendable {
        let directory: SandboxDirectory
        let server: IndependentLookupServer
        let root: String

        init() throws {
            let path = NSTemporaryDirectory() + "coupondesk-independent-lookups-\(UUID().uuidString)"
            directory = try SandboxDirectory.create(at: path, keys: (try TestKeys.merchant, try TestKeys.wechatpay),
                                                    brandKey: try TestKeys.brand)
            let sandbox = try directory.loadConfiguration()
            server = try IndependentLookupServer(keyDirectory: path, publicKeyID: sandbox.wechatpayPublicKeyID,
                                                 brandID: DemoData.brandID, mchid: sandbox.mchid)
            try directory.setClientBaseURL(server.baseURL)
            root = path + "/cli-home"
            try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        }

        deinit {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory.path)
        }

        func run(_ arguments: [String], brand: Bool = false) async throws -> CLIResult {
            try await CLIRunner.run(arguments + ["--config", brand ? directory.brandClientConfigPath : directory.clientConfigPath,
                                                 "--history", directory.historyPath],
                                    environment: CLIRunner.environment(root: root))
        }

        func send(openid: String) async throws -> String {
            let number = SendRequestNumber.generate()
            let result = try await run(["send", "--openid", openid, "--brand-id", DemoData.brandID, "--product-coupon-id", DemoData.productCouponID,
                                        "--stock-id", DemoData.StockID.plenty, "--appid", DemoData.appid, "--send-request-no", number])
            #expect(result.status == 0, "\(result.err)")
            return number
        }
    }

    static func object(_ result: CLIResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    @Test func checkTellsClaimedFromUnclaimedWithTheCouponsStateAndTheStocksNumbersExactly() async throws {
        let setup = try Setup()
        let claimed = try await setup.send(openid: "o-claimed-1")
        let unclaimed = try await setup.send(openid: "o-waiting-1")

        let yes = try await setup.run(["check", claimed, "--json"])
        #expect(yes.status == 0, "\(yes.err)")
        let found = try Self.object(yes)
        #expect(found["claimed"] as? Bool == true)
        #expect((found["coupon"] as? [String: Any])?["coupon_state"] as? String == "CONFIRMING")
        #expect((found["coupon"] as? [String: Any])?["send_request_no"] as? String == claimed)
        #expect(found["user_coupons_in_stock"] as? Int == 3, "every page, every state")
        let stock = try #require(found["stock"] as? [String: Any])
        #expect((stock["sent_count_info"] as? [String: Any])?["total_count"] as? Int == 123)
        #expect((stock["sent_count_info"] as? [String: Any])?["today_count"] as? Int == 7)
        #expect((stock["future_rule"] as? [String: Any])?["level"] as? Int == 3, "a field this build does not know")

        let no = try await setup.run(["check", unclaimed, "--json"])
        #expect(no.status == 0)
        #expect(try Self.object(no)["claimed"] as? Bool == false)

        let human = try await setup.run(["check", claimed])
        #expect(human.out.contains("CONFIRMING"))
        #expect(human.out.contains("123 of 500 — 377 left"))
        #expect(human.out.contains("7 of 50 — 43 left"))
        #expect(human.out.contains("at most 3"))

        let gets = try setup.server.seen().filter { $0.method == "GET" }
        #expect(gets.count >= 6)
        #expect(gets.allSatisfy { $0.verified }, "every GET's signature, query included, verifies on the server")
        #expect(gets.contains { $0.target.contains("?") && $0.query["page_token"] == "tok-2" }, "paging followed")
    }

    @Test func confirmSendsOneConfirmAndTheCouponBecomesEffectiveAndASecondSendsNothing() async throws {
        let setup = try Setup()
        let number = try await setup.send(openid: "o-claimed-2")
        let first = try await setup.run(["confirm", number])
        #expect(first.status == 0, "\(first.err)")
        let posts = try setup.server.seen().filter { $0.method == "POST" && $0.target.hasSuffix("/confirm") }
        #expect(posts.count == 1)
        #expect(posts.first?.verified == true)
        #expect(posts.first?.body_keys == ["appid", "brand_id", "out_request_no", "product_coupon_id", "stock_id"])
        let check = try await setup.run(["check", number, "--json"])
        #expect((try Self.object(check)["coupon"] as? [String: Any])?["coupon_state"] as? String == "EFFECTIVE")

        let second = try await setup.run(["confirm", number])
        #expect(second.status == 0)
        #expect(second.out.hasPrefix("already confirmed"))
        #expect(try setup.server.seen().filter { $0.method == "POST" && $0.target.hasSuffix("/confirm") }.count == 1, "nothing sent")
    }

    @Test func stockAndCouponsJsonPrintWhatTheServerReturned() async throws {
        let setup = try Setup()
        _ = try await setup.send(openid: "o-claimed-3")
        let stock = try await setup.run(["stock", DemoData.StockID.plenty, "--json"])
        #expect(stock.status == 0, "\(stock.err)")
        let expected: [String: Any] = ["stock_id": "1000000013001", "product_coupon_id": "1000000013", "brand_id": DemoData.brandID,
                                       "state": "SENDING", "coupon_code_mode": "WECHATPAY", "remark": "independent",
                                       "future_rule": ["level": 3],
                                       "stock_send_rule": ["max_count": 500, "max_count_per_day": 50, "max_count_per_user": 3],
                                       "sent_count_info": ["total_count": 123, "today_count": 7]]
        #expect(NSDictionary(dictionary: try Self.object(stock)).isEqual(to: expected))

        let coupons = try await setup.run(["coupons", "--openid", "o-claimed-3", "--json"])
        #expect(coupons.status == 0, "\(coupons.err)")
        let lines = coupons.out.split(separator: "\n")
        #expect(lines.count == 3)
        let entries = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let frozen = try #require(entries.first { $0["coupon_state"] as? String == "FROZEN_BY_RISK" }, "an unknown state is kept")
        #expect((frozen["risk_note"] as? [String: Any])?["level"] as? String == "high", "an unknown field is kept")
        let human = try await setup.run(["coupons", "--openid", "o-claimed-3"])
        #expect(human.out.contains("FROZEN_BY_RISK"))
    }

    @Test func brandDirectLookupsVerifyOnTheServerWithTheBrandScheme() async throws {
        let setup = try Setup()
        let number = try await setup.send(openid: "o-claimed-4")
        let check = try await setup.run(["check", number, "--json"], brand: true)
        #expect(check.status == 0, "\(check.err)")
        #expect(try Self.object(check)["claimed"] as? Bool == true)
        let brandGets = try setup.server.seen().filter { $0.method == "GET" && $0.flavor == "brand" }
        #expect(!brandGets.isEmpty && brandGets.allSatisfy { $0.verified })
        #expect(brandGets.allSatisfy { $0.query["brand_id"] == nil })
    }
}

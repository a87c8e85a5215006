import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

extension CLISandbox {
    /// The sandbox's brand-direct client config (`config-brand.json`), pointed at the listener.
    var brandConfigPath: String { directory.brandClientConfigPath }

    /// `coupondesk send` with a brand-direct config: no --brand-id unless given.
    func brandSendArguments(openid: String, sendRequestNo: String, stockID: String = DemoData.StockID.plenty,
                            brandID: String? = nil, config: String? = nil) -> [String] {
        var arguments = ["send", "--openid", openid, "--product-coupon-id", DemoData.productCouponID, "--stock-id", stockID,
                         "--appid", DemoData.appid, "--send-request-no", sendRequestNo,
                         "--config", config ?? brandConfigPath, "--history", historyPath, "--json"]
        if let brandID { arguments += ["--brand-id", brandID] }
        return arguments
    }

    func brandResend(_ sendRequestNo: String) async throws -> CLIResult {
        try await run(["resend", sendRequestNo, "--config", brandConfigPath, "--history", historyPath, "--json"])
    }

    /// Rewrites the brand-direct config.
    func editBrandConfig(_ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: brandConfigPath)
        guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }
}

/// The real binary in the brand-direct flavor, through URLSession, against the listener.
@Suite struct BrandFlavorCLIEndToEndTests {
    @Test func bothFlavorsSendThroughURLSessionAgainstTheListenerAndAreRecordedWithTheirFlavor() async throws {
        let sandbox = try CLISandbox()
        let partnerNo = sendRequestNumber("bothpartner"), brandNo = sendRequestNumber("bothbrand")
        let partner = try await sandbox.send(openid: "o-both-partner", sendRequestNo: partnerNo)
        let brand = try await sandbox.run(sandbox.brandSendArguments(openid: "o-both-brand", sendRequestNo: brandNo))
        #expect(partner.status == 0, "\(partner.err)")
        #expect(brand.status == 0, "\(brand.err)")
        #expect(try partner.record().flavor == .partner)
        let record = try brand.record()
        #expect(record.flavor == .brand)
        #expect(record.request.brandID == DemoData.brandID)
        #expect(brand.out.contains(#""flavor":"brand""#))
        #expect(!partner.out.contains(#""flavor""#))
        let exchange = try #require(sandbox.received(openid: "o-both-brand").last)
        #expect(exchange.flavor == .brand)
        let authorization = try AuthorizationHeader.parse(try #require(exchange.authorization))
        #expect(authorization.flavor == .brand && authorization.callerID == DemoData.brandID)
        #expect(sandbox.received(openid: "o-both-partner").last?.flavor == .partner)
        #expect(try sandbox.records(brandNo).map(\.flavor) == [.brand, .brand])
    }

    @Test func aBrandIDOtherThanTheCallerIsBadUsageAndNothingIsSent() async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.run(sandbox.brandSendArguments(openid: "o-other-brand", sendRequestNo: sendRequestNumber("other"),
                                                                      brandID: "999999"))
        #expect(result.status == 64)
        #expect(result.err.contains("999999") && result.err.contains(DemoData.brandID))
        #expect(sandbox.received(openid: "o-other-brand").isEmpty)
        #expect(try sandbox.allRecords().isEmpty)
    }

    @Test func theCallersOwnBrandIDMayBeGiven() async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.run(sandbox.brandSendArguments(openid: "o-own-brand", sendRequestNo: sendRequestNumber("own"),
                                                                      brandID: DemoData.brandID))
        #expect(result.status == 0, "\(result.err)")
    }

    @Test func aPartnerSendWithoutBrandIDIsBadUsageAndNothingIsSent() async throws {
        let sandbox = try CLISandbox()
        var arguments = sandbox.sendArguments(openid: "o-partner-nobrand", sendRequestNo: sendRequestNumber("nobrand"))
        let index = try #require(arguments.firstIndex(of: "--brand-id"))
        arguments.removeSubrange(index...(index + 1))
        let result = try await sandbox.run(arguments)
        #expect(result.status == 64)
        #expect(result.err.contains("--brand-id"))
        #expect(sandbox.received(openid: "o-partner-nobrand").isEmpty)
    }

    /// Each config mistake of issue 11, made in a working config: exit 78, nothing sent, nothing logged.
    static let configMistakes: [(String, @Sendable (inout [String: Any]) -> Void, String)] = [
        ("mchid in a brand config", { $0["mchid"] = DemoData.mchid }, "partner flavor"),
        ("merchant_serial_no in a brand config", { $0["merchant_serial_no"] = "5157F09E" }, "brand_serial_no"),
        ("platform certificates in a brand config", { $0["platform_certificate_files"] = ["wechatpay_public_key.pem"] }, "public key only"),
        ("no brand_id", { $0["brand_id"] = nil }, "\"brand_id\""),
        ("no brand_serial_no", { $0["brand_serial_no"] = nil }, "\"brand_serial_no\""),
        ("no private_key_file", { $0["private_key_file"] = nil }, "\"private_key_file\""),
        ("no wechatpay_public_key_id", { $0["wechatpay_public_key_id"] = nil }, "\"wechatpay_public_key_id\""),
        ("no wechatpay_public_key_file", { $0["wechatpay_public_key_file"] = nil }, "\"wechatpay_public_key_file\""),
        ("brand_id in a partner config", { $0["flavor"] = nil }, "brand-direct flavor"),
        ("an unknown flavor", { $0["flavor"] = "品牌" }, "\"brand\""),
    ]

    @Test(arguments: 0..<configMistakes.count)
    func aConfigMistakeExits78AndSendsNothing(_ index: Int) async throws {
        let (name, edit, says) = Self.configMistakes[index]
        let sandbox = try CLISandbox()
        try sandbox.editBrandConfig(edit)
        let openid = "o-config-\(index)"
        let result = try await sandbox.run(sandbox.brandSendArguments(openid: openid, sendRequestNo: sendRequestNumber("cfg\(index)")))
        #expect(result.status == 78, "\(name): \(result.err)")
        #expect(result.err.contains(says), "\(name): \(result.err)")
        #expect(result.err.contains("nothing was sent"), "\(name)")
        #expect(sandbox.received(openid: openid).isEmpty, "\(name)")
        #expect(try sandbox.allRecords().isEmpty, "\(name)")
    }

    @Test func resendRefusesAcrossFlavorsAndResolvesInTheRecordsFlavor() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("acrossbrand")
        let unknown = try await sandbox.run(sandbox.brandSendArguments(openid: "fault-bad-signature-across", sendRequestNo: number))
        #expect(unknown.status == 4, "\(unknown.err)")
        let refused = try await sandbox.resend(number)          // the partner config.json
        #expect(refused.status == 64)
        #expect(refused.err.contains("brand-direct"), "\(refused.err)")
        #expect(sandbox.received(openid: "fault-bad-signature-across").count == 1)
        let resolved = try await sandbox.brandResend(number)
        #expect(resolved.status == 0, "\(resolved.err)")
        #expect(try resolved.record().flavor == .brand)
        #expect(try sandbox.counted() == 1)
    }

    @Test func resendOfAPartnerSendIsRefusedWithABrandConfig() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("acrosspartner")
        #expect(try await sandbox.send(openid: "fault-bad-signature-partner", sendRequestNo: number).status == 4)
        let refused = try await sandbox.brandResend(number)
        #expect(refused.status == 64)
        #expect(refused.err.contains("partner flavor"), "\(refused.err)")
    }

    @Test func resendOfAnotherBrandsSendIsRefused() async throws {
        let sandbox = try CLISandbox(customise: { $0.brands.append(.init(brandID: "120345", appids: [DemoData.appid], productCoupons: [])) })
        let number = sendRequestNumber("otherbrand")
        #expect(try await sandbox.run(sandbox.brandSendArguments(openid: "fault-bad-signature-other", sendRequestNo: number)).status == 4)
        try sandbox.editBrandConfig { $0["brand_id"] = "120345" }
        let refused = try await sandbox.brandResend(number)
        #expect(refused.status == 64)
        #expect(refused.err.contains("120344") && refused.err.contains("120345"), "\(refused.err)")
    }

    @Test func historyShowSaysTheFlavor() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("showflavor")
        #expect(try await sandbox.run(sandbox.brandSendArguments(openid: "o-show", sendRequestNo: number)).status == 0)
        let shown = try await sandbox.run(["history", "show", number, "--history", sandbox.historyPath])
        #expect(shown.status == 0)
        #expect(shown.out.contains("flavor") && shown.out.contains("brand-direct"), "\(shown.out)")
    }

    @Test func demoSendAndResendInTheBrandFlavor() async throws {
        let sandbox = try CLISandbox()   // only for its isolated HOME / XDG folders
        let sent = try await sandbox.run(["demo", "send", "--flavor", "brand", "--openid", "o-demo-brand", "--json"])
        #expect(sent.status == 0, "\(sent.err)")
        #expect(try sent.record().flavor == .brand)
        let wrong = try await sandbox.run(["demo", "send", "--flavor", "brand", "--openid", "o-demo-brand2", "--brand-id", "999999"])
        #expect(wrong.status == 64)
        let unknown = try await sandbox.run(["demo", "send", "--flavor", "brand", "--openid", "fault-bad-signature-demo-brand", "--json"])
        #expect(unknown.status == 4, "\(unknown.err)")
        let number = try unknown.record().request.sendRequestNo
        let resolved = try await sandbox.run(["demo", "resend", number, "--json"])
        #expect(resolved.status == 0, "\(resolved.err)")
        #expect(try resolved.record().flavor == .brand)
    }
}

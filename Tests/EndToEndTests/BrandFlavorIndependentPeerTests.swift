import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Issue 11's "how it will be checked": the real binary against an independent WeChat Pay-compatible
/// server that speaks the brand flavor, and `sandbox serve` against a hand-signing third-party client.
@Suite(.serialized) struct BrandFlavorIndependentPeerTests {
    /// Keys and both client configs from `SandboxDirectory.create`, pointed at the independent server.
    final class Setup: @unchecked Sendable {
        let folder: TempDir
        let directory: SandboxDirectory
        let server: IndependentBrandServer
        let root: String

        init() throws {
            folder = try TempDir()
            let path = folder.file("sandbox")
            directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay),
                                                    brandKey: TestKeys.brand)
            let sandbox = try directory.loadConfiguration()
            server = try IndependentBrandServer(keyDirectory: path, publicKeyID: sandbox.wechatpayPublicKeyID,
                                                brandID: DemoData.brandID, mchid: sandbox.mchid)
            try directory.setClientBaseURL(server.baseURL)
            root = path + "/cli-home"
            try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        }

        deinit { server.stop() }

        func send(openid: String, brand: Bool) async throws -> CLIResult {
            var arguments = ["send", "--openid", openid, "--product-coupon-id", DemoData.productCouponID,
                             "--stock-id", DemoData.StockID.plenty, "--appid", DemoData.appid,
                             "--config", brand ? directory.brandClientConfigPath : directory.clientConfigPath,
                             "--history", directory.historyPath, "--json"]
            if !brand { arguments += ["--brand-id", DemoData.brandID] }
            return try await CLIRunner.run(arguments, environment: CLIRunner.environment(root: root))
        }
    }

    @Test func theIndependentServerSeesTheBrandPathSchemeCallerBodyAndPublicKeyIDAndIssues() async throws {
        let setup = try Setup()
        let result = try await setup.send(openid: "o-independent-ok", brand: true)
        #expect(result.status == 0, "\(result.err)")
        #expect(try result.record().token?.hasPrefix("INDEP_") == true)
        let seen = try #require(try setup.server.seen().last)
        #expect(seen.path == "/brand/marketing/product-coupon/users/o-independent-ok/pre-send-coupon")
        #expect(seen.scheme == "WECHATPAY-BRAND-SHA256-RSA2048")
        #expect(seen.auth_keys == ["brand_id", "nonce_str", "serial_no", "signature", "timestamp"])
        #expect(seen.caller == DemoData.brandID)
        #expect(!seen.body_keys.contains("brand_id"))
        #expect(seen.body_keys.contains("send_request_no"))
        #expect(seen.wechatpay_serial?.hasPrefix("PUB_KEY_ID_") == true)
        #expect(seen.verified)
    }

    static let refusals = ["o-total", "o-daily", "o-user", "o-paused", "o-conflict", "o-openid", "o-noauth", "o-notfound",
                           "o-appid", "o-ratelimit"]

    @Test func everyRefusalLandsInTheSameCategoryAsInThePartnerFlavor() async throws {
        let setup = try Setup()
        try await withThrowingTaskGroup(of: (String, CLIResult, CLIResult).self) { group in
            for openid in Self.refusals {
                group.addTask {
                    async let partner = setup.send(openid: openid + "-p", brand: false)
                    async let brand = setup.send(openid: openid + "-b", brand: true)
                    return (openid, try await partner, try await brand)
                }
            }
            for try await (openid, partner, brand) in group {
                #expect(partner.status == 3 && brand.status == 3, "\(openid): \(partner.err) \(brand.err)")
                let p = try partner.record(), b = try brand.record()
                #expect(p.error?.category != nil, "\(openid)")
                #expect(p.error?.category == b.error?.category, "\(openid): partner \(String(describing: p.error)) brand \(String(describing: b.error))")
                #expect(b.flavor == .brand && p.flavor == .partner)
            }
        }
        let seen = try setup.server.seen()
        #expect(seen.allSatisfy { $0.verified })
        #expect(Set(seen.map(\.flavor)) == ["partner", "brand"])
    }

    @Test(arguments: 0..<BrandFlavorCLIEndToEndTests.configMistakes.count)
    func aConfigMistakeExits78AndTheIndependentServerSeesNothing(_ index: Int) async throws {
        let (name, edit, _) = BrandFlavorCLIEndToEndTests.configMistakes[index]
        let setup = try Setup()
        let url = URL(fileURLWithPath: setup.directory.brandClientConfigPath)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let result = try await setup.send(openid: "o-independent-config", brand: true)
        #expect(result.status == 78, "\(name): \(result.err)")
        #expect(try setup.server.seen().isEmpty, "\(name)")
    }
}

/// `coupondesk sandbox serve` as a separate process: the generated config-brand.json sends, and a
/// third-party client's hand-signed brand request is accepted and answered verifiably.
@Suite(.serialized) struct BrandFlavorServedSandboxTests {
    final class Served: @unchecked Sendable {
        let folder: TempDir
        let sandbox: ServedSandbox
        let root: String
        let clientScript: String

        init() throws {
            folder = try TempDir()
            root = folder.path
            try folder.directory("home")
            sandbox = try ServedSandbox(binary: try BuiltProduct.coupondesk(), directory: root + "/sandbox",
                                        environment: CLIRunner.environment(root: root))
            clientScript = try folder.write("third-party-client.py", IndependentPeers.clientScript)
        }

        deinit { sandbox.stop() }

        struct Answer: Decodable { let status: Int; let verified: Bool; let serial: String?; let body: String }

        /// The third-party client's request in `mode`, and what it made of the answer.
        func thirdParty(_ mode: String) throws -> Answer {
            let result = try ChildProcess.run(["python3", clientScript, sandbox.directory, sandbox.baseURL, mode],
                                       environment: CLIRunner.environment(root: root))
            #expect(result.status == 0, "\(result.output)")
            let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
            return try JSONDecoder().decode(Answer.self, from: Data(line.utf8))
        }
    }

    @Test func theGeneratedBrandConfigSendsAndIsIssued() async throws {
        let served = try Served()
        let config = try CouponDeskConfig.load(path: served.sandbox.directory + "/config-brand.json")
        #expect(config.baseURL.absoluteString == served.sandbox.baseURL)
        let result = try await CLIRunner.run(["send", "--config", served.sandbox.directory + "/config-brand.json",
                                              "--openid", "o-served-brand", "--product-coupon-id", DemoData.productCouponID,
                                              "--stock-id", DemoData.StockID.plenty, "--appid", DemoData.appid, "--json"],
                                             environment: CLIRunner.environment(root: served.root))
        #expect(result.status == 0, "\(result.err)")
        let record = try result.record()
        #expect(record.outcome == .issued && record.flavor == .brand)
    }

    @Test func aHandSignedBrandRequestFromAThirdPartyClientIsAcceptedAndItsAnswerVerifies() throws {
        let served = try Served()
        let answer = try served.thirdParty("ok")
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.verified)
        #expect(answer.body.contains("token"))
        #expect(answer.serial?.hasPrefix("PUB_KEY_ID_") == true)
    }

    @Test func thePartnerSchemeOnTheBrandPathIs401() throws {
        let served = try Served()
        let answer = try served.thirdParty("partner-scheme")
        #expect(answer.status == 401)
        #expect(answer.body.contains("SIGN_ERROR"))
        #expect(answer.verified)
    }

    @Test func aMissingWechatpaySerialIs400() throws {
        let served = try Served()
        let answer = try served.thirdParty("no-serial")
        #expect(answer.status == 400)
        #expect(answer.body.contains("PARAM_ERROR") && answer.body.contains("Wechatpay-Serial"))
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

extension SandboxFixture {
    /// Signs like the sandbox's brand-direct caller (the first brand of sandbox.json).
    var brandSigner: RequestSigner {
        get throws {
            RequestSigner(flavor: .brand, callerID: DemoData.brandID, serialNo: configuration.brandSerialNo ?? "",
                          privateKey: try TestKeys.brand, clock: clock)
        }
    }

    static func brandPath(openid: String) -> String {
        SandboxEngine.preSendPrefix(of: .brand)
            + (openid.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/+"))) ?? openid)
            + SandboxEngine.preSendPathSuffix
    }

    /// The brand-direct body: the partner body without brand_id.
    static func brandBody(openid: String = "o-user-1", stockID: String = DemoData.StockID.plenty,
                          sendRequestNo: String = SendRequestNumber.generate()) -> [String: String] {
        var fields = body(openid: openid, stockID: stockID, sendRequestNo: sendRequestNo)
        fields["brand_id"] = nil
        return fields
    }

    /// A correctly signed brand-direct pre-send (sorted-key JSON, Wechatpay-Serial set).
    func brandRequest(openid: String = "o-user-1", fields: [String: String], signer: RequestSigner? = nil) throws -> HTTPRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try signedRequest(path: Self.brandPath(openid: openid), body: try encoder.encode(fields),
                                 signer: signer ?? brandSigner)
    }
}

/// Both flavors at once (PROTOCOL §7): the brand prefix checks the BRAND scheme as strictly as the
/// partner prefix checks its own, and the two share one state.
@Suite struct SandboxBrandFlavorTests {
    @Test func aBrandSignedPreSendOnTheBrandPathIsIssuedWithAVerifiableResponse() throws {
        let fixture = try SandboxFixture()
        let response = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody())).response
        #expect(response.status == 200)
        #expect(response.token?.isEmpty == false)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
        #expect(fixture.engine.exchanges().last?.flavor == .brand)
    }

    @Test func aPartnerSchemeOnTheBrandPathIsASignErrorNamingTheScheme() throws {
        let fixture = try SandboxFixture()
        let request = try fixture.brandRequest(fields: SandboxFixture.brandBody(), signer: fixture.signer)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(response.errorBody?.code == "SIGN_ERROR")
        #expect(response.errorBody?.message.contains("WECHATPAY-BRAND-SHA256-RSA2048") == true)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func aBrandSchemeOnThePartnerPathIsASignErrorNamingTheScheme() throws {
        let fixture = try SandboxFixture()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o-user-1"),
                                                body: try encoder.encode(SandboxFixture.body()), signer: fixture.brandSigner)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(response.errorBody?.message.contains("WECHATPAY2-SHA256-RSA2048") == true)
    }

    @Test func aBrandRequestWithoutWechatpaySerialIsAParamError() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.brandRequest(fields: SandboxFixture.brandBody())
        request.headers["Wechatpay-Serial"] = nil
        let response = fixture.engine.handle(request).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
        #expect(response.errorBody?.message.contains("Wechatpay-Serial") == true)
    }

    @Test func aBrandRequestWhoseWechatpaySerialIsNotTheSandboxsPublicKeyIsAParamError() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.brandRequest(fields: SandboxFixture.brandBody())
        request.headers["Wechatpay-Serial"] = "PUB_KEY_ID_0000000000000000000000"
        #expect(fixture.engine.handle(request).response.status == 400)
    }

    @Test func aBrandThatSandboxJSONDoesNotHaveIsRefused() throws {
        let fixture = try SandboxFixture()
        let stranger = RequestSigner(flavor: .brand, callerID: "999999", serialNo: fixture.configuration.brandSerialNo ?? "",
                                     privateKey: try TestKeys.brand, clock: fixture.clock)
        let response = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody(), signer: stranger)).response
        #expect(response.status == 401)
        #expect(response.errorBody?.message.contains("brand_id") == true)
    }

    @Test func theMerchantSerialOrKeyDoesNotAuthenticateABrand() throws {
        let fixture = try SandboxFixture()
        let merchantSerial = RequestSigner(flavor: .brand, callerID: DemoData.brandID, serialNo: fixture.configuration.merchantSerialNo,
                                           privateKey: try TestKeys.brand, clock: fixture.clock)
        #expect(fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody(), signer: merchantSerial)).response.status == 401)
        let merchantKey = RequestSigner(flavor: .brand, callerID: DemoData.brandID, serialNo: fixture.configuration.brandSerialNo ?? "",
                                        privateKey: try TestKeys.merchant, clock: fixture.clock)
        let response = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody(), signer: merchantKey)).response
        #expect(response.status == 401)
        #expect(response.errorBody?.message.contains("签名错误") == true)
    }

    @Test func aStaleBrandTimestampIsRefused() throws {
        let fixture = try SandboxFixture()
        let request = try fixture.brandRequest(fields: SandboxFixture.brandBody())
        fixture.clock.advance(seconds: 301)
        #expect(fixture.engine.handle(request).response.status == 401)
    }

    @Test func aBrandBodyThatNamesABrandIsRefused() throws {
        let fixture = try SandboxFixture()
        let response = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.body())).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
    }

    @Test func anUnparsableOpenidHasEachFlavorsOwnCode() throws {
        let fixture = try SandboxFixture()
        let openid = String(repeating: "o", count: 200)
        let brand = fixture.engine.handle(try fixture.brandRequest(openid: openid, fields: SandboxFixture.brandBody())).response
        #expect(brand.numericCode == 268578532)
        let partner = try fixture.send(openid: openid, SandboxFixture.body()).response
        #expect(partner.numericCode == 268578526)
    }

    @Test func theSameSendThroughEitherDoorIsTheSameSend() throws {
        let fixture = try SandboxFixture()
        let number = SendRequestNumber.generate()
        let partner = try fixture.send(SandboxFixture.body(sendRequestNo: number)).response
        let brand = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody(sendRequestNo: number))).response
        #expect(partner.status == 200 && brand.status == 200)
        #expect(partner.token == brand.token)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }

    @Test func bothDoorsSpendOneBudget() throws {
        let fixture = try SandboxFixture()
        let stock = DemoData.StockID.totalBudget
        for i in 0..<2 { #expect(try fixture.send(openid: "o-p\(i)", SandboxFixture.body(stockID: stock)).response.status == 200) }
        let third = fixture.engine.handle(try fixture.brandRequest(openid: "o-b1", fields: SandboxFixture.brandBody(stockID: stock))).response
        #expect(third.status == 200)
        let fourth = fixture.engine.handle(try fixture.brandRequest(openid: "o-b2", fields: SandboxFixture.brandBody(stockID: stock))).response
        #expect(fourth.status == 400)
        #expect(fourth.numericCode == 268579001)
    }

    @Test func faultsHitTheBrandDoorToo() throws {
        let fixture = try SandboxFixture()
        let openid = "fault-system-error-b1"
        let response = fixture.engine.handle(try fixture.brandRequest(openid: openid, fields: SandboxFixture.brandBody())).response
        #expect(response.status == 500)
    }

    @Test func aSandboxWithoutABrandCallerSaysSoOnTheBrandPath() throws {
        let fixture = try SandboxFixture { $0.brandSerialNo = nil }
        let signer = RequestSigner(flavor: .brand, callerID: DemoData.brandID, serialNo: "6B0F3A0C",
                                   privateKey: try TestKeys.brand, clock: fixture.clock)
        let response = fixture.engine.handle(try fixture.brandRequest(fields: SandboxFixture.brandBody(), signer: signer)).response
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("sandbox init"))
    }
}

/// What `sandbox init` writes for brand-direct, and how an older sandbox gains it.
@Suite struct SandboxBrandDirectoryTests {
    @Test func initWritesABrandKeyPairReadableOnlyByTheOwnerAndTheBrandSerial() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.file("brand_private_key.pem"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let brand = try RSAPrivateKey(file: directory.file("brand_private_key.pem"))
        #expect(brand.bits == 2048)
        #expect(brand.matches(try RSAPublicKey(file: directory.file("brand_public_key.pem"))))
        #expect(!brand.matches(try TestKeys.merchant.publicKey))
        let serial = try #require(try directory.loadConfiguration().brandSerialNo)
        #expect(serial.range(of: "^[0-9A-F]{40}$", options: .regularExpression) != nil)
    }

    @Test func configBrandJSONLoadsAsABrandDirectConfigForTheSandboxsBrand() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay), brandKey: TestKeys.brand)
        let config = try CouponDeskConfig.load(path: directory.brandClientConfigPath)
        let sandbox = try directory.loadConfiguration()
        #expect(config.flavor == .brand)
        #expect(config.callerID == DemoData.brandID)
        #expect(config.serialNo == sandbox.brandSerialNo)
        #expect(config.wechatpayPublicKeyID == sandbox.wechatpayPublicKeyID)
        #expect(config.historyFile == directory.historyPath)
        let client = try config.makeClientConfiguration()
        #expect(client.flavor == .brand)
    }

    @Test func servingWritesItsAddressIntoBothConfigs() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay), brandKey: TestKeys.brand)
        try directory.setClientBaseURL("http://127.0.0.1:4242")
        #expect(try CouponDeskConfig.load(path: directory.clientConfigPath).baseURL.absoluteString == "http://127.0.0.1:4242")
        let brand = try CouponDeskConfig.load(path: directory.brandClientConfigPath)
        #expect(brand.baseURL.absoluteString == "http://127.0.0.1:4242")
        #expect(brand.flavor == .brand)
    }

    @Test func aSandboxMadeBeforeTheBrandFlavorGainsItOnce() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay), brandKey: TestKeys.brand) {
            $0.brandSerialNo = nil
        }
        for name in ["brand_private_key.pem", "brand_public_key.pem"] {
            try FileManager.default.removeItem(atPath: directory.file(name))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.brandClientConfigPath))
        try directory.setClientBaseURL("http://127.0.0.1:4343")
        #expect(!directory.hasBrandDirect)
        #expect(try directory.addBrandDirectIfMissing())
        #expect(directory.hasBrandDirect)
        #expect(try !directory.addBrandDirectIfMissing())
        let config = try CouponDeskConfig.load(path: directory.brandClientConfigPath)
        #expect(config.baseURL.absoluteString == "http://127.0.0.1:4343")
        let engine = try SandboxEngine(directory: directory)
        #expect(engine.configuration.brandSerialNo == config.serialNo)
        #expect(try directory.loadServerKeys().brandPublicKey != nil)
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// The signed read-only call (the stock of the defaults, PROTOCOL §8) against a "WeChat Pay" that
/// answers as each test needs: the request it makes, and what each kind of answer says about the config.
@Suite struct DoctorSignedCallTests {
    func run(_ fixture: DoctorFixture, _ server: FakeWeChatPay) async throws -> Diagnosis {
        let (facts, keys) = try fixture.keys()
        return await SignedCallCheck(facts: facts, keys: keys, transport: server, clock: SystemClock()).run()
    }

    @Test func thePartnerAsksForTheDefaultsStockSignedAndWithTheKeyID() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        _ = try await run(fixture, server)
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.canonicalURL == "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001?brand_id=120344")
        #expect(request.headers["Authorization"]?.hasPrefix("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\"") == true)
        #expect(request.headers["Authorization"]?.contains("serial_no=\"\(DoctorFixture.serial)\"") == true)
        #expect(request.headers["Wechatpay-Serial"] == DoctorFixture.publicKeyID)
        #expect(request.body.isEmpty)
    }

    @Test func theRequestsSignatureVerifiesWithOpenSSL() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        _ = try await run(fixture, server)
        let request = try #require(server.requests.first)
        let header = try AuthorizationHeader.parse(try #require(request.headers["Authorization"]))
        let message = SignatureMessage.request(method: "GET", canonicalURL: request.canonicalURL, timestamp: header.timestamp,
                                               nonce: header.nonce, body: Data())
        try message.write(to: URL(fileURLWithPath: fixture.dir.file("message")))
        try #require(Data(base64Encoded: header.signature)).write(to: URL(fileURLWithPath: fixture.dir.file("signature")))
        let verified = try runChild("openssl", ["dgst", "-sha256", "-verify", fixture.dir.file("apiclient_pub.pem"),
                                                "-signature", fixture.dir.file("signature"), fixture.dir.file("message")])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test func brandDirectAsksOnTheBrandPathWithoutBrandID() async throws {
        let fixture = try DoctorFixture()
        fixture.becomeBrand()
        let server = try FakeWeChatPay.signing(fixture)
        _ = try await run(fixture, server)
        let request = try #require(server.requests.first)
        #expect(request.canonicalURL == "/brand/marketing/product-coupon/product-coupons/1000000013/stocks/1000000013001")
        #expect(request.headers["Authorization"]?.hasPrefix("WECHATPAY-BRAND-SHA256-RSA2048 brand_id=\"120344\"") == true)
    }

    @Test func aVerifiedAnswerPasses() async throws {
        let fixture = try DoctorFixture()
        let line = try await run(fixture, try FakeWeChatPay.signing(fixture))
        #expect(line.status == .ok, "\(line)")
        #expect(line.finding.contains("verified with \(DoctorFixture.publicKeyID)"))
        #expect(line.finding.contains("stock SENDING"))
    }

    @Test func aSignErrorNamingTheSerialFailsOnTheSerial() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        server.status = 401
        server.body = Data(#"{"code":"SIGN_ERROR","message":"商户API证书序列号serial_no错误","detail":{"field":"serial_no"}}"#.utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.finding.contains("does not accept merchant_serial_no \(DoctorFixture.serial)"))
        #expect(line.finding.contains("SIGN_ERROR"))
    }

    @Test func aSignErrorOnTheSignatureFailsOnTheKey() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        server.status = 401
        server.body = Data(#"{"code":"SIGN_ERROR","message":"签名错误","detail":{"field":"signature"}}"#.utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.finding.contains("private_key_file is not the key of the certificate"))
    }

    @Test func anUnsignedSignErrorFromAGatewayStillFails() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay(signingKeyFile: nil)
        server.status = 401
        server.body = Data(#"{"code":"SIGN_ERROR","message":"错误的签名，验签失败"}"#.utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.advice?.contains("private_key_file") == true)
    }

    @Test func anAnswerSignedUnderAnotherKeyIDNamesTheRightOne() async throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_id"] = "PUB_KEY_ID_0114232134912410000000000001"
        let server = try FakeWeChatPay.signing(fixture)
        server.status = 400
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.finding.contains("signed by \(DoctorFixture.publicKeyID), not by the configured PUB_KEY_ID_0114232134912410000000000001"))
        #expect(line.advice?.hasPrefix("set wechatpay_public_key_id to \(DoctorFixture.publicKeyID)") == true)
    }

    @Test func anAnswerThatDoesNotVerifyWithThePublicKeyFileFails() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay(signingKeyFile: fixture.dir.file("other_key.pem"))
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.finding.contains("does not verify with pub_key.pem"))
    }

    @Test func anUnsignedAnswerOf200Fails() async throws {
        let fixture = try DoctorFixture()
        let line = try await run(fixture, try FakeWeChatPay(signingKeyFile: nil))
        #expect(line.status == .failure)
        #expect(line.advice?.contains("strip the Wechatpay-* headers") == true)
    }

    @Test func anUnsigned404MeansTheServerDoesNotOfferTheLookUp() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay(signingKeyFile: nil)
        server.status = 404
        server.body = Data("404 page not found".utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .warning)
        #expect(line.finding.hasPrefix("the server does not offer the stock look-up"))
    }

    @Test func aVerified404NamingTheStockSaysTheKeysWorkButTheStockIsMissing() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        server.status = 404
        server.body = Data(#"{"code":"RESOURCE_NOT_EXISTS","message":"商品券批次不存在","detail":{"field":"stock_id"}}"#.utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .warning)
        #expect(line.finding.contains("the keys work, but the stock was not found"))
    }

    @Test func noAnswerFails() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        server.failure = .timeout("no complete response within 10 s")
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(line.finding.contains("no answer"))
    }

    @Test func withoutDefaultsTheCallIsNotMadeAndThatIsAWarning() async throws {
        let fixture = try DoctorFixture()
        fixture.config["defaults"] = ["appid": "wx233544546545989"]
        let server = try FakeWeChatPay.signing(fixture)
        let line = try await run(fixture, server)
        #expect(line.status == .warning)
        #expect(line.finding.contains("defaults.product_coupon_id, defaults.stock_id, defaults.brand_id"))
        #expect(server.requests.isEmpty)
    }

    @Test func networkTextInTheAnswerIsSanitised() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        server.status = 403
        server.body = Data(#"{"code":"NO_AUTH","message":"\u001b[31m无权限\u001b]0;x\u0007"}"#.utf8)
        let line = try await run(fixture, server)
        #expect(line.status == .failure)
        #expect(!line.finding.unicodeScalars.contains { TerminalText.isUnsafe($0) })
    }
}

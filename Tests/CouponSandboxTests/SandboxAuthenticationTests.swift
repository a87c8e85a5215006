import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// Request authentication (PROTOCOL §2) and response signing (§3), in-process with a fixed clock.
@Suite struct SandboxAuthenticationTests {
    @Test func aCorrectlySignedPreSendIsIssuedWithAVerifiableResponse() throws {
        let fixture = try SandboxFixture()
        let reply = try fixture.send(SandboxFixture.body())
        #expect(reply.response.status == 200)
        #expect(reply.response.token?.isEmpty == false)
        #expect(reply.response.header("Request-ID")?.hasSuffix("-0") == true)
        #expect(reply.response.header("Wechatpay-Serial") == fixture.configuration.wechatpayPublicKeyID)
        #expect(reply.response.header("Wechatpay-Signature-Type") == "WECHATPAY2-SHA256-RSA2048")
        try fixture.verifier.verify(headers: reply.response.headers, body: reply.response.body)
    }

    @Test func authorizationFieldsAreParsedByKeyInAnyOrder() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(fields: SandboxFixture.body())
        let a = try AuthorizationHeader.parse(request.headers["Authorization"]!)
        request.headers["Authorization"] = "WECHATPAY2-SHA256-RSA2048 signature=\"\(a.signature)\", serial_no=\"\(a.serialNo)\",timestamp=\"\(a.timestamp)\",mchid=\"\(a.callerID)\",nonce_str=\"\(a.nonce)\""
        #expect(fixture.engine.handle(request).response.status == 200)
    }

    @Test func anyJSONLayoutIsAcceptedWhenTheSignatureCoversTheBytesReceived() throws {
        let fixture = try SandboxFixture()
        let body = Data("""
        {
          "send_request_no" : "SPACED_0001",   "appid":"\(DemoData.appid)",
          "stock_id": "\(DemoData.StockID.plenty)", "product_coupon_id": "\(DemoData.productCouponID)",
          "brand_id": "\(DemoData.brandID)"
        }
        """.utf8)
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o-spaced"), body: body)
        #expect(fixture.engine.handle(request).response.status == 200)
    }

    @Test func aMissingAuthorizationIsASignErrorAndTheErrorIsSigned() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(fields: SandboxFixture.body())
        request.headers["Authorization"] = nil
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(response.errorBody?.code == "SIGN_ERROR")
        #expect(response.numericCode != 0)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func aMalformedAuthorizationIsASignError() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(fields: SandboxFixture.body())
        request.headers["Authorization"] = "WECHATPAY2-SHA256-RSA2048 mchid=1900000001"
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(response.errorBody?.code == "SIGN_ERROR")
    }

    @Test func anotherMerchantsMchidIsRefused() throws {
        let fixture = try SandboxFixture()
        let stranger = RequestSigner(mchid: "1900000999", serialNo: fixture.configuration.merchantSerialNo,
                                     privateKey: try TestKeys.merchant, clock: fixture.clock)
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"),
                                                body: Data("{}".utf8), signer: stranger)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("mchid"))
    }

    @Test func aWrongCertificateSerialIsRefused() throws {
        let fixture = try SandboxFixture()
        let wrongSerial = RequestSigner(mchid: fixture.configuration.mchid, serialNo: "0123456789ABCDEF",
                                        privateKey: try TestKeys.merchant, clock: fixture.clock)
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"),
                                                body: Data("{}".utf8), signer: wrongSerial)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("serial_no"))
    }

    @Test(arguments: [-300.0, 300.0, -3600.0, 86_400.0])
    func aTimestampSkewOf300SecondsOrMoreIsRefused(skew: Double) throws {
        let fixture = try SandboxFixture()
        let skewed = RequestSigner(mchid: fixture.configuration.mchid, serialNo: fixture.configuration.merchantSerialNo,
                                   privateKey: try TestKeys.merchant, clock: FixedClock(noonInShanghai + skew))
        let body = try JSONEncoder().encode(SandboxFixture.body())
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: body, signer: skewed)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("timestamp"))
    }

    @Test(arguments: ["-9223372036854775808", "9223372036854775807"])
    func anOutOfRangeTimestampIsASignErrorNotACrash(timestamp: String) throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(fields: SandboxFixture.body())
        var authorization = try AuthorizationHeader.parse(try #require(request.headers["Authorization"]))
        authorization.timestamp = timestamp
        request.headers["Authorization"] = authorization.value
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        #expect(String(decoding: response.body, as: UTF8.self).contains("timestamp"))
    }

    @Test(arguments: [-299.0, 299.0])
    func aTimestampSkewUnder300SecondsIsAccepted(skew: Double) throws {
        let fixture = try SandboxFixture()
        let skewed = RequestSigner(mchid: fixture.configuration.mchid, serialNo: fixture.configuration.merchantSerialNo,
                                   privateKey: try TestKeys.merchant, clock: FixedClock(noonInShanghai + skew))
        let body = try JSONEncoder().encode(SandboxFixture.body())
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: body, signer: skewed)
        #expect(fixture.engine.handle(request).response.status == 200)
    }

    @Test func aSignatureOverOtherBytesIsASignErrorThatShowsTheExpectedMessage() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(openid: "o1", fields: SandboxFixture.body())
        // Re-serialised after signing: the most common real-world cause of SIGN_ERROR.
        request.body = Data(String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: ",", with: ", ").utf8)
        let response = fixture.engine.handle(request).response
        #expect(response.status == 401)
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let detail = try #require(object["detail"] as? [String: Any])
        let information = try #require(detail["sign_information"] as? [String: Any])
        #expect((information["truncated_sign_message"] as? String)?.hasPrefix("POST\n/v3/marketing/") == true)
        let a = try AuthorizationHeader.parse(request.headers["Authorization"]!)
        let received = SignatureMessage.request(method: "POST", canonicalURL: request.canonicalURL,
                                                timestamp: a.timestamp, nonce: a.nonce, body: request.body)
        #expect(information["sign_message_length"] as? Int == received.count)
        #expect(!String(decoding: response.body, as: UTF8.self).contains(a.signature))
    }

    @Test func aSignatureByAnotherKeyIsRefused() throws {
        let fixture = try SandboxFixture()
        let impostor = RequestSigner(mchid: fixture.configuration.mchid, serialNo: fixture.configuration.merchantSerialNo,
                                     privateKey: try TestKeys.wechatpay, clock: fixture.clock)
        let body = try JSONEncoder().encode(SandboxFixture.body())
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: body, signer: impostor)
        #expect(fixture.engine.handle(request).response.status == 401)
    }

    @Test func aRequestWechatpaySerialNamingAnotherKeyIsRefused() throws {
        let fixture = try SandboxFixture()
        var request = try fixture.request(fields: SandboxFixture.body())
        request.headers["Wechatpay-Serial"] = "PUB_KEY_ID_0000"
        let response = fixture.engine.handle(request).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
    }

    @Test func everyResponseCarriesARequestIDWithItsNumericCode() throws {
        let fixture = try SandboxFixture()
        let refused = try fixture.send(SandboxFixture.body(stockID: DemoData.StockID.paused)).response
        let id = try #require(refused.header("Request-ID"))
        #expect(id.range(of: "^[0-9A-F]+-268577984$", options: .regularExpression) != nil)
    }
}

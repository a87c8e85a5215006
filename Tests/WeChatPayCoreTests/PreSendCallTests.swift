import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct PreSendCallTests {
    let base = URL(string: "https://api.mch.weixin.qq.com")!

    @Test func bodyHasSortedKeysAndOmitsAbsentOptionalFields() throws {
        let body = String(decoding: PreSendCall.encodeBody(Fixture.request), as: UTF8.self)
        #expect(body == #"{"appid":"wx233544546545989","brand_id":"120344","product_coupon_id":"1000000013","send_request_no":"CD20261128_000001","stock_id":"1000000013001"}"#)
    }

    @Test func couponCodeIsNotSentUnlessGiven() throws {
        var request = Fixture.request
        request.couponCode = ""
        #expect(!String(decoding: PreSendCall.encodeBody(request), as: UTF8.self).contains("coupon_code"))
        request.couponCode = "CODE_01"
        #expect(String(decoding: PreSendCall.encodeBody(request), as: UTF8.self).contains(#""coupon_code":"CODE_01""#))
    }

    @Test func attachKeepsChineseAsUTF8AndSlashesUnescaped() throws {
        var request = Fixture.request
        request.attach = "会员日/活动 \"A\""
        let body = String(decoding: PreSendCall.encodeBody(request), as: UTF8.self)
        #expect(body.contains(#""attach":"会员日/活动 \"A\"""#))
    }

    struct BodyFields: Encodable {
        let appid: String, brand_id: String, product_coupon_id: String, send_request_no: String, stock_id: String
        let coupon_code: String?, attach: String?
    }

    @Test(arguments: ["会员日/活动", #"quote " and back\ slash"#, "emoji 🎟️ ok", "tab\there", ""])
    func bodyIsWhatJSONEncoderWritesWithSortedKeys(_ attach: String) throws {
        var request = Fixture.request
        request.attach = attach
        request.couponCode = "C_1"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(BodyFields(appid: request.appid, brand_id: request.brandID,
                                                     product_coupon_id: request.productCouponID,
                                                     send_request_no: request.sendRequestNo, stock_id: request.stockID,
                                                     coupon_code: "C_1", attach: attach.isEmpty ? nil : attach))
        #expect(String(decoding: PreSendCall.encodeBody(request), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func controlCharactersAreEscapedAndTheBodyParsesBack() throws {
        var request = Fixture.request
        request.attach = "a\u{1}b\u{1B}c\n"
        let body = PreSendCall.encodeBody(request)
        #expect(String(decoding: body, as: UTF8.self).contains(#""attach":"a\u0001b\u001bc\n""#))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
        #expect(object["attach"] == "a\u{1}b\u{1B}c\n")
        #expect(object["send_request_no"] == request.sendRequestNo)
    }

    @Test func openidIsEscapedAsOnePathSegment() throws {
        #expect(PreSendCall.escapePathSegment("abc-._~XYZ09") == "abc-._~XYZ09")
        #expect(PreSendCall.escapePathSegment("a/b?c#d%e f") == "a%2Fb%3Fc%23d%25e%20f")
        #expect(PreSendCall.escapePathSegment("用户") == "%E7%94%A8%E6%88%B7")
        #expect(PreSendCall.escapePathSegment("a+b=c&d") == "a%2Bb%3Dc%26d")
    }

    @Test func canonicalURLIsTheEscapedPathAndTheURLCarriesItUnchanged() throws {
        var request = Fixture.request
        request.openid = "o/../x?y"
        let call = PreSendCall(request: request, baseURL: base)
        #expect(call.canonicalURL == "/v3/marketing/partner/product-coupon/users/o%2F..%2Fx%3Fy/pre-send-coupon")
        #expect(call.url.absoluteString == "https://api.mch.weixin.qq.com" + call.canonicalURL)
    }

    @Test func baseURLPathAndPortArePartOfTheSignedPath() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: URL(string: "http://127.0.0.1:8443/prefix/")!)
        #expect(call.canonicalURL.hasPrefix("/prefix/v3/marketing/"))
        #expect(call.url.absoluteString.hasPrefix("http://127.0.0.1:8443/prefix/v3/"))
    }

    @Test func requestCarriesTheFiveHeadersAndSignsTheExactBodyBytes() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: base)
        let signer = try Fixture.signer()
        let http = try call.httpRequest(signer: signer, wechatpayPublicKeyID: Fixture.publicKeyID)
        #expect(http.method == "POST")
        #expect(http.body == call.body)
        #expect(http.headers["Accept"] == "application/json")
        #expect(http.headers["Content-Type"] == "application/json")
        #expect(http.headers["User-Agent"] == "CouponDesk/\(CouponDeskVersion.current)")
        #expect(http.headers["Wechatpay-Serial"] == Fixture.publicKeyID)
        let auth = try AuthorizationHeader.parse(try #require(http.headers["Authorization"]))
        let message = SignatureMessage.request(method: "POST", canonicalURL: call.canonicalURL,
                                               timestamp: auth.timestamp, nonce: auth.nonce, body: http.body)
        let signature = try #require(Data(base64Encoded: auth.signature))
        #expect(try Fixture.merchantKey.publicKey.verify(signature: signature, message: message))
        #expect(auth.callerID == "1900000001")
        #expect(auth.flavor == .partner)
    }

    @Test func wechatpaySerialIsOmittedInPlatformCertificateMode() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: base)
        let http = try call.httpRequest(signer: try Fixture.signer(), wechatpayPublicKeyID: nil)
        #expect(http.headers["Wechatpay-Serial"] == nil)
    }

    @Test func eachAttemptGetsAFreshSignatureOverTheSameBody() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: base)
        let signer = try Fixture.signer(clock: SystemClock())
        let first = try call.httpRequest(signer: signer, wechatpayPublicKeyID: nil)
        let second = try call.httpRequest(signer: signer, wechatpayPublicKeyID: nil)
        #expect(first.body == second.body)
        #expect(first.headers["Authorization"] != second.headers["Authorization"])
    }
}

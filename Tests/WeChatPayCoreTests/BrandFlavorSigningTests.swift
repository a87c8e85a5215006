import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// The brand-direct flavor on the wire (PROTOCOL §7) and the generalised signed request (§2, §8):
/// reproduced byte for byte by an independent signer, `openssl dgst`.
@Suite struct BrandFlavorSigningTests {
    static let base = URL(string: "https://api.mch.weixin.qq.com")!
    static let nonce = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    static let brandSerial = "6B0F3A0C9D2E4F5A6B7C8D9E0F1A2B3C4D5E6F70"

    static func brandSigner() throws -> RequestSigner {
        RequestSigner(flavor: .brand, callerID: "120344", serialNo: brandSerial.lowercased(), privateKey: try Fixture.merchantKey,
                      clock: FixedClock(Fixture.now), nonces: FixedNonceSource(nonce))
    }

    /// `openssl dgst -sha256 -sign` over `message`, Base64: the independent oracle.
    static func opensslSignature(_ message: String) throws -> String {
        let (status, output) = try runOpenSSL(["dgst", "-sha256", "-sign", SigningVectorFixture.privateKeyPath()],
                                           stdin: Data(message.utf8))
        #expect(status == 0)
        return output.base64EncodedString()
    }

    @Test func brandPreSendSignatureIsReproducedByteForByteByOpenSSL() throws {
        var request = Fixture.request
        request.attach = "会员日"
        let call = PreSendCall(request: request, baseURL: Self.base, flavor: .brand)
        let http = try call.httpRequest(signer: try Self.brandSigner(), wechatpayPublicKeyID: Fixture.publicKeyID)
        // The message written out by hand, as a third-party brand client builds it.
        let body = #"{"appid":"wx233544546545989","attach":"会员日","product_coupon_id":"1000000013","send_request_no":"CD20261128_000001","stock_id":"1000000013001"}"#
        let message = "POST\n/brand/marketing/product-coupon/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o/pre-send-coupon\n1764300000\n\(Self.nonce)\n\(body)\n"
        let signature = try Self.opensslSignature(message)
        #expect(http.body == Data(body.utf8))
        #expect(http.headers["Authorization"] == "WECHATPAY-BRAND-SHA256-RSA2048 brand_id=\"120344\",nonce_str=\"\(Self.nonce)\",timestamp=\"1764300000\",serial_no=\"\(Self.brandSerial)\",signature=\"\(signature)\"")
    }

    @Test func brandPathHasTheBrandPrefixAndNoV3() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: Self.base, flavor: .brand)
        #expect(call.canonicalURL == "/brand/marketing/product-coupon/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o/pre-send-coupon")
        #expect(call.url.absoluteString == "https://api.mch.weixin.qq.com" + call.canonicalURL)
    }

    @Test func brandBodyOmitsBrandIDAndPartnerBodyKeepsIt() throws {
        let brand = String(decoding: PreSendCall.encodeBody(Fixture.request, flavor: .brand), as: UTF8.self)
        #expect(brand == #"{"appid":"wx233544546545989","product_coupon_id":"1000000013","send_request_no":"CD20261128_000001","stock_id":"1000000013001"}"#)
        let partner = String(decoding: PreSendCall.encodeBody(Fixture.request, flavor: .partner), as: UTF8.self)
        #expect(partner.contains(#""brand_id":"120344""#))
    }

    @Test func brandRequestAlwaysCarriesTheWeChatPayPublicKeyIDAsWechatpaySerial() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: Self.base, flavor: .brand)
        let http = try call.httpRequest(signer: try Self.brandSigner(), wechatpayPublicKeyID: Fixture.publicKeyID)
        #expect(http.headers["Wechatpay-Serial"] == Fixture.publicKeyID)
        #expect(http.headers["Accept"] == "application/json")
        #expect(http.headers["Content-Type"] == "application/json")
    }

    @Test func brandRequestWithoutAPublicKeyIDIsNotSigned() throws {
        let call = PreSendCall(request: Fixture.request, baseURL: Self.base, flavor: .brand)
        #expect(throws: SigningError.wechatpaySerialRequired(.brand)) {
            try call.httpRequest(signer: try Self.brandSigner(), wechatpayPublicKeyID: nil)
        }
    }

    @Test func getSignsThePathWithItsQueryAsSentAndAnEmptyBodyLine() throws {
        let request = WeChatPayRequest(method: "GET", path: "/v3/marketing/partner/product-coupon/users/o1/coupons",
                                       query: [("appid", "wx1"), ("brand_id", "120344"), ("page_size", "20")], baseURL: Self.base)
        let signer = RequestSigner(mchid: "1900000001", serialNo: "F5765756002FDD77", privateKey: try Fixture.merchantKey,
                                   clock: FixedClock(Fixture.now), nonces: FixedNonceSource(Self.nonce))
        let http = try request.httpRequest(signer: signer, wechatpayPublicKeyID: Fixture.publicKeyID)
        let url = "/v3/marketing/partner/product-coupon/users/o1/coupons?appid=wx1&brand_id=120344&page_size=20"
        #expect(http.method == "GET")
        #expect(http.body.isEmpty)
        #expect(http.canonicalURL == url)
        #expect(http.url.absoluteString == "https://api.mch.weixin.qq.com" + url)
        let signature = try Self.opensslSignature("GET\n\(url)\n1764300000\n\(Self.nonce)\n\n")
        #expect(try AuthorizationHeader.parse(try #require(http.headers["Authorization"])).signature == signature)
    }

    @Test func queryIsEncodedOnceAndTheURLCarriesTheSameBytes() throws {
        let request = WeChatPayRequest(method: "GET", path: "/brand/marketing/product-coupon/users/o1/coupons",
                                       query: [("page_token", "a+b=c&d e/中")], baseURL: URL(string: "http://127.0.0.1:8080/base/")!)
        #expect(request.canonicalURL == "/base/brand/marketing/product-coupon/users/o1/coupons?page_token=a%2Bb%3Dc%26d%20e%2F%E4%B8%AD")
        #expect(request.url.absoluteString == "http://127.0.0.1:8080" + request.canonicalURL)
        #expect(request.url.query == "page_token=a%2Bb%3Dc%26d%20e%2F%E4%B8%AD")
    }

    @Test func brandHeaderParsesBackByKeyInAnyOrder() throws {
        let text = #"WECHATPAY-BRAND-SHA256-RSA2048 signature="c2ln",serial_no="ABC",timestamp="1",nonce_str="n",brand_id="120344""#
        #expect(try AuthorizationHeader.parse(text) == AuthorizationHeader(flavor: .brand, callerID: "120344", nonce: "n",
                                                                           timestamp: "1", serialNo: "ABC", signature: "c2ln"))
    }

    @Test func brandSchemeNamingAnMchidInsteadOfABrandIsMissingItsCaller() throws {
        let text = #"WECHATPAY-BRAND-SHA256-RSA2048 mchid="1900000001",nonce_str="n",timestamp="1",serial_no="ABC",signature="c2ln""#
        #expect(throws: AuthorizationHeader.ParseError.missingParameter("brand_id")) { try AuthorizationHeader.parse(text) }
    }

    @Test func anUnknownSchemeNamesBothKnownSchemes() throws {
        do { _ = try AuthorizationHeader.parse(#"Bearer x="1""#); Issue.record("accepted") } catch {
            #expect(String(describing: error).contains("WECHATPAY2-SHA256-RSA2048"))
            #expect(String(describing: error).contains("WECHATPAY-BRAND-SHA256-RSA2048"))
        }
    }
}

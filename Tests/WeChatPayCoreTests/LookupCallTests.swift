import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// The look-ups and the confirm as signed requests (PROTOCOL §8–9): paths, queries and bodies of both
/// flavors, and a GET's signature over the query exactly as sent.
@Suite struct LookupCallTests {
    static let base = URL(string: "https://api.mch.weixin.qq.com")!
    static let query = UserCouponsQuery(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", appid: "wx233544546545989", brandID: "120344",
                                        productCouponID: "1000000013", stockID: "1000000013001")

    @Test func aGETsSignatureCoversThePathWithItsQueryAndAnEmptyBodyLineAsOpenSSLSignsIt() throws {
        let signer = RequestSigner(mchid: "1900000001", serialNo: "F5765756002FDD77", privateKey: try Fixture.merchantKey,
                                   clock: FixedClock(Fixture.now), nonces: FixedNonceSource("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"))
        let request = Self.query.request(pageToken: "next+page/2=", baseURL: Self.base, flavor: .partner)
        let http = try request.httpRequest(signer: signer, wechatpayPublicKeyID: Fixture.publicKeyID)
        let canonical = "/v3/marketing/partner/product-coupon/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o/coupons?appid=wx233544546545989&brand_id=120344&page_size=20&page_token=next%2Bpage%2F2%3D&product_coupon_id=1000000013&stock_id=1000000013001"
        #expect(http.canonicalURL == canonical)
        #expect(http.method == "GET" && http.body.isEmpty)
        let message = "GET\n\(canonical)\n1764300000\nABCDEFGHIJKLMNOPQRSTUVWXYZ012345\n\n"
        let signed = try runChild("openssl", ["dgst", "-sha256", "-sign", SigningVectorFixture.privateKeyPath()],
                                  stdin: Data(message.utf8))
        #expect(signed.status == 0)
        let output = signed.stdoutData
        let header = try AuthorizationHeader.parse(try #require(http.headers["Authorization"]))
        #expect(header.signature == output.base64EncodedString())
    }

    @Test func theURLSentIsExactlyTheSignedPathAndQuery() throws {
        var query = Self.query
        query.openid = "o/ä b"
        query.appid = "wx&x=1 +"
        let request = query.request(pageToken: nil, baseURL: URL(string: "https://example.com/prefix/")!, flavor: .partner)
        #expect(request.canonicalURL.hasPrefix("/prefix/v3/marketing/partner/product-coupon/users/o%2F%C3%A4%20b/coupons?appid=wx%26x%3D1%20%2B&"))
        #expect(request.url.absoluteString == "https://example.com" + request.canonicalURL)
        #expect(request.url.query == String(request.canonicalURL.split(separator: "?", maxSplits: 1)[1]))
    }

    @Test func aBrandDirectLookupHasTheBrandPrefixAndNoBrandID() throws {
        let coupons = Self.query.request(pageToken: nil, baseURL: Self.base, flavor: .brand)
        #expect(coupons.canonicalURL == "/brand/marketing/product-coupon/users/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o/coupons?appid=wx233544546545989&page_size=20&product_coupon_id=1000000013&stock_id=1000000013001")
        let stock = StockQuery(brandID: "120344", productCouponID: "1000000013", stockID: "1000000013001")
        #expect(stock.request(baseURL: Self.base, flavor: .brand).canonicalURL == "/brand/marketing/product-coupon/product-coupons/1000000013/stocks/1000000013001")
        #expect(stock.request(baseURL: Self.base, flavor: .partner).canonicalURL == "/v3/marketing/partner/product-coupon/product-coupons/1000000013/stocks/1000000013001?brand_id=120344")
        let one = UserCouponQuery(openid: "o1", couponCode: "C 1", appid: "wx1", brandID: "120344", productCouponID: "P", stockID: "S")
        #expect(one.request(baseURL: Self.base, flavor: .partner).canonicalURL == "/v3/marketing/partner/product-coupon/users/o1/coupons/C%201?appid=wx1&brand_id=120344&product_coupon_id=P&stock_id=S")
        #expect(one.request(baseURL: Self.base, flavor: .brand).canonicalURL == "/brand/marketing/product-coupon/users/o1/coupons/C%201?appid=wx1&product_coupon_id=P&stock_id=S")
    }

    @Test func aConfirmPostsItsFieldsWithBrandIDOnlyForAPartner() throws {
        let confirm = ConfirmRequest(openid: "o1", couponCode: "123456", brandID: "120344", productCouponID: "P", stockID: "S",
                                     appid: "wx1", outRequestNo: "CF20261128_0001")
        let partner = confirm.request(baseURL: Self.base, flavor: .partner)
        #expect(partner.method == "POST")
        #expect(partner.canonicalURL == "/v3/marketing/partner/product-coupon/users/o1/coupons/123456/confirm")
        #expect(String(decoding: partner.body, as: UTF8.self) == #"{"appid":"wx1","brand_id":"120344","out_request_no":"CF20261128_0001","product_coupon_id":"P","stock_id":"S"}"#)
        let brand = confirm.request(baseURL: Self.base, flavor: .brand)
        #expect(brand.canonicalURL == "/brand/marketing/product-coupon/users/o1/coupons/123456/confirm")
        #expect(String(decoding: brand.body, as: UTF8.self) == #"{"appid":"wx1","out_request_no":"CF20261128_0001","product_coupon_id":"P","stock_id":"S"}"#)
    }

    @Test func lookupFieldsAreCheckedBeforeAnythingIsBuilt() {
        var query = Self.query
        query.openid = ".."
        query.appid = ""
        #expect(query.problems(flavor: .partner) == ["openid: not \"..\"", "appid: required"])
        query = Self.query
        query.brandID = ""
        #expect(query.problems(flavor: .brand).isEmpty, "brand-direct sends no brand_id")
        #expect(query.problems(flavor: .partner) == ["brand_id: required"])
    }

    @Test func generatedOutRequestNumbersKeepTheRule() {
        let number = ConfirmRequest.generateOutRequestNo()
        #expect(number.hasPrefix("CF"))
        #expect(ConfirmRequest.outRequestNoProblem(number) == nil)
        #expect(ConfirmRequest.outRequestNoProblem("a b") == "out_request_no: 6–40 characters of 0-9 A-Z a-z _ -, got a character outside that set")
    }
}

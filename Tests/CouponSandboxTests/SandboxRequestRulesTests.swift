import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// Body rules (PROTOCOL §1), lookups and business preconditions.
@Suite struct SandboxRequestRulesTests {
    static let fieldProblems: [(field: String, value: String?)] = [
        ("brand_id", nil), ("product_coupon_id", nil), ("stock_id", nil), ("appid", nil), ("send_request_no", nil),
        ("send_request_no", "12345"), ("send_request_no", String(repeating: "a", count: 41)),
        ("send_request_no", "has space1"), ("coupon_code", String(repeating: "c", count: 41)),
        ("coupon_code", "bad*code"), ("attach", String(repeating: "附", count: 151)),
    ]

    @Test(arguments: fieldProblems)
    func aBodyFieldBreakingItsRuleIsAParamErrorNamingTheField(field: String, value: String?) throws {
        let fixture = try SandboxFixture()
        var fields = SandboxFixture.body(stockID: DemoData.StockID.apiAssign, couponCode: "CODE1")
        fields[field] = value
        let response = try fixture.send(fields).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect((object["detail"] as? [String: Any])?["field"] as? String == field)
        #expect(response.errorBody?.message.contains(field) == true)
    }

    @Test func attachOf150ChineseCharactersIsAccepted() throws {
        let fixture = try SandboxFixture()
        let response = try fixture.send(SandboxFixture.body(attach: String(repeating: "附", count: 150))).response
        #expect(response.status == 200)
    }

    @Test func aFieldThatIsNotAStringIsAParamError() throws {
        let fixture = try SandboxFixture()
        var object: [String: Any] = SandboxFixture.body()
        object["stock_id"] = 1000000013001
        let body = try JSONSerialization.data(withJSONObject: object)
        let response = fixture.engine.handle(try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: body)).response
        #expect(response.status == 400)
        #expect(response.errorBody?.message.contains("stock_id") == true)
    }

    @Test func aBodyThatIsNotJSONIsAParamError() throws {
        let fixture = try SandboxFixture()
        let request = try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: Data("brand_id=1".utf8))
        let response = fixture.engine.handle(request).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
    }

    @Test func anOpenidWithASpaceIsRefusedWithTheOpenidCode() throws {
        let fixture = try SandboxFixture()
        let response = try fixture.send(openid: "o user", SandboxFixture.body()).response
        #expect(response.status == 400)
        #expect(response.numericCode == 268578526)
    }

    @Test func aPercentEncodedOpenidIsDecodedAfterTheSignatureCheck() throws {
        let fixture = try SandboxFixture()
        let path = SandboxEngine.preSendPathPrefix + "o%2Bplus" + SandboxEngine.preSendPathSuffix
        let body = try JSONEncoder().encode(SandboxFixture.body(stockID: DemoData.StockID.perUser))
        #expect(fixture.engine.handle(try fixture.signedRequest(path: path, body: body)).response.status == 200)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.perUser).issuedByUser["o+plus"] == 1)
    }

    @Test func anUnknownPathIsResourceNotExists() throws {
        let fixture = try SandboxFixture()
        let response = fixture.engine.handle(try fixture.signedRequest(path: "/v3/marketing/other", body: Data("{}".utf8))).response
        #expect(response.status == 404)
        #expect(response.errorBody?.code == "RESOURCE_NOT_EXISTS")
    }

    @Test(arguments: [("brand_id", "999999"), ("product_coupon_id", "999"), ("stock_id", "999")])
    func anUnknownBrandCouponOrStockIsResourceNotExists(field: String, value: String) throws {
        let fixture = try SandboxFixture()
        var fields = SandboxFixture.body()
        fields[field] = value
        let response = try fixture.send(fields).response
        #expect(response.status == 404)
        #expect(response.errorBody?.code == "RESOURCE_NOT_EXISTS")
        #expect(response.errorBody?.message.contains(field) == true)
    }

    @Test func anAppidNotLinkedToTheBrandIsAnInvalidRequest() throws {
        let fixture = try SandboxFixture()
        let response = try fixture.send(SandboxFixture.body(appid: DemoData.unlinkedAppid)).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "INVALID_REQUEST")
        #expect(response.numericCode == 268578704)
    }

    @Test func aPausedStockIsNotSending() throws {
        let fixture = try SandboxFixture()
        let response = try fixture.send(SandboxFixture.body(stockID: DemoData.StockID.paused)).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "INVALID_REQUEST")
        #expect(response.numericCode == 268577984)
        #expect(response.errorBody?.message.contains("不是发放中") == true)
    }

    @Test func anAPIAssignStockNeedsACouponCode() throws {
        let fixture = try SandboxFixture()
        let missing = try fixture.send(SandboxFixture.body(stockID: DemoData.StockID.apiAssign)).response
        #expect(missing.status == 400)
        #expect(missing.errorBody?.code == "PARAM_ERROR")
        #expect(missing.errorBody?.message.contains("coupon_code") == true)
        let given = try fixture.send(SandboxFixture.body(stockID: DemoData.StockID.apiAssign, couponCode: "CODE-1")).response
        #expect(given.status == 200)
    }

    @Test func aCouponCodeIsRefusedWhenTheStockIsNotAPIAssign() throws {
        let fixture = try SandboxFixture()
        let response = try fixture.send(SandboxFixture.body(couponCode: "CODE-1")).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
        #expect(response.errorBody?.message.contains("coupon_code") == true)
    }

    @Test func everyErrorBodyHasACodeAChineseMessageAndADetail() throws {
        let fixture = try SandboxFixture()
        var unauthenticated = try fixture.request(fields: SandboxFixture.body())
        unauthenticated.headers["Authorization"] = nil
        let responses = [
            fixture.engine.handle(unauthenticated).response,
            try fixture.send(SandboxFixture.body(stockID: DemoData.StockID.paused)).response,
            try fixture.send(SandboxFixture.body(appid: DemoData.unlinkedAppid)).response,
            try fixture.send(SandboxFixture.body(stockID: "404")).response,
            try fixture.send(SandboxFixture.body(sendRequestNo: "short")).response,
            fixture.engine.handle(try fixture.signedRequest(path: "/v3/elsewhere", body: Data())).response,
        ]
        for response in responses {
            let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
            #expect(object["code"] is String)
            #expect((object["message"] as? String)?.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } == true)
            #expect(object["detail"] is [String: Any])
        }
    }

    @Test func overTheRateLimitThePartnerGets429WithTheRateLimitCode() throws {
        let fixture = try SandboxFixture { $0.rateLimitPerSecond = 2 }
        let statuses = try (0..<3).map { _ in try fixture.send(SandboxFixture.body()).response }
        #expect(statuses.map(\.status) == [200, 200, 429])
        #expect(statuses[2].errorBody?.code == "RATELIMIT_EXCEEDED")
        #expect(statuses[2].numericCode == 270924289)
        fixture.clock.advance(seconds: 1)
        #expect(try fixture.send(SandboxFixture.body()).response.status == 200)
    }
}

import Foundation
import Testing
@testable import WeChatPayCore

/// The look-ups through the pre-send's machinery: paging to the end (bounded), tolerant decoding,
/// retries, and what a refusal or an untrusted answer comes to.
@Suite struct LookupClientTests {
    static func client(_ transport: ScriptedTransport, flavor: APIFlavor = .partner) throws -> LookupClient {
        let configuration = flavor == .partner ? try Fixture.configuration() : try BrandFlavorClientTests.brandConfiguration()
        return LookupClient(configuration: configuration, transport: transport, sleeper: RecordingSleeper())
    }

    static func page(_ codes: [String], next: String?, extra: String = "") throws -> HTTPResponse {
        let entries = codes.map { #"{"coupon_code":"\#($0)","coupon_state":"EFFECTIVE","send_request_no":"SRN\#($0)"}"# }
        let nextField = next.map { #","next_page_token":"\#($0)""# } ?? ""
        return try Fixture.signedResponse(status: 200, body: #"{"total_count":5,"user_coupon_list":[\#(entries.joined(separator: ","))]\#(nextField)\#(extra)}"#)
    }

    @Test func pagesAreFollowedToTheEndEachAskingForTheTokenThePreviousPageGave() async throws {
        let transport = ScriptedTransport([.respond(try Self.page(["1", "2"], next: "t2")), .respond(try Self.page(["3", "4"], next: "t/3")),
                                           .respond(try Self.page(["5"], next: nil))])
        let list = try await Self.client(transport).userCoupons(LookupCallTests.query).get()
        #expect(list.entries.compactMap(\.couponCode) == ["1", "2", "3", "4", "5"])
        #expect(list.pages == 3 && list.isComplete && list.totalCount == 5)
        let urls = transport.sent.map(\.canonicalURL)
        #expect(!urls[0].contains("page_token"))
        #expect(urls[1].contains("page_token=t2&"))
        #expect(urls[2].contains("page_token=t%2F3&"))
        #expect(transport.sent.allSatisfy { $0.method == "GET" && $0.body.isEmpty })
    }

    @Test func pagingStopsAfterFiftyPagesSayingSo() async throws {
        var steps: [ScriptedTransport.Step] = []
        for page in 0..<60 { steps.append(.respond(try Self.page(["c\(page)"], next: "t\(page + 1)"))) }
        let scripted = ScriptedTransport(steps)
        let list = try await Self.client(scripted).userCoupons(LookupCallTests.query).get()
        #expect(scripted.sent.count == 50)
        #expect(list.pages == 50 && list.entries.count == 50)
        #expect(!list.isComplete)
        #expect(list.incompleteReason?.contains("stopped after 50 pages") == true)
    }

    @Test func aPageTokenGivenTwiceEndsPaging() async throws {
        let transport = ScriptedTransport([.respond(try Self.page(["1"], next: "same")), .respond(try Self.page(["2"], next: "same"))])
        let list = try await Self.client(transport).userCoupons(LookupCallTests.query).get()
        #expect(transport.sent.count == 2)
        #expect(!list.isComplete)
        #expect(list.incompleteReason?.contains("a second time") == true)
    }

    @Test func unknownFieldsAndEnumValuesAreKeptAndAMistypedFieldCostsNothing() async throws {
        let body = #"{"user_coupon_list":[{"coupon_code":"9","coupon_state":"FROZEN","receive_time":12,"future_field":{"a":[1,2.5,true,null]}},"not an object"]}"#
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 200, body: body))])
        let list = try await Self.client(transport).userCoupons(LookupCallTests.query).get()
        #expect(list.entries.count == 2)
        let entry = list.entries[0]
        #expect(entry.state == CouponState(rawValue: "FROZEN"))
        #expect(entry.state?.isKnown == false)
        #expect(entry.receiveTime == nil)
        #expect(entry.couponCode == "9")
        #expect(entry.raw["future_field"] == .object(["a": .array([.int(1), .double(2.5), .bool(true), .null])]))
        #expect(entry.raw.jsonText() == #"{"coupon_code":"9","coupon_state":"FROZEN","future_field":{"a":[1,2.5,true,null]},"receive_time":12}"#)
        #expect(list.entries[1].raw == .string("not an object"))
        #expect(list.entries[1].couponCode == nil)
    }

    @Test func aLookupIsRetriedAfterA5xxWithTheSameURLAndAFreshSignature() async throws {
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 500, body: Fixture.errorBody("SYSTEM_ERROR", "busy"))),
                                           .respond(try Self.page(["1"], next: nil))])
        let list = try await Self.client(transport).userCoupons(LookupCallTests.query).get()
        #expect(list.entries.count == 1)
        #expect(transport.sent.count == 2)
        #expect(transport.sent[0].url == transport.sent[1].url)
    }

    @Test func aRefusalIsADefiniteNoAndAnUntrustedAnswerIsUnknown() async throws {
        let notFound = ScriptedTransport([.respond(try Fixture.signedResponse(status: 404, body: Fixture.errorBody("RESOURCE_NOT_EXISTS", "用户券不存在"),
                                                                              requestID: "0801-268578851"))])
        let query = UserCouponQuery(openid: "o1", couponCode: "C1", appid: "wx1", brandID: "120344", productCouponID: "P", stockID: "S")
        guard case .failure(.refused(let error, let requestID)) = try await Self.client(notFound).userCoupon(query) else {
            Issue.record("not refused"); return
        }
        #expect(error.category == .notFound && requestID == "0801-268578851")

        let unsigned = HTTPResponse(status: 200, headers: ["Request-ID": "R-0"], body: Data(#"{"stock_id":"S"}"#.utf8))
        let stock = StockQuery(brandID: "120344", productCouponID: "P", stockID: "S")
        guard case .failure(.unknown(let untrusted, _)) = try await Self.client(ScriptedTransport([.respond(unsigned)])).stock(stock) else {
            Issue.record("an unsigned answer was trusted"); return
        }
        #expect(untrusted.category == .signatureInvalid)

        let notObject = ScriptedTransport([.respond(try Fixture.signedResponse(status: 200, body: "[1]"))])
        guard case .failure(.unknown(let malformed, _)) = try await Self.client(notObject).stock(stock) else {
            Issue.record("a list was taken for a stock"); return
        }
        #expect(malformed.category == .malformedResponse)
    }

    @Test func theStocksBudgetIsReadWithWhatIsLeft() async throws {
        let body = #"{"stock_id":"S","product_coupon_id":"P","state":"SENDING","coupon_code_mode":"WECHATPAY","stock_send_rule":{"max_count":100,"max_count_per_day":10,"max_count_per_user":2},"sent_count_info":{"total_count":97,"today_count":10},"new_rule":"x"}"#
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 200, body: body))])
        let stock = try await Self.client(transport).stock(StockQuery(brandID: "120344", productCouponID: "P", stockID: "S")).get()
        #expect(stock.state == .sending)
        #expect(stock.maxCount == 100 && stock.sentTotal == 97 && stock.remainingTotal == 3)
        #expect(stock.maxCountPerDay == 10 && stock.sentToday == 10 && stock.remainingToday == 0)
        #expect(stock.maxCountPerUser == 2)
        #expect(stock.unknownFields == ["new_rule"])
    }

    @Test func aBrandDirectLookupIsSignedWithTheBrandScheme() async throws {
        let transport = ScriptedTransport([.respond(try Self.page([], next: nil))])
        _ = try await Self.client(transport, flavor: .brand).userCoupons(LookupCallTests.query).get()
        let sent = try #require(transport.sent.first)
        #expect(sent.headers["Authorization"]?.hasPrefix("WECHATPAY-BRAND-SHA256-RSA2048 brand_id=\"120344\"") == true)
        #expect(sent.headers["Wechatpay-Serial"] == Fixture.publicKeyID)
        #expect(!sent.canonicalURL.contains("brand_id"))
    }

    @Test func invalidFieldsSendNothing() async throws {
        let transport = ScriptedTransport([.respond(try Self.page([], next: nil))])
        var query = LookupCallTests.query
        query.openid = "o 1"
        guard case .failure(.invalidQuery(let problems)) = try await Self.client(transport).userCoupons(query) else {
            Issue.record("sent"); return
        }
        #expect(problems.first?.hasPrefix("openid:") == true)
        #expect(transport.sent.isEmpty)
    }
}

@Suite struct JSONValueTests {
    @Test func aValueRoundTripsWithBooleansNumbersAndNesting() throws {
        let text = #"{"b":false,"d":-0.25,"i":9007199254740993,"n":null,"o":{"k":["x",1]},"s":"中文\u001b"}"#
        let value = try #require(JSONValue.parse(Data(text.utf8)))
        #expect(value["b"] == .bool(false))
        #expect(value["i"] == .int(9007199254740993))
        #expect(value["d"] == .double(-0.25))
        #expect(value["o"]?["k"] == .array([.string("x"), .int(1)]))
        #expect(JSONValue.parse(Data(value.jsonText().utf8)) == value)
        #expect(!value.jsonText().contains("\u{1B}"))
    }

    @Test func terminalControlsInStringsAreEscapedWhenPrinted() throws {
        let value = JSONValue.object(["m": .string("a\u{9B}b\u{202E}c")])
        #expect(value.jsonText() == #"{"m":"a\u009bb\u202ec"}"#)
    }
}

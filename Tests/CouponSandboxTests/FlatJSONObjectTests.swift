import Foundation
@testable import CouponSandbox
import Testing
import WeChatPayCore

/// Request bodies read without JSONSerialization: what the direct reading takes it reads as
/// JSONSerialization does, and everything else is JSONSerialization's to read.
@Suite struct FlatJSONObjectTests {
    /// The object as text, keys sorted, values' types kept, so two readings can be compared.
    static func describe(_ object: [String: Any]?) -> String {
        guard let object else { return "not an object" }
        return object.keys.sorted().map { key -> String in
            let value = object[key]!
            if let text = value as? String { return "\(key.debugDescription)=string \(text.debugDescription)" }
            if value is NSNull { return "\(key.debugDescription)=null" }
            return "\(key.debugDescription)=other \(value)"
        }.joined(separator: ", ")
    }

    static func foundation(_ body: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// Bodies a client sends and bodies nobody should: layouts, nulls, escapes, numbers, nesting, repeated
    /// keys, bad UTF-8, control characters, byte-order marks, UTF-16, trailing text.
    static let bodies: [[UInt8]] = {
        var texts = [
            #"{"appid":"wx233544546545989","brand_id":"120344","product_coupon_id":"1000000013","send_request_no":"CD20261128_a1","stock_id":"1000000013001"}"#,
            "{\n  \"a\" : \"1\" ,\t\"b\":\"2\"\r\n}\n", "{}", " { } ", "{\"a\":null}", "{\"a\":nul}", "{\"a\":nullx}", "{\"a\":null,}",
            "{\"attach\":\"会员日活动\"}", "{\"a\":\"x\\\"y\"}", "{\"a\":\"\\u0041\"}", "{\"a\":\"x/y\"}", "{\"a\":1}", "{\"a\":true}",
            "{\"a\":{\"b\":\"c\"}}", "{\"a\":[\"b\"]}", "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":\"1\"} x", "{\"a\":\"1\"", "{\"a\" \"1\"}",
            "[\"a\"]", "\"a\"", "", " ", "{,}", "{\"a\":\"1\",}", "{\"a\":\"\u{7F}\"}", "{\"\":\"\"}", "{\"e\u{301}\":\"1\",\"\u{E9}\":\"2\"}",
            "{\"a\":\"\u{FFFD}\"}", "{\"a\":\"x\"}\u{0}", "{\"a\" : \"1\"\u{0B}}", "{\"a\":\"🎟\"}",
        ].map { Array($0.utf8) }
        texts.append([0xEF, 0xBB, 0xBF] + Array(#"{"a":"1"}"#.utf8))      // UTF-8 byte-order mark
        texts.append(Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))  // not UTF-8
        texts.append(Array(#"{"a":""#.utf8) + [0x09] + Array(#""}"#.utf8))       // a raw tab in a string
        texts.append(Array(#"{"a":""#.utf8) + [0x0A] + Array(#""}"#.utf8))       // a raw newline in a string
        texts.append(Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)) // a UTF-8 surrogate
        texts.append(Array(#"{"a":"1"}"#.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) // UTF-16LE
        return texts
    }()

    @Test func everyBodyIsReadAsJSONSerializationReadsIt() throws {
        for body in Self.bodies {
            let data = Data(body)
            #expect(Self.describe(FlatJSONObject.object(data)) == Self.describe(Self.foundation(data)),
                    "\(String(decoding: body, as: UTF8.self).debugDescription)")
        }
    }

    @Test func whatTheDirectReadingTakesItReadsAsJSONSerializationDoes() throws {
        var taken = 0
        for body in Self.bodies {
            guard let direct = FlatJSONObject.parse(Data(body)) else { continue }
            taken += 1
            #expect(Self.describe(direct) == Self.describe(Self.foundation(Data(body))), "\(String(decoding: body, as: UTF8.self).debugDescription)")
        }
        #expect(taken >= 10)
    }

    @Test func theClientsPreSendBodiesAreReadDirectly() throws {
        let request = PreSendRequest(openid: "o-1", brandID: "120344", productCouponID: "1000000013", stockID: "1000000013001",
                                     appid: "wx233544546545989", sendRequestNo: "CD20261128071200123_a1B2c3D4", attach: "会员日活动")
        for flavor in APIFlavor.allCases {
            let body = PreSendCall.encodeBody(request, flavor: flavor)
            let object = try #require(FlatJSONObject.parse(body))
            #expect(object["send_request_no"] as? String == request.sendRequestNo)
            #expect(object["attach"] as? String == "会员日活动")
        }
    }

    @Test func escapesNumbersAndNestingAreLeftToJSONSerialization() throws {
        for text in [#"{"a":"x\"y"}"#, #"{"a":1}"#, #"{"a":{"b":"c"}}"#, #"{"a":"1","a":"2"}"#] {
            #expect(FlatJSONObject.parse(Data(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func theTokenAnswerHasTheBytesJSONSerializationWrote() throws {
        let printable = String(decoding: (0x20..<0x7F).map { UInt8($0) }, as: UTF8.self)
        var tokens = [SandboxEngine.newToken(), SandboxEngine.newToken(), "", "a/b", "x\"y", "back\\slash", "tab\there", "会员", printable]
        tokens += printable.map { "t\($0)t" }
        for token in tokens {
            let foundation = try JSONSerialization.data(withJSONObject: ["token": token], options: [.withoutEscapingSlashes])
            #expect(FlatJSONObject.tokenBody(token) == foundation, "\(token.debugDescription)")
        }
    }
}

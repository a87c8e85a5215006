import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// Reading records field by field (DESIGN §5): a mistyped field never drops the record.
@Suite struct RecordDecoderTests {
    let decoder = RecordDecoder()

    func decode(_ text: String) -> SendRecord? { decoder.decode(Data(text.utf8)) }

    static let request = #""request":{"openid":"oA","brand_id":"b","product_coupon_id":"p","stock_id":"s","appid":"a","send_request_no":"SRN1"}"#

    @Test func aNumberWrittenAsAStringIsThatNumber() throws {
        let r = try #require(decode(#"{"time":"t",\#(Self.request),"outcome":"rejected","error":{"category":"other","numeric_code":"272756740"},"attempts":"2","http_status":" 400 "}"#))
        #expect(r.error?.numericCode == 272756740)
        #expect(r.attempts == 2)
        #expect(r.httpStatus == 400)
    }

    @Test func aWholeNumberWrittenWithAFractionIsThatNumber() throws {
        let r = try #require(decode(#"{"time":"t",\#(Self.request),"outcome":"issued","http_status":200.0,"elapsed_ms":"87.0"}"#))
        #expect(r.httpStatus == 200 && r.elapsedMs == 87)
    }

    @Test func aNumberInATextFieldIsItsText() throws {
        let r = try #require(decode(#"{"time":"t","request":{"openid":12345,"brand_id":120344,"product_coupon_id":"p","stock_id":1212,"appid":"a","send_request_no":"SRN1"},"outcome":"issued","token":987}"#))
        #expect(r.request.openid == "12345" && r.request.brandID == "120344" && r.request.stockID == "1212")
        #expect(r.token == "987")
    }

    @Test func whatCannotBeReadIsLeftOutAndTheRestKept() throws {
        let r = try #require(decode(#"{"time":["t"],\#(Self.request),"outcome":"issued","token":{"x":1},"attempts":"many","request_id":"REQ-1","operator":null}"#))
        #expect(r.time == "")
        #expect(r.token == nil && r.attempts == 0 && r.operator == nil)
        #expect(r.requestID == "REQ-1" && r.request.openid == "oA")
    }

    @Test func anErrorWrittenAsTextIsItsMessage() throws {
        let r = try #require(decode(#"{"time":"t",\#(Self.request),"outcome":"rejected","error":"库存不足"}"#))
        #expect(r.error?.message == "库存不足" && r.error?.category == .other)
    }

    @Test func onlyALineThatIsNotAnObjectOfTheRecordShapeIsUnreadable() {
        for text in ["[1,2]", #""text""#, "{}", #"{"outcome":"issued"}"#,
                     #"{"request":"SRN1","outcome":"issued"}"#,
                     #"{"request":{"send_request_no":7},"outcome":"issued"}"#,
                     #"{\#(Self.request),"outcome":3}"#, #"{\#(Self.request),"outcome":"issued""#] {
            #expect(decode(text) == nil, "\(text)")
        }
        #expect(decode(#"{\#(Self.request),"outcome":"issued"}"#) != nil)
    }

    @Test func aRecordWithAMistypedFieldIsARowNotAnUnreadableLine() throws {
        let dir = try TempDir()
        let mistyped = #"{"v":"1","time":"2026-11-28T14:12:00.123+08:00",\#(Self.request),"outcome":"rejected","error":{"category":"user_limit_reached","numeric_code":"272756740"}}"#
        try writeText(dir.file(), line(record("SRN0", .issued)) + mistyped + "\n")
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.record(newestFirst: 0)?.error?.numericCode == 272756740)
        #expect(reader.filter("oA").count == 1)
        var exported: [String] = []
        try reader.forEachRecord { record, _ in exported.append(record.request.sendRequestNo) }
        #expect(exported == ["SRN0", "SRN1"])
        #expect(reader.unreadableLines().isEmpty)
        #expect(try readLog(dir.file()).records.count == 2)
    }
}

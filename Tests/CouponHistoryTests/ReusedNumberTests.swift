import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// A send_request_no used for a second, different request (by an older version or another tool):
/// the second is another send, shown beside the first; it never becomes the first's state, so an
/// issued coupon never disappears from the history.
@Suite struct ReusedNumberTests {
    @Test func aRefusalOfOtherDataUnderAnIssuedNumberIsAnotherRowAndTheIssuedOneStays() throws {
        let dir = try TempDir()
        let reader = try HistoryReader(path: try writeReusedNumberLog(dir))
        #expect(reader.count == 3)
        let rows = reader.entries(newestFirst: 0..<3).map { "\($0.record?.request.openid ?? "?") \($0.state.rawValue)" }
        #expect(rows == ["o-safe-B rejected", "o-other issued", "o-safe-A issued"])
        let issued = reader.filter("", outcome: .issued).compactMap { reader.record(newestFirst: $0)?.request.openid }
        #expect(issued == ["o-other", "o-safe-A"])
        #expect(reader.filter("o-safe-A").compactMap { reader.record(newestFirst: $0)?.outcome } == [.issued])
        #expect(reader.records(forSendRequestNo: "SRN-REUSED").count == 4)
    }

    @Test func aResendOfTheFirstRequestStillResolvesItsOwnRow() throws {
        let dir = try TempDir()
        let refusal = SendError(category: .other, message: "no")
        try writeText(dir.file(), line(record("SRN-R", .unknown, openid: "o-safe-A"))
                  + line(record("SRN-R", .rejected, openid: "o-safe-B", error: refusal))
                  + line(record("SRN-R", .issued, openid: "o-safe-A")))
        let reader = try HistoryReader(path: dir.file())
        let rows = reader.entries(newestFirst: 0..<5).map { "\($0.record?.request.openid ?? "?") \($0.state.rawValue)" }
        #expect(rows == ["o-safe-A issued", "o-safe-B rejected"])
    }

    /// The same request written by another encoder (other key order, spacing, escapes) is the same send.
    @Test func theSameRequestSpelledDifferentlyIsTheSameSend() throws {
        let dir = try TempDir()
        let ours = record("SRN-SPELL", .pending, openid: "o-é/1")
        let theirs = #"{"outcome" : "issued", "time":"t", "token":"TK", "request" : {"stock_id":"1212", "send_request_no":"SRN-SPELL", "appid":"wxd678efh567hg6787", "product_coupon_id":"1000001", "openid":"o-\u00e9\/1", "brand_id":"120344", "coupon_code":null}}"#
        try writeText(dir.file(), line(ours) + theirs + "\n")
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 1)
        #expect(reader.entry(newestFirst: 0)?.state == .issued)
    }
}

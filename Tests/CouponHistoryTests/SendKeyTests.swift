import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// Which send a line belongs to, decided from its bytes: the number, and the request's data.
@Suite struct SendKeyTests {
    func key(_ text: String) -> SendKey {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { RawLine(bytes: UnsafeRawBufferPointer($0)).indexEntry(at: 0).key }
    }

    static let base = record("SRN-KEY-1", .issued, openid: "o-key", stock: "1212")

    @Test func everyRequestFieldTellsTwoSendsApartButNotTheNumber() throws {
        let original = try key(line(Self.base))
        let changes: [(String, (inout PreSendRequest) -> Void)] = [
            ("openid", { $0.openid += "x" }), ("brand_id", { $0.brandID += "x" }),
            ("product_coupon_id", { $0.productCouponID += "x" }), ("stock_id", { $0.stockID += "x" }),
            ("appid", { $0.appid += "x" }), ("coupon_code", { $0.couponCode = "CODE" }), ("attach", { $0.attach = "note" }),
        ]
        for (name, change) in changes {
            var changed = Self.base
            change(&changed.request)
            let other = try key(line(changed))
            #expect(other.number == original.number, "\(name)")
            #expect(other.send != original.send, "\(name)")
        }
    }

    @Test func fieldsOutsideTheRequestAndTheOutcomeDoNotMakeAnotherSend() throws {
        var later = Self.base
        later.outcome = .rejected
        later.token = nil
        later.requestID = "REQ-other"
        later.attempts = 3
        later.error = SendError(category: .other, message: "no")
        #expect(try key(line(later)) == key(line(Self.base)))
    }

    @Test func anEmptyOptionalIsNotAnAbsentOne() throws {
        var empty = Self.base
        empty.request.attach = ""
        #expect(try key(line(empty)).send != key(line(Self.base)).send)
    }

    /// Quotes and backslashes at every position around an 8-byte word.
    @Test(arguments: 0..<17)
    func stringsEndAtTheirClosingQuoteWhereverTheEscapesFall(padding: Int) {
        let contents = String(repeating: "a", count: padding) + #"b\"c\\"# + String(repeating: "d", count: padding)
        var bytes = Array(("\"" + contents + "\"  tail").utf8)
        bytes.withUnsafeMutableBytes { raw in
            let scanned = JSONStringBytes.scanString(UnsafeRawBufferPointer(raw), from: 1)
            #expect(scanned?.end == contents.utf8.count + 1)
            #expect(scanned?.escaped == true)
        }
        var plain = Array(("\"" + String(repeating: "x", count: padding) + "\"").utf8)
        plain.withUnsafeMutableBytes { raw in
            let scanned = JSONStringBytes.scanString(UnsafeRawBufferPointer(raw), from: 1)
            #expect(scanned?.end == padding + 1 && scanned?.escaped == false)
        }
    }

    @Test func aRequestThatCannotBeReadLeavesTheNumberToDecide() {
        let a = key(#"{"request":{"send_request_no":"SRN-X","openid":"o1" !},"outcome":"issued"}"#)
        let b = key(#"{"request":{"send_request_no":"SRN-X","openid":"o2" !},"outcome":"issued"}"#)
        #expect(a.number == b.number)
        #expect(a == b)
    }
}

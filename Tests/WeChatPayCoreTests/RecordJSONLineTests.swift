import Foundation
import Testing
@testable import WeChatPayCore

/// The hand-written record lines (`JSONLineWriter`) are byte for byte what JSONEncoder (sorted keys,
/// unescaped slashes) plus `escapingTerminalControls` writes: the history log's format, unchanged.
@Suite struct RecordJSONLineTests {
    /// Deterministic: the same records every run (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

        /// Pieces that exercise every escaping rule: quotes, backslashes, slashes, every C0 control,
        /// DEL, C1 controls and U+00A0 beside them, the escaped and the neighbouring E2 characters,
        /// Chinese, emoji (one scalar and a ZWJ sequence), combining marks, a BOM, NUL.
        static let pieces: [String] = {
            var out = ["", "a", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "\"", "\\", "/", "\\\"", "</script>", "http://x/y",
                       "请求被拒绝", "每日预算不足 — 明天再试", "双十一补偿, 第一批", "😀", "👨‍👩‍👧", "e\u{301}", "\u{FEFF}",
                       "\u{A0}", "\u{9F}", "\u{80}", "\u{85}", "\u{9B}6n", "\u{7F}", "\u{1B}[2J",
                       "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2014}", "\u{20AC}",
                       "\u{2065}", "\u{2066}", "\u{2069}", "\u{206A}", "\u{E000}", "\u{10FFFF}", "ÿ", "Ā", " ", "\t\r\n"]
            for value in 0..<0x20 { out.append(String(Unicode.Scalar(UInt8(value)))) }
            return out
        }()

        mutating func text() -> String {
            if below(400) == 0 { return String(repeating: pick(Self.pieces) + "长", count: 2_000 + below(6_000)) }
            return (0..<below(6)).map { _ in pick(Self.pieces) }.joined()
        }
        mutating func optionalText() -> String? { chance(30) ? nil : text() }
        mutating func number() -> Int {
            pick([0, 1, -1, 9, 10, 99, 100, 200, 429, 500, 268_435_456, 272_756_740, Int.max, Int.min,
                  Int(truncatingIfNeeded: next())])
        }
        mutating func optionalNumber() -> Int? { chance(30) ? nil : number() }
        mutating func flavor() -> APIFlavor? { pick([.partner, .brand, nil]) }
        mutating func error() -> SendError? {
            guard chance(60) else { return nil }
            return SendError(category: pick(ErrorCategory.allCases), httpStatus: optionalNumber(), code: optionalText(),
                             numericCode: optionalNumber(), message: optionalText())
        }
        mutating func sender() -> SendingProcess? {
            guard chance(50) else { return nil }
            return SendingProcess(host: text(), pid: Int32(truncatingIfNeeded: Int64(number())),
                                  bootID: optionalText(), processStart: chance(30) ? nil : pick([0, 1, UInt64.max, next()]))
        }

        mutating func sendRecord() -> SendRecord {
            SendRecord(v: chance(90) ? 1 : number(), time: text(), operator: optionalText(), mode: text(), flavor: flavor(),
                       request: PreSendRequest(openid: text(), brandID: text(), productCouponID: text(), stockID: text(),
                                               appid: text(), sendRequestNo: text(), couponCode: optionalText(),
                                               attach: optionalText()),
                       outcome: pick(Outcome.allCases), token: optionalText(), error: error(), httpStatus: optionalNumber(),
                       requestID: optionalText(), attempts: number(), elapsedMs: number(), sender: sender())
        }

        mutating func confirmRecord() -> ConfirmRecord {
            ConfirmRecord(v: chance(90) ? 1 : number(), time: text(), operator: optionalText(), mode: text(), flavor: flavor(),
                          preSendRequestNo: optionalText(),
                          request: ConfirmRequest(openid: text(), couponCode: text(), brandID: text(), productCouponID: text(),
                                                  stockID: text(), appid: text(), outRequestNo: text()),
                          outcome: pick(ConfirmOutcome.allCases), couponState: optionalText(), error: error(),
                          httpStatus: optionalNumber(), requestID: optionalText(), attempts: number(), elapsedMs: number(),
                          sender: sender())
        }
    }

    /// The first record whose two lines differ, shown both ways (nil: all equal).
    static func firstDifference<R: HistoryLogLine>(_ records: [R]) throws -> String? {
        for record in records {
            let hand = try record.jsonLine(), reference = try record.jsonLineThroughEncoder()
            if hand != reference {
                return "hand:    \(String(decoding: hand, as: UTF8.self))\nencoder: \(String(decoding: reference, as: UTF8.self))"
            }
        }
        return nil
    }

    @Test func sendRecordLinesAreTheEncodersBytes() throws {
        var random = Random(state: 13)
        let records = (0..<3_000).map { _ in random.sendRecord() }
        #expect(try Self.firstDifference(records) == nil)
    }

    @Test func confirmRecordLinesAreTheEncodersBytes() throws {
        var random = Random(state: 14)
        let records = (0..<3_000).map { _ in random.confirmRecord() }
        #expect(try Self.firstDifference(records) == nil)
    }

    @Test func aRecordWithEveryOptionalAbsentIsTheEncodersBytes() throws {
        let send = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                              request: PreSendRequest(openid: "o", brandID: "b", productCouponID: "p", stockID: "s",
                                                      appid: "a", sendRequestNo: "NO_123456"),
                              outcome: .pending)
        let confirm = ConfirmRecord(time: "t", operator: nil, mode: "live", preSendRequestNo: nil,
                                    request: ConfirmRequest(openid: "o", couponCode: "c", brandID: "b", productCouponID: "p",
                                                            stockID: "s", appid: "a", outRequestNo: "CF1"),
                                    outcome: .pending)
        #expect(try Self.firstDifference([send]) == nil)
        #expect(try Self.firstDifference([confirm]) == nil)
    }

    @Test func aRecordWithEveryOptionalPresentIsTheEncodersBytes() throws {
        let sender = SendingProcess(host: "h", pid: 42, bootID: "boot", processStart: 123_456)
        let error = SendError(category: .dailyBudgetExhausted, httpStatus: 403, code: "X", numericCode: 7, message: "m/n")
        let send = SendRecord(time: "t", operator: "op", mode: "live", flavor: .brand,
                              request: PreSendRequest(openid: "o", brandID: "b", productCouponID: "p", stockID: "s", appid: "a",
                                                      sendRequestNo: "NO_123456", couponCode: "c", attach: "x"),
                              outcome: .rejected, token: "T", error: error, httpStatus: 403, requestID: "R", attempts: 2,
                              elapsedMs: 35, sender: sender)
        let confirm = ConfirmRecord(time: "t", operator: "op", mode: "live", flavor: nil, preSendRequestNo: "NO_123456",
                                    request: ConfirmRequest(openid: "o", couponCode: "c", brandID: "b", productCouponID: "p",
                                                            stockID: "s", appid: "a", outRequestNo: "CF1"),
                                    outcome: .confirmed, couponState: "EFFECTIVE", error: error, httpStatus: 200,
                                    requestID: "R", attempts: 1, elapsedMs: 3, sender: sender)
        #expect(try Self.firstDifference([send]) == nil)
        #expect(try Self.firstDifference([confirm]) == nil)
    }

    @Test func everyCharacterBelowU0100AndOfTheU2000BlockIsWrittenAsTheEncoderWritesIt() throws {
        // Every scalar below U+0100 and the whole U+2000–U+206F block, one per record.
        let scalars = (0..<0x100).compactMap(Unicode.Scalar.init) + (0x2000...0x206F).compactMap(Unicode.Scalar.init)
        let records = scalars.map { scalar in
            SendRecord(time: "t", operator: String(scalar), mode: "x\(scalar)y",
                       request: PreSendRequest(openid: "o", brandID: "b", productCouponID: "p", stockID: "s", appid: "a",
                                               sendRequestNo: "NO_123456"), outcome: .issued)
        }
        #expect(try Self.firstDifference(records) == nil)
    }
}

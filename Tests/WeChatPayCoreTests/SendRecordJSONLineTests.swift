import Foundation
import Testing
@testable import WeChatPayCore

/// `SendRecord.jsonLine()` is what `--json` prints and what the history log holds: valid JSON that
/// decodes to the same record, and that cannot drive a terminal it is printed on.
@Suite struct SendRecordJSONLineTests {
    static let hostile = "m\u{1B}[2J\u{07}\u{7F}\u{9B}6n\u{85}\u{202E}\u{2066}\u{2028}\r请求被拒绝 — ok"

    static func record(message: String) -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "op", mode: "live",
                   request: PreSendRequest(openid: "o", brandID: "b", productCouponID: "p", stockID: "s", appid: "a",
                                           sendRequestNo: "NO_123456", attach: message),
                   outcome: .rejected, error: SendError(category: .other, httpStatus: 400, code: "X", message: message),
                   attempts: 1)
    }

    @Test func terminalControlsAreWrittenAsEscapes() throws {
        let line = try Self.record(message: Self.hostile).jsonLine()
        let text = String(decoding: line, as: UTF8.self)
        #expect(!text.unicodeScalars.contains(where: TerminalText.isUnsafe), "\(text)")
        #expect(text.contains("\\u009b") && text.contains("\\u202e") && text.contains("\\u007f"))
    }

    @Test func theEscapedLineDecodesToTheSameRecord() throws {
        let record = Self.record(message: Self.hostile)
        #expect(try JSONDecoder().decode(SendRecord.self, from: record.jsonLine()) == record)
    }

    @Test func ordinaryTextIsLeftAsIs() throws {
        let record = Self.record(message: "每日预算不足 — 明天再试")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try record.jsonLine() == encoder.encode(record))
    }
}

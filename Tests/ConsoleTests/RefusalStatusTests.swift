@testable import Console
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore

/// The status line of a send the core refused before sending ("未发送 — …") speaks the user's
/// language: the refusal arrives as a value, not as the record's English message.
@Suite struct RefusalStatusTests {
    /// A model in `language` that pressed Ctrl-S and got back the core's refusal of a reused number.
    static func refused(_ language: Language) throws -> ConsoleModel {
        var model = ChineseScreensTests.model(Size(width: 100, height: 30), language: language)
        guard let request = model.sendForm(openid: "oUser0001") else { return model }
        var other = request
        other.openid = "oSomeoneElse"
        let earlier = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "demo", request: other,
                                 outcome: .issued, token: "T-EARLIER")
        let refusal = SendRefusal.numberReused(.inUse(try #require(SendPolicy.numberInUse(for: request, history: [earlier]))))
        let record = SendRecord(time: "2026-11-28T14:13:00.000+08:00", operator: nil, mode: "demo", request: request, outcome: .rejected,
                                error: SendError(category: .requestNoConflict, message: refusal.description), attempts: 0)
        _ = model.apply(.sendFinished(record, refusal: refusal))
        return model
    }

    @Test func aReusedNumbersRefusalIsChineseInAChineseConsole() throws {
        let status = try #require(try Self.refused(.zhHans).status?.text)
        #expect(status.hasPrefix("未发送 — send_request_no"), "\(status)")
        #expect(status.contains("已属于") && status.contains("已发放，token T-EARLIER"), "\(status)")
        #expect(ChineseScreensTests.englishRun(in: status) == nil, "\(status)")
    }

    @Test func aReusedNumbersRefusalIsEnglishInAnEnglishConsole() throws {
        let status = try #require(try Self.refused(.en).status?.text)
        #expect(status.hasPrefix("Not sent — send_request_no"), "\(status)")
        #expect(status.contains("already belongs to the send of") && status.contains("use a new send_request_no"), "\(status)")
    }
}

@testable import Console
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore

/// A send that timed out, in a Chinese console: the status line and the detail say it in Chinese,
/// the network's detail included (the log keeps it in English).
@Suite struct TransportDetailTests {
    static func timedOut(_ request: PreSendRequest) -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "小王", mode: "demo", request: request, outcome: .unknown,
                   error: SendError(category: .timeout, message: "timed out: no complete response within 10 s"), attempts: 4, elapsedMs: 40_000)
    }

    static func finished(_ language: Language) -> (ConsoleModel, SendRecord) {
        var model = ChineseScreensTests.model(Size(width: 100, height: 30), language: language)
        let record = timedOut(model.sendForm(openid: "oUser0001") ?? model.request)
        _ = model.apply(.sendFinished(record))
        return (model, record)
    }

    @Test func aTimeoutsStatusLineAndDetailAreChinese() throws {
        let (model, record) = Self.finished(.zhHans)
        let status = try #require(model.status?.text)
        #expect(status.contains("结果未知：请求超时"), "\(status)")
        #expect(ChineseScreensTests.englishRun(in: status) == nil, "\(status)")
        let detail = OverlayView.detailLines(record, text: model.words, inFlight: false)
        #expect(detail.contains { $0.value == "超时：10 s 内未收到完整应答" }, "\(detail)")
        for line in detail {
            #expect(ChineseScreensTests.englishRun(in: line.key + " " + line.value) == nil, "\(line)")
        }
    }

    @Test func aTimeoutsDetailIsEnglishInAnEnglishConsole() {
        let (model, record) = Self.finished(.en)
        let detail = OverlayView.detailLines(record, text: model.words, inFlight: false)
        #expect(detail.contains { $0.value == "timed out: no complete response within 10 s" }, "\(detail)")
    }
}

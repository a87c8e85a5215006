@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// Builders shared by the console's pure tests.
enum Fixture {
    /// The default theme (ThemeTests fails if it is missing; a plain one stands in).
    static let theme = ShippedThemes.theme(named: "default") ?? Theme(name: "plain", styles: [:])

    /// Numbers CDTEST000001, CDTEST000002, … so tests can predict them: more than any test takes, so
    /// `update` never asks for more.
    static func numbers() -> FreshNumbers {
        FreshNumbers((1...500).map { String(format: "CDTEST%06d", $0) })
    }

    static func environment(demo: Bool = true) -> ConsoleEnvironment {
        ConsoleEnvironment(profile: Profile(mchid: "1900000001", baseURLHost: "api.mch.weixin.qq.com", isDemo: demo),
                           theme: theme)
    }

    static let defaults = FormDefaults(brandID: "BRAND001", productCouponID: "PC1001", stockID: "STOCK01", appid: "wx1234567890abcdef")

    static func model(width: Int = 80, height: Int = 24, demo: Bool = true, defaults: FormDefaults = Fixture.defaults) -> ConsoleModel {
        ConsoleModel(environment: environment(demo: demo), size: Size(width: width, height: height), defaults: defaults,
                     freshNumbers: numbers())
    }

    static func request(openid: String = "oUser0001", number: String = "CDREQ000001", attach: String? = nil) -> PreSendRequest {
        PreSendRequest(openid: openid, brandID: "BRAND001", productCouponID: "PC1001", stockID: "STOCK01",
                       appid: "wx1234567890abcdef", sendRequestNo: number, attach: attach)
    }

    static func issued(_ number: String = "CDREQ000001", openid: String = "oUser0001", token: String = "ABBpZjCfAAABAAAAAACmTrRvExc7XKea-") -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: "demo",
                   request: request(openid: openid, number: number), outcome: .issued, token: token,
                   httpStatus: 200, requestID: "08F0B1C2D3-0", attempts: 1, elapsedMs: 87)
    }

    static func rejected(_ number: String = "CDREQ000002", category: ErrorCategory = .dailyBudgetExhausted,
                         message: String = "批次今日预算已用完") -> SendRecord {
        SendRecord(time: "2026-11-28T14:13:00.000+08:00", operator: "alice", mode: "demo",
                   request: request(openid: "oUser0002", number: number), outcome: .rejected,
                   error: SendError(category: category, httpStatus: 400, code: "INVALID_REQUEST", numericCode: 268500001, message: message),
                   httpStatus: 400, requestID: "08F0B1C2D4-268500001", attempts: 1, elapsedMs: 40)
    }

    /// The write-ahead record of a send with no result after it (`unknown`'s request).
    static func pending(_ number: String = "CDREQ000003", sender: SendingProcess? = nil) -> SendRecord {
        var record = unknown(number)
        record.outcome = .pending
        record.error = nil
        record.sender = sender
        return record
    }

    static func unknown(_ number: String = "CDREQ000003") -> SendRecord {
        SendRecord(time: "2026-11-28T14:14:00.000+08:00", operator: "alice", mode: "demo",
                   request: request(openid: "oUser0003", number: number), outcome: .unknown,
                   error: SendError(category: .timeout), attempts: 4, elapsedMs: 30000)
    }
}

extension ConsoleModel {
    /// Applies messages in order, collecting every effect.
    mutating func apply(_ messages: Msg...) -> [Effect] { apply(messages) }

    mutating func apply(_ messages: [Msg]) -> [Effect] {
        var all: [Effect] = []
        for msg in messages {
            let (next, effects) = ConsoleProgram.update(self, msg)
            self = next
            all += effects
        }
        return all
    }

    mutating func type(_ text: String) {
        _ = apply(text.map { Msg.key(.character($0)) })
    }

    /// Types `openid` into the form and presses Ctrl-S: the request it sends, or nil (recorded).
    mutating func sendForm(openid: String, sourceLocation: SourceLocation = #_sourceLocation) -> PreSendRequest? {
        type(openid)
        let effects = apply(.key(.control("s")))
        guard case .send(let request)? = effects.first else {
            Issue.record("Ctrl-S did not send: \(effects)", sourceLocation: sourceLocation)
            return nil
        }
        return request
    }

    /// Loads `records` as the history (as the runtime would after the first load effect).
    mutating func loadHistory(_ records: [SendRecord],
                              pendingState: (SendRecord) -> SendPolicy.PendingSend? = { SendPolicy.pendingState(of: $0) }) {
        let (started, _) = ConsoleProgram.start(self)
        self = started
        _ = deliver(InMemoryHistory(records: records), generation: history.generation, pendingState: pendingState)
    }

    /// What the runtime does when load `generation` finds `history`: says what it found, then answers the
    /// pane's request for rows with every row of it (so the pane needs no more until the next load).
    /// Returns the other effects.
    @discardableResult
    mutating func deliver(_ found: InMemoryHistory, generation: Int,
                          pendingState: (SendRecord) -> SendPolicy.PendingSend? = { SendPolicy.pendingState(of: $0) }) -> [Effect] {
        let effects = apply(.historyLoaded(HistoryLoad(generation: generation, filter: found.filter, count: found.count)))
        var others: [Effect] = []
        for effect in effects {
            guard case .readHistory(let request) = effect else { others.append(effect); continue }
            let everyRow = HistoryWindow.Request(generation: request.generation, rows: 0..<found.count, detail: request.detail)
            others += apply(.historyRead(HistoryWindowReader.read(everyRow, from: found, pendingState: pendingState)))
        }
        return others
    }

    func frame() -> CellGrid { ConsoleProgram.view(self, size: size) }
}

extension CellGrid {
    /// The row that contains `text`, if any.
    func row(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }
    var screen: String { lines.joined(separator: "\n") }
}

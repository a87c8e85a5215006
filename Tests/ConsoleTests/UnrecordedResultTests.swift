@testable import Console
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore

/// A result the history log could not take is said so, in the status line and the detail, and stays on
/// screen (issue 9, item 11): the console used to show "issued … token" with no warning.
@Suite struct UnrecordedResultTests {
    static let problem = "cannot append to /home/alice/.local/share/coupondesk/history.jsonl: No space left on device"

    /// A model that sent `oUser0001` under CDTEST000001 and got `record` back.
    static func sent(_ result: (PreSendRequest) -> SendRecord, journalProblem: String?) -> (ConsoleModel, SendRecord) {
        var model = Fixture.model(width: 100, height: 30)
        model.loadHistory([])
        model.type("oUser0001")
        let effects = model.apply(.key(.control("s")))
        guard case .send(let request)? = effects.first else {
            Issue.record("Ctrl-S did not send: \(effects)")
            return (model, result(model.request))
        }
        let record = result(request)
        _ = model.apply(.sendFinished(record, journalProblem: journalProblem))
        return (model, record)
    }

    static func issued(_ request: PreSendRequest) -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: "demo", request: request, outcome: .issued,
                   token: "TOKEN-NOT-IN-THE-LOG", httpStatus: 200, requestID: "08F0B1C2D3-0", attempts: 1, elapsedMs: 87)
    }

    @Test func theStatusLineSaysTheResultIsNotInTheLogBeforeTheToken() {
        let (model, _) = Self.sent(Self.issued, journalProblem: Self.problem)
        #expect(model.status?.kind == .problem)
        let text = model.status?.text ?? ""
        #expect(text.hasPrefix("⚠ NOT in the history log"))
        #expect(text.contains("✓ issued to oUser0001 — token TOKEN-NOT-IN-THE-LOG"))
        #expect(model.frame().screen.contains("⚠ NOT in the history log"))
    }

    @Test func theDetailSaysWhyAndHowToRecordIt() {
        var (model, _) = Self.sent(Self.issued, journalProblem: Self.problem)
        model.focus = .history
        _ = model.apply(.key(.enter))                         // the detail of the newest send
        let screen = model.frame().screen
        #expect(screen.contains("NOT RECORDED: this result could not be written to the log"), "\(screen)")
        #expect(screen.contains("No space left on device"))
        #expect(screen.contains("TOKEN-NOT-IN-THE-LOG"))
    }

    @Test func theResultStaysOnScreenWhenTheLogIsReRead() {
        var (model, record) = Self.sent(Self.issued, journalProblem: Self.problem)
        // The log holds only the pending record of that send.
        var pending = record
        pending.outcome = .pending
        pending.token = nil
        _ = model.deliver(InMemoryHistory(records: [pending]), generation: model.history.generation)
        #expect(model.history.rows(in: 0..<5).map(\.record.outcome) == [.issued, .pending])
        #expect(model.frame().screen.contains("TOKEN-NOT-IN-THE-LOG"))
    }

    @Test func aResultInTheLogHasNoWarningAndGivesWayToTheLog() {
        var (model, record) = Self.sent(Self.issued, journalProblem: nil)
        #expect(model.status?.kind == .issued)
        #expect(model.status?.text.contains("history log") == false)
        _ = model.deliver(InMemoryHistory(records: [record]), generation: model.history.generation)
        #expect(model.history.rowCount == 1)
        model.focus = .history
        _ = model.apply(.key(.enter))
        #expect(model.frame().screen.contains("TOKEN-NOT-IN-THE-LOG"))
        #expect(!model.frame().screen.contains("NOT RECORDED"))
    }

    @MainActor @Test func theRuntimeCarriesTheProblemFromTheServiceToTheModel() async {
        let services = ConsoleServices(
            reportingSend: { request in SendReport(record: Self.issued(request), journalProblem: Phrase(verbatim: Self.problem)) },
            loadHistory: { _ in InMemoryHistory(records: []) })
        let runtime = ConsoleRuntime(model: Fixture.model(width: 100, height: 30), terminal: FakeTerminal(keys: []) { _ in true },
                                     services: services)
        for c in "oUser0001" { runtime.dispatch(Msg.key(.character(c))) }
        runtime.dispatch(Msg.key(.control("s")))
        // Drains the results the send posts, however slowly a loaded machine runs it: in a full run other
        // tests can hold the main actor for a minute and more, so the bound is only a guard against a hang.
        #expect(await runtime.settleInFlight(timeout: 300) == 0)
        #expect(runtime.model.status?.text.hasPrefix("⚠ NOT in the history log") == true)
        #expect(runtime.model.history.recent.first?.journalProblem == Self.problem)
    }
}

@testable import Console
import Testing
import WeChatPayCore

/// Issue 9 item 1: once the form has been sent, editing it never puts other data under that
/// send's number (which WeChat Pay refuses, and whose refusal hid an issued coupon), and a second
/// coupon to the same user, or a refused request under a new number, is always asked for explicitly.
@Suite struct FormSendTests {
    /// The log the sends below leave, oldest first, for reloading the history pane.
    final class Log {
        var records: [SendRecord] = []
    }

    /// Finishes the send of `request` as WeChat Pay would answer it, as the runtime reports it.
    static func finish(_ model: inout ConsoleModel, _ request: PreSendRequest, _ outcome: Outcome,
                       category: ErrorCategory? = nil, log: Log? = nil) {
        let record = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: "demo", request: request,
                                outcome: outcome, token: outcome == .issued ? "TOKEN-\(request.openid)" : nil,
                                error: category.map { SendError(category: $0) }, attempts: 1)
        log?.records += [SendRecord(time: record.time, operator: "alice", mode: "demo", request: request, outcome: .pending), record]
        _ = model.apply(.sendFinished(record))
    }

    /// Ctrl-S; the one request it sent (nil when it sent nothing).
    static func ctrlS(_ model: inout ConsoleModel) -> PreSendRequest? {
        let sent = model.apply(.key(.control("s"))).compactMap { effect -> PreSendRequest? in
            if case .send(let request) = effect { return request }
            return nil
        }
        return sent.count == 1 ? sent[0] : nil
    }

    static func replaceOpenid(_ model: inout ConsoleModel, with openid: String) {
        model.focus = .field(.openid)
        _ = model.apply(.key(.control("e")), .key(.control("u")))
        model.type(openid)
    }

    /// The flow: o-safe-A issued, then the openid changed to o-safe-B and Ctrl-S.
    @Test func editingTheOpenidAfterAnIssuedSendIsANewSendAndTheIssuedRowStays() throws {
        var model = Fixture.model()
        let log = Log()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .issued, log: log)
        #expect(model.text(.sendRequestNo) == a.sendRequestNo, "an issued send keeps its number")

        Self.replaceOpenid(&model, with: "o-safe-B")
        #expect(model.text(.sendRequestNo) != a.sendRequestNo)
        let status = try #require(model.status?.text)
        #expect(status.contains("a new send, new send_request_no") && status.contains("the issued send keeps its own"), "\(status)")

        let b = try #require(Self.ctrlS(&model))
        #expect(b.openid == "o-safe-B" && b.sendRequestNo != a.sendRequestNo)
        Self.finish(&model, b, .issued, log: log)
        model.loadHistory(log.records)
        let rows = (0..<model.history.rowCount).compactMap { model.history.row($0)?.record }
        #expect(rows.map(\.request.openid) == ["o-safe-B", "o-safe-A"])
        #expect(rows.allSatisfy { $0.outcome == .issued })
    }

    @Test func changingOnlyTheAttachAfterAnIssuedSendAsksBeforeAnotherCouponToTheSameUser() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .issued)
        _ = model.apply(.key(.tab), .key(.tab))   // openid → coupon_code → attach
        model.type("fix the note")
        #expect(model.text(.sendRequestNo) != a.sendRequestNo)
        #expect(Self.ctrlS(&model) == nil, "no second coupon on the first Ctrl-S")
        #expect(model.status?.kind == .problem)
        #expect(model.status?.text.contains("Ctrl-S again sends ANOTHER coupon to o-safe-A: it was just issued one") == true)
        // Any edit cancels the question; only Ctrl-S on the same form, asked and answered, sends.
        model.type("!")
        #expect(Self.ctrlS(&model) == nil)
        let second = try #require(Self.ctrlS(&model))
        #expect(second.openid == "o-safe-A" && second.attach == "fix the note!" && second.sendRequestNo != a.sendRequestNo)
    }

    @Test func editingTheFormBackToWhatWasSentGivesBackThatSendsNumber() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .issued)
        model.type("x")
        let fresh = model.text(.sendRequestNo)
        #expect(fresh != a.sendRequestNo)
        _ = model.apply(.key(.backspace))
        #expect(model.text(.sendRequestNo) == a.sendRequestNo)
        #expect(model.status?.text.contains("Back to the request sent") == true)
        model.type("y")
        #expect(model.text(.sendRequestNo) == fresh, "the spare number is kept, not used up")
        // The unchanged form is the idempotent retry under its own number.
        _ = model.apply(.key(.backspace))
        #expect(Self.ctrlS(&model) == a)
    }

    /// The third flow: `r` resolves an unknown send while the form holds another openid.
    @Test func afterRResolvesAnUnknownSendTheFormNeverHoldsItsNumberWithOtherData() throws {
        var model = Fixture.model()
        let log = Log()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .unknown, category: .timeout, log: log)
        #expect(model.text(.sendRequestNo) == a.sendRequestNo, "Ctrl-S on the unchanged form resends it")

        Self.replaceOpenid(&model, with: "o-safe-B")
        #expect(model.text(.sendRequestNo) != a.sendRequestNo)
        #expect(model.status?.text.contains("r in History resends the unknown one") == true)
        let formNumber = model.text(.sendRequestNo)

        model.loadHistory(log.records)
        model.focus = .history
        #expect(model.apply(.key(.character("r"))) == [.send(a)])
        Self.finish(&model, a, .issued, log: log)
        #expect(model.text(.openid) == "o-safe-B" && model.text(.sendRequestNo) == formNumber)

        let b = try #require(Self.ctrlS(&model))
        #expect(b.openid == "o-safe-B" && b.sendRequestNo == formNumber)
    }

    @Test func rOnTheFormsOwnNumberGivesOtherDataInTheFormANumberOfItsOwn() throws {
        var model = Fixture.model()
        let log = Log()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .unknown, category: .timeout, log: log)
        // The user types the number of the unknown send by hand and other data: the form is not sent.
        _ = model.apply(.key(.control("n")))
        model.type("o-safe-B")
        model.focus = .field(.sendRequestNo)
        _ = model.apply(.key(.control("e")), .key(.control("u")))
        model.type(a.sendRequestNo)
        model.loadHistory(log.records)
        model.focus = .history
        #expect(model.apply(.key(.character("r"))) == [.send(a)])
        #expect(model.text(.openid) == "o-safe-B" && model.text(.sendRequestNo) != a.sendRequestNo)
    }

    @Test func aDefiniteRefusalKeepsItsNumberAndRetryingItUnderANewOneIsAnExplicitChoice() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .rejected, category: .dailyBudgetExhausted)
        #expect(model.text(.sendRequestNo) == a.sendRequestNo)
        #expect(Self.ctrlS(&model) == nil, "the same request would be refused again")
        #expect(model.status?.text.contains("Ctrl-S again retries it under a new send_request_no") == true)
        let retry = try #require(Self.ctrlS(&model))
        #expect(retry.hasSameData(as: a) && retry.sendRequestNo != a.sendRequestNo)
        #expect(model.text(.sendRequestNo) == retry.sendRequestNo)
    }

    @Test func aFixedRefusedRequestIsSentAtOnceUnderANewNumber() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .rejected, category: .stockNotSending)
        model.focus = .field(.stockID)
        _ = model.apply(.key(.control("e")), .key(.control("u")))
        model.type("STOCK02")
        let fixed = try #require(Self.ctrlS(&model))
        #expect(fixed.stockID == "STOCK02" && fixed.sendRequestNo != a.sendRequestNo)
    }

    @Test func aRateLimitedSendIsRetriedWithItsOwnNumber() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .rejected, category: .rateLimited)
        #expect(Self.ctrlS(&model) == a)
    }

    @Test func aFormEditedWhileItsSendIsInFlightIsANewSend() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.replaceOpenid(&model, with: "o-safe-B")
        let b = try #require(Self.ctrlS(&model))
        #expect(b.openid == "o-safe-B" && b.sendRequestNo != a.sendRequestNo)
        Self.finish(&model, a, .issued)
        #expect(model.text(.openid) == "o-safe-B" && model.text(.sendRequestNo) == b.sendRequestNo)
    }

    @Test func typingTheSendRequestNoIsTheUsersChoice() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .issued)
        model.focus = .field(.sendRequestNo)
        _ = model.apply(.key(.control("e")), .key(.control("u")))
        model.type("MYOWNNUMBER01")
        #expect(model.formSend == nil)
        model.focus = .field(.attach)
        model.type("note")
        #expect(model.text(.sendRequestNo) == "MYOWNNUMBER01")
    }

    @Test func ctrlNForgetsTheFormsSend() throws {
        var model = Fixture.model()
        model.type("o-safe-A")
        let a = try #require(Self.ctrlS(&model))
        Self.finish(&model, a, .issued)
        _ = model.apply(.key(.control("n")))
        model.type("o-safe-A")
        #expect(try #require(Self.ctrlS(&model)).sendRequestNo != a.sendRequestNo, "a deliberate new send")
    }
}


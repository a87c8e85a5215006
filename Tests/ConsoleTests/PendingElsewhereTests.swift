import CouponDeskTestSupport
@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// Issue 9 item 3: a send in flight in another process (a CLI send, a second console) is "sending
/// elsewhere", not "interrupted — r resends"; `r` refuses it until its process is gone.
@Suite struct PendingElsewhereTests {
    struct Probe: ProcessProbe {
        var answer: SenderActivity
        func activity(of sender: SendingProcess) -> SenderActivity { answer }
    }

    static let cli = SendingProcess(host: "desk-1", pid: 4242, bootID: "boot", processStart: 99)

    static func browsing(_ activity: SenderActivity) -> (ConsoleModel, SendRecord) {
        var pending = Fixture.unknown()
        pending.outcome = .pending
        pending.error = nil
        pending.sender = cli
        var model = Fixture.model()
        model.environment.processProbe = Probe(answer: activity)
        model.environment.clock = FixedClock(SendRecord.date(fromTimestamp: pending.time) ?? Date())
        model.loadHistory([pending])
        model.focus = .history
        return (model, pending)
    }

    @Test func aPendingSendWhoseProcessRunsIsShownSendingElsewhere() {
        let (model, _) = Self.browsing(.running)
        let screen = model.frame().screen
        #expect(screen.contains("sending elsewhere (pid 4242)"))
        #expect(!screen.contains("interrupted"))
        #expect(model.showsPendingFromElsewhere)
    }

    @Test func rRefusesToResendASendStillInFlightElsewhere() {
        var (model, _) = Self.browsing(.running)
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("being sent right now by pid 4242 on desk-1") == true)
    }

    @Test func theDetailSaysWhoIsSendingIt() {
        var (model, _) = Self.browsing(.running)
        _ = model.apply(.key(.enter))
        #expect(model.frame().screen.contains("pending — sending elsewhere (pid 4242 on desk-1)"))
        #expect(model.apply(.key(.character("r"))).isEmpty)
    }

    @Test func onceItsProcessIsGoneItIsInterruptedAndRResendsIt() {
        var (model, pending) = Self.browsing(.ended)
        #expect(model.frame().screen.contains("interrupted"))
        #expect(model.apply(.key(.character("r"))) == [.send(pending.request)])
    }

    @Test func aPendingRecordOfThisVeryConsoleThatItNoLongerSendsIsInterrupted() {
        // Its final record could not be written: only this console could finish it, and it has not.
        var (model, pending) = Self.browsing(.thisProcess)
        #expect(model.frame().screen.contains("interrupted"))
        #expect(model.apply(.key(.character("r"))) == [.send(pending.request)])
    }
}

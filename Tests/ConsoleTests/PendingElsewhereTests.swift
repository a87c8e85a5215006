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
        let pending = Fixture.pending(sender: cli)
        var model = Fixture.model()
        // The runtime looks the process up when it reads the row.
        let probe = Probe(answer: activity), now = SendRecord.date(fromTimestamp: pending.time) ?? Date()
        model.loadHistory([pending]) { SendPolicy.pendingState(of: $0, probe: probe, now: now) }
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

/// The runtime looks a pending row's process up again while it shows one: a process killed elsewhere
/// leaves the log as it was, and the row still turns from "sending elsewhere" to interrupted.
@Suite @MainActor struct PendingElsewhereRuntimeTests {
    /// A sender that runs until `end()`.
    final class Sender: @unchecked Sendable {
        // Unchecked: `ended` is only touched with `lock` held.
        private let lock = NSLock()
        private var ended = false
        func end() { lock.withLock { ended = true } }
        var activity: SenderActivity { lock.withLock { ended ? .ended : .running } }
    }

    @Test func aRowTurnsInterruptedWhenItsProcessEnds() {
        let pending = Fixture.pending(sender: PendingElsewhereTests.cli)
        let sender = Sender(), log = InMemoryHistory(records: [pending])
        let services = ConsoleServices(
            send: { _ in Fixture.issued() }, loadHistory: { _ in log }, historyVersion: { 1 },
            pendingState: { SendPolicy.pendingState(of: $0, probe: PendingElsewhereTests.Probe(answer: sender.activity)) })
        let steps = [FakeTerminal.Step(when: { $0.screen.contains("sending elsewhere (pid 4242)") }, keys: [])]
        let terminal = FakeTerminal(steps: steps) { frame in
            if frame.screen.contains("sending elsewhere") { sender.end() }
            return frame.screen.contains("interrupted")
        }
        ConsoleRuntime(model: Fixture.model(width: 100, height: 30), terminal: terminal, services: services).run()
        #expect(terminal.frames.contains { $0.screen.contains("sending elsewhere (pid 4242)") })
        #expect(terminal.frames.last?.screen.contains("interrupted") == true)
        #expect(terminal.idlePolls < terminal.maxIdlePolls, "quit because the row turned, not by timeout")
    }
}

@testable import Console
import Testing
import WeChatPayCore

@Suite struct UpdateHistoryTests {
    static func browsing(_ records: [SendRecord], height: Int = 24) -> ConsoleModel {
        var model = Fixture.model(height: height)
        model.loadHistory(records)
        model.focus = .history
        return model
    }

    static func many(_ n: Int) -> [SendRecord] {
        (0..<n).map { Fixture.issued(String(format: "CDMANY%06d", $0), openid: "oUser\($0)") }
    }

    @Test func jAndKMoveTheSelectionWithinBounds() {
        var model = Self.browsing(Self.many(5))
        _ = model.apply(.key(.character("k")))
        #expect(model.history.selected == 0)
        _ = model.apply(.key(.character("j")), .key(.down), .key(.character("j")))
        #expect(model.history.selected == 3)
        _ = model.apply(.key(.character("G")))
        #expect(model.history.selected == 4)
        _ = model.apply(.key(.character("g")))
        #expect(model.history.selected == 0)
    }

    @Test func pageDownScrollsByAScreenfulAndKeepsTheSelectionVisible() {
        var model = Self.browsing(Self.many(100))
        let rows = Layout(size: model.size).historyRows
        _ = model.apply(.key(.pageDown), .key(.pageDown))
        #expect(model.history.selected == 2 * rows)
        #expect(model.history.top <= model.history.selected && model.history.selected < model.history.top + rows)
    }

    @Test func newestSendIsFirst() {
        let model = Self.browsing([Fixture.issued("CDOLD0000001"), Fixture.issued("CDNEW0000001")])
        #expect(model.history.row(0)?.record.request.sendRequestNo == "CDNEW0000001")
    }

    @Test func slashFiltersAsYouTypeAndEscClears() {
        var model = Self.browsing(Self.many(3))
        _ = model.apply(.key(.character("/")))
        let effects = model.apply(.key(.character("o")), .key(.character("U")))
        #expect(effects == [.loadHistory(filter: "o", generation: 2), .loadHistory(filter: "oU", generation: 3)])
        #expect(model.history.editingFilter)
        let cleared = model.apply(.key(.escape))
        #expect(cleared == [.loadHistory(filter: "", generation: 4)])
        #expect(!model.history.editingFilter && model.history.filter.text.isEmpty)
    }

    @Test func aStaleHistoryLoadIsIgnored() {
        var model = Self.browsing(Self.many(30))
        _ = model.apply(.key(.character("/")), .key(.character("1")), .key(.character("2")))
        // The rows found for "1" arrive after "12" was typed: not shown under "12".
        _ = model.deliver(InMemoryHistory(records: Self.many(30), filter: "1"), generation: 2)
        #expect(model.history.rowCount == 0 && model.history.loading)
        _ = model.deliver(InMemoryHistory(records: Self.many(30), filter: "12"), generation: 3)
        #expect(model.history.rowCount == 1 && !model.history.loading)
        // An older result for the same filter never replaces a newer one.
        _ = model.deliver(InMemoryHistory(records: [], filter: "12"), generation: 2)
        #expect(model.history.rowCount == 1)
    }

    @Test func enterOpensTheDetailOfTheSelectedSend() {
        var model = Self.browsing([Fixture.rejected()])
        _ = model.apply(.key(.enter))
        #expect(model.overlay == .detail(Fixture.rejected(), scroll: 0))
        _ = model.apply(.key(.escape))
        #expect(model.overlay == nil)
    }

    @Test func rResendsAnUnknownSendWithItsOwnNumber() {
        var model = Self.browsing([Fixture.unknown()])
        let effects = model.apply(.key(.character("r")))
        #expect(effects == [.send(Fixture.unknown().request)])
        #expect(model.history.row(0)?.inFlight == true)
        #expect(model.history.rowCount == 1 + 1)
    }

    @Test func aSendInFlightIsOneRowEvenAfterTheLogShowsItsPendingRecord() {
        var model = Self.browsing([Fixture.unknown()])
        _ = model.apply(.key(.character("r")))
        // The log is re-read mid-send and now holds the write-ahead record of the resend.
        let pending = Fixture.pending()
        model.loadHistory([Fixture.unknown(), pending])
        #expect(model.history.rowCount == 1)
        #expect(model.history.row(0)?.inFlight == true)
        #expect(!model.frame().screen.contains("interrupted"))
    }

    @Test func rRefusesToResendASendMadeInAnotherMode() {
        var live = Fixture.unknown()
        live.mode = "live"
        var model = Self.browsing([live])   // a demo console over a shared log
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("live mode") == true)
    }

    @Test func rRefusesToResendAnIssuedSend() {
        var model = Self.browsing([Fixture.issued()])
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("already issued") == true)
    }

    @Test func rResendsARateLimitedSendWithItsNumberAsTheCLIsResendDoes() {
        let limited = Fixture.rejected(category: .rateLimited, message: "频率超限")
        var model = Self.browsing([limited])
        #expect(model.apply(.key(.character("r"))) == [.send(limited.request)])
    }

    @Test func rRefusesToResendADefiniteRefusal() {
        var model = Self.browsing([Fixture.rejected()])
        #expect(model.apply(.key(.character("r"))).isEmpty)
        #expect(model.status?.text.contains("definitely refused") == true)
    }

    @Test func anInterruptedPendingSendCanBeResent() {
        let pending = Fixture.pending()
        var model = Self.browsing([pending])
        #expect(model.apply(.key(.character("r"))) == [.send(pending.request)])
    }

    @Test func yCopiesTheTokenWithOSC52() {
        var model = Self.browsing([Fixture.issued()])
        #expect(model.apply(.key(.character("y"))) == [.copyToClipboard("ABBpZjCfAAABAAAAAACmTrRvExc7XKea-")])
        #expect(OSC52.sequence(for: "AB") == "\u{1B}]52;c;QUI=\u{07}")
    }

    @Test func yOnARejectedSendExplainsThereIsNoToken() {
        var model = Self.browsing([Fixture.rejected()])
        #expect(model.apply(.key(.character("y"))).isEmpty)
        #expect(model.status?.text.contains("No token") == true)
    }

    @Test func questionMarkAndF1ToggleHelp() {
        var model = Self.browsing([])
        _ = model.apply(.key(.character("?")))
        #expect(model.overlay == .help(scroll: 0))
        _ = model.apply(.key(.function(1)))
        #expect(model.overlay == nil)
    }

    @Test func aFinishedSendStaysOnTopUntilALoadContainingItArrives() {
        var model = Self.browsing(Self.many(2))
        model.focus = .field(.openid)
        model.type("oAgain")
        _ = model.apply(.key(.control("s")))
        var record = Fixture.issued("CDTEST000001", openid: "oAgain")
        record.request = model.request
        let effects = model.apply(.sendFinished(record))
        guard case .loadHistory(_, let generation)? = effects.last else { Issue.record("no reload"); return }
        #expect(model.history.rowCount == 3)
        _ = model.deliver(InMemoryHistory(records: Self.many(2) + [record]), generation: generation)
        #expect(model.history.rowCount == 3)
        #expect(model.history.row(0)?.record == record)
    }

    @Test func aResizeKeepsTheSelectionOnScreen() {
        var model = Self.browsing(Self.many(100), height: 40)
        _ = model.apply(.key(.character("j")))
        for _ in 0..<25 { _ = model.apply(.key(.character("j"))) }
        _ = model.apply(.resize(Size(width: 80, height: 24)))
        let rows = Layout(size: model.size).historyRows
        #expect(model.history.selected == 26)
        #expect(model.history.top <= 26 && 26 < model.history.top + rows)
    }

    @Test func escQuicklyFollowedByAKeyIsBothKeysWhenAltMeansNothing() {
        var model = Self.browsing([Fixture.rejected()])
        _ = model.apply(.key(.enter))
        _ = model.apply(.key(.alt("?")))
        #expect(model.overlay == .help(scroll: 0))
    }

    @Test func altBStillMovesAWordInAField() {
        var model = Fixture.model()
        model.type("ab cd")
        _ = model.apply(.key(.alt("b")))
        #expect(model.fields[.openid]?.cursor == 3)
    }
}

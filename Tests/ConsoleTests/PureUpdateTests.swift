@testable import Console
import Testing
import WeChatPayCore

/// `update` is a function of a model and a message (issue 10 item 1): the model holds values only, the
/// log's rows come in as messages, and what the pane needs goes out as effects. Nothing here has a
/// snapshot, a reader, a probe or a generator.
@Suite struct PureUpdateTests {
    static func sends(_ n: Int) -> [SendRecord] {
        (0..<n).map { Fixture.issued(String(format: "CDPURE%06d", $0), openid: "oPure\($0)") }
    }

    /// A model told that load 1 found `count` sends (no rows yet), focused on the history.
    static func loaded(count: Int) -> (ConsoleModel, [Effect]) {
        var model = Fixture.model()
        model.focus = .history
        let (started, _) = ConsoleProgram.start(model)
        return ConsoleProgram.update(started, .historyLoaded(HistoryLoad(generation: 1, filter: "", count: count)))
    }

    @Test func theSameMessagesMakeEqualModels() {
        var a = Fixture.model(), b = Fixture.model()
        #expect(a == b)
        let keys: [Msg] = "oUser0001".map { .key(.character($0)) } + [.key(.tab), .tick, .resize(Size(width: 100, height: 30))]
        let effectsA = a.apply(keys), effectsB = b.apply(keys)
        #expect(a == b && effectsA == effectsB)
        _ = b.apply(.key(.character("x")))
        #expect(a != b)
    }

    @Test func aLoadAsksForTheRowsOnScreenAndTheirMessageShowsThem() {
        let (model, effects) = Self.loaded(count: 3)
        let request = HistoryWindow.Request(generation: 1, rows: 0..<3)
        #expect(effects == [.readHistory(request)])
        #expect(model.history.rowCount == 3)
        #expect(model.history.rows(in: 0..<3).isEmpty, "no rows until the runtime reads them")
        let records = Array(Self.sends(3).reversed())
        let (shown, more) = ConsoleProgram.update(model, .historyRead(HistoryWindow(request: request, records: records)))
        #expect(more.isEmpty)
        #expect(shown.history.rows(in: 0..<3).map(\.record) == records)
        #expect(shown.frame().screen.contains("oPure2"))
    }

    @Test func scrollingPastTheRowsHeldAsksForTheNextOnesOnce() {
        let (model, _) = Self.loaded(count: 100)
        let rows = Layout(size: model.size).historyRows
        let first = HistoryWindow.Request(generation: 1, rows: 0..<rows)
        let records = Array(Self.sends(100).reversed())
        var browsing = ConsoleProgram.update(model, .historyRead(HistoryWindow(request: first, records: Array(records[0..<rows])))).0
        var asked: [Effect] = []
        for _ in 0..<rows { asked += browsing.apply(.key(.character("j"))) }
        #expect(asked == [.readHistory(HistoryWindow.Request(generation: 1, rows: 1..<(rows + 1)))])
        #expect(browsing.history.row(rows) == nil, "the new row is not made up")
        _ = browsing.apply(.historyRead(HistoryWindow(request: HistoryWindow.Request(generation: 1, rows: 1..<(rows + 1)),
                                                      records: Array(records[1..<(rows + 1)]))))
        #expect(browsing.history.row(rows)?.record == records[rows])
    }

    @Test func rowsOfAnOlderLoadAreIgnored() {
        var (model, _) = Self.loaded(count: 3)
        _ = model.apply(.historyLoaded(HistoryLoad(generation: 2, filter: "", count: 1)))
        let stale = HistoryWindow(request: HistoryWindow.Request(generation: 1, rows: 0..<3), records: Self.sends(3))
        let before = model
        _ = model.apply(.historyRead(stale))
        #expect(model == before)
    }

    @Test func whoIsSendingAPendingRowIsWhatTheRuntimeFound() {
        let pending = Fixture.pending()
        let sender = SendingProcess(host: "desk-2", pid: 777)
        let (model, _) = Self.loaded(count: 1)
        let window = HistoryWindow(request: HistoryWindow.Request(generation: 1, rows: 0..<1), records: [pending],
                                   pendingStates: [pending.request.sendRequestNo: .sendingElsewhere(sender)])
        var browsing = ConsoleProgram.update(model, .historyRead(window)).0
        #expect(browsing.frame().screen.contains("sending elsewhere (pid 777)"))
        #expect(browsing.apply(.key(.character("r"))).isEmpty)
        #expect(browsing.status?.text.contains("pid 777 on desk-2") == true)
    }

    @Test func aPendingRowWhoseProcessWasNotLookedUpIsNotResent() {
        let pending = Fixture.pending()
        let (model, _) = Self.loaded(count: 1)
        let window = HistoryWindow(request: HistoryWindow.Request(generation: 1, rows: 0..<1), records: [pending])
        var browsing = ConsoleProgram.update(model, .historyRead(window)).0
        #expect(browsing.apply(.key(.character("r"))).isEmpty)
        #expect(browsing.status?.text.contains("not known yet") == true)
    }

    @Test func freshNumbersComeFromTheModelAndMoreAreAskedFor() {
        var model = ConsoleModel(environment: Fixture.environment(), size: Size(width: 80, height: 24),
                                 defaults: Fixture.defaults, freshNumbers: FreshNumbers((1...6).map { "CDA0000\($0)" }))
        #expect(model.text(.sendRequestNo) == "CDA00001")
        #expect(model.apply(.key(.control("n"))).isEmpty, "four are left")
        #expect(model.text(.sendRequestNo) == "CDA00002")
        #expect(model.apply(.key(.control("n"))) == [.drawSendRequestNumbers(1)])
        _ = model.apply(.sendRequestNumbersDrawn(["CDB00001"]))
        #expect(model.freshNumbers.numbers == ["CDA00004", "CDA00005", "CDA00006", "CDB00001"])
    }
}

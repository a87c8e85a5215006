@testable import Console
import Testing
import WeChatPayCore

@Suite struct ViewTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 120, height: 40)]

    static func model(_ size: Size, records: [SendRecord] = [Fixture.issued(), Fixture.rejected(), Fixture.unknown()]) -> ConsoleModel {
        var model = Fixture.model(width: size.width, height: size.height)
        model.loadHistory(records)
        return model
    }

    @Test(arguments: sizes)
    func titleShowsMchidHostAndTheDemoBadge(size: Size) {
        let title = Self.model(size).frame().lines[0]
        #expect(title.contains("mchid 1900000001"))
        #expect(title.contains("api.mch.weixin.qq.com"))
        #expect(title.hasSuffix("DEMO"))
    }

    @Test func noBadgeOutsideTheDemo() {
        var model = Fixture.model(demo: false)
        model.loadHistory([])
        #expect(!model.frame().lines[0].contains("DEMO"))
    }

    @Test(arguments: sizes)
    func formShowsTheEightFieldsInOrder(size: Size) {
        let frame = Self.model(size).frame()
        let rows = PreSendField.allCases.map { frame.row(containing: " \($0.rawValue) ") }
        #expect(rows.allSatisfy { $0 != nil })
        #expect(rows.map { $0! } == rows.map { $0! }.sorted())
        #expect(rows.first! == Layout(size: size).fieldTop)
    }

    @Test(arguments: sizes)
    func cursorSitsInTheOpenidFieldAtStart(size: Size) {
        let frame = Self.model(size).frame()
        let layout = Layout(size: size)
        #expect(frame.cursor == Point(x: layout.valueColumn, y: layout.fieldTop + 4))
    }

    @Test(arguments: sizes)
    func cjkInAttachTakesTwoCellsEachAndTheCursorFollows(size: Size) {
        var model = Self.model(size)
        _ = model.apply(.key(.tab), .key(.tab))
        model.type("送给张三")
        let frame = model.frame()
        let layout = Layout(size: size)
        let y = layout.fieldTop + 6
        #expect(frame.text(row: y).contains("attach") && frame.text(row: y).contains("送给张三"))
        #expect(frame[layout.valueColumn, y].character == "送")
        #expect(frame[layout.valueColumn + 1, y].isContinuation)
        #expect(frame[layout.valueColumn + 6, y].character == "三")
        #expect(frame.cursor == Point(x: layout.valueColumn + 8, y: y))
        _ = model.apply(.key(.left), .key(.left))
        #expect(model.frame().cursor == Point(x: layout.valueColumn + 4, y: y))
    }

    @Test func anUnfocusedLongFieldShowsItsStartNotItsEnd() {
        var model = Self.model(Size(width: 80, height: 24))
        _ = model.apply(.key(.tab), .key(.tab))
        model.type("开头" + String(repeating: "长", count: 60) + "结尾")
        #expect(model.frame().screen.contains("结尾"))
        _ = model.apply(.key(.tab))
        let line = model.frame().lines[Layout(size: model.size).fieldTop + 6]
        #expect(line.contains("开头") && line.contains("…") && !line.contains("结尾"))
    }

    @Test(arguments: sizes)
    func historyShowsOneLinePerSendNewestFirst(size: Size) {
        let frame = Self.model(size).frame()
        let issued = frame.row(containing: "oUser0001")!
        let rejected = frame.row(containing: "oUser0002")!
        let unknown = frame.row(containing: "oUser0003")!
        #expect(unknown < rejected && rejected < issued)
        #expect(frame.lines[issued].contains("✓") && frame.lines[issued].contains("ABBpZjCf"))
        #expect(frame.lines[rejected].contains("✗") && frame.lines[rejected].contains("daily budget"))
        #expect(frame.lines[unknown].contains("?") && frame.lines[unknown].contains("timed out"))
        #expect(frame.screen.contains("History · 3 sends"))
    }

    @Test(arguments: sizes)
    func hintBarIsGeneratedFromTheKeymap(size: Size) {
        var model = Self.model(size)
        var hints = model.frame().lines[size.height - 1]
        #expect(hints.contains("^S send") && hints.contains("F10 quit"))
        model.focus = .history
        hints = model.frame().lines[size.height - 1]
        #expect(hints.contains("j/k move") && hints.contains("Enter detail") && hints.contains("/ filter"))
        #expect(hints.hasSuffix("F1 help  F10 quit"))
    }

    @Test(arguments: sizes)
    func helpOverlayListsKeysOverTheFrame(size: Size) {
        var model = Self.model(size)
        _ = model.apply(.key(.function(1)))
        let frame = model.frame()
        #expect(frame.screen.contains("Keys — Esc closes"))
        #expect(frame.screen.contains("Ctrl-S"))
        #expect(frame.screen.contains("F10 / Ctrl-Q / Ctrl-C"))
        #expect(frame.cursor == nil)
    }

    @Test func helpScrollsToItsLastLine() {
        var model = Self.model(Size(width: 80, height: 24))
        _ = model.apply(.key(.function(1)))
        for _ in 0..<10 { _ = model.apply(.key(.pageDown)) }
        #expect(model.frame().screen.contains("every other key is text"))
    }

    @Test func helpEndsWithTheDemoGuideWrappedToTheWindow() {
        var model = Self.model(Size(width: 80, height: 24))
        model.environment.profile.guide = ["Stocks:", "  1000000013002  total budget 3: the 4th distinct send is refused (total_budget_exhausted) and more words to wrap"]
        _ = model.apply(.key(.function(1)))
        for _ in 0..<10 { _ = model.apply(.key(.pageDown)) }
        let screen = model.frame().screen
        #expect(screen.contains("Demo sandbox"))
        #expect(screen.contains("1000000013002  total budget 3"))
        #expect(screen.contains("and more words to wrap"))
    }

    @Test func helpSaysWhereTheHistoryLogIs() {
        let lines = OverlayView.helpLines(keymap: .standard, historyLocation: "/home/u/.local/share/coupondesk/history.jsonl")
        #expect(lines.contains { $0.key == "History log" && $0.value == "/home/u/.local/share/coupondesk/history.jsonl" })
    }

    @Test func scrollingBackUpAfterOverscrollingMovesAtOnce() {
        var model = Self.model(Size(width: 80, height: 24))
        _ = model.apply(.key(.function(1)))
        for _ in 0..<10 { _ = model.apply(.key(.pageDown)) }
        let bottom = model.frame().lines[2]
        _ = model.apply(.key(.character("k")))
        #expect(model.frame().lines[2] != bottom)
    }

    @Test(arguments: sizes)
    func detailShowsRequestIDAndTheRawError(size: Size) {
        var model = Self.model(size)
        model.focus = .history
        _ = model.apply(.key(.character("j")), .key(.enter))
        let screen = model.frame().screen
        #expect(screen.contains("daily budget exhausted — resets 00:00 CST"))
        #expect(screen.contains("08F0B1C2D4-268500001"))
        #expect(screen.contains("INVALID_REQUEST"))
        #expect(screen.contains("批次今日预算已用完"))
    }

    @Test func networkTextIsSanitisedBeforeItIsDrawn() {
        var hostile = Fixture.rejected(message: "bad\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J")
        hostile.token = "tok\u{1B}[31m"
        hostile.requestID = "id\u{9B}2J"
        var model = Self.model(Size(width: 120, height: 40), records: [hostile])
        model.focus = .history
        _ = model.apply(.key(.enter))
        let frame = model.frame()
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                #expect(!frame[x, y].character.unicodeScalars.contains(where: TerminalText.isUnsafe))
            }
        }
        #expect(frame.screen.contains("bad�]52;c;ZXZpbA==��[2J"))
    }

    @Test(arguments: [Size(width: 59, height: 24), Size(width: 80, height: 18), Size(width: 30, height: 8)])
    func aTooSmallTerminalShowsANotice(size: Size) {
        let frame = Self.model(size).frame()
        #expect(frame.screen.contains("Terminal too small: \(size.width)x\(size.height)"))
        #expect(!frame.screen.contains("brand_id"))
    }

    @Test func theSmallestSupportedSizeDrawsTheWholeFrame() {
        let frame = Self.model(Layout.minimumSize).frame()
        #expect(frame.screen.contains("send_request_no"))
        #expect(frame.screen.contains("oUser0003"))
    }

    @Test func aPendingSendShowsASpinnerInItsRow() {
        var model = Self.model(Size(width: 100, height: 30))
        model.type("oSpin")
        _ = model.apply(.key(.control("s")))
        let line = model.frame().lines.first { $0.contains("oSpin") && $0.contains("sending") }
        #expect(line?.contains(String(ConsoleProgram.spinnerFrames[0])) == true)
    }

    @Test func aFilterWithNoMatchesSaysSoAndHowToClear() {
        var model = Self.model(Size(width: 100, height: 30))
        model.focus = .history
        _ = model.apply(.key(.character("/")), .key(.character("z")))
        _ = model.deliver(InMemoryHistory(records: [], filter: "z"), generation: model.history.generation)
        let screen = model.frame().screen
        #expect(screen.contains("filter: z"))
        #expect(screen.contains("No sends match “z”. Esc clears the filter."))
    }

    @Test func theSelectedRowIsHighlightedWhenTheHistoryHasFocus() {
        var model = Self.model(Size(width: 100, height: 30))
        model.focus = .history
        let frame = model.frame()
        let y = frame.row(containing: "oUser0003")!
        #expect(frame[10, y].style == Fixture.theme[.selection])
    }

    @Test func manyRowsShowTheirPositionInTheBorder() {
        let records = (0..<1000).map { Fixture.issued(String(format: "CDROW%07d", $0)) }
        let frame = Self.model(Size(width: 100, height: 30), records: records).frame()
        #expect(frame.screen.contains("1–\(Layout(size: Size(width: 100, height: 30)).historyRows) of 1,000"))
    }
}

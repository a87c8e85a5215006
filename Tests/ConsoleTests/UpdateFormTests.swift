@testable import Console
import Testing
import WeChatPayCore

@Suite struct UpdateFormTests {
    @Test func opensWithTheCursorInTheFirstEmptyField() {
        #expect(Fixture.model().focus == .field(.openid))
        #expect(Fixture.model(defaults: FormDefaults()).focus == .field(.brandID))
    }

    @Test func defaultsAndAGeneratedNumberPreFillTheForm() {
        let model = Fixture.model()
        #expect(model.text(.brandID) == "BRAND001" && model.text(.appid) == "wx1234567890abcdef")
        #expect(model.text(.sendRequestNo) == "CDTEST000001")
    }

    @Test func configDefaultsWinAndTheLastSendFillsTheRest() {
        let merged = FormDefaults(brandID: "B9").filling(from: Fixture.request())
        #expect(merged == FormDefaults(brandID: "B9", productCouponID: "PC1001", stockID: "STOCK01", appid: "wx1234567890abcdef"))
    }

    @Test func lettersTypedIntoAFieldAreText() {
        var model = Fixture.model()
        model.type("jk?g/r")
        #expect(model.text(.openid) == "jk?g/r")
        #expect(model.overlay == nil)
    }

    @Test func tabWalksTheFieldsInOrderThenTheHistoryThenWraps() {
        var model = Fixture.model()
        var seen: [Focus] = [model.focus]
        for _ in 0..<9 { _ = model.apply(.key(.tab)); seen.append(model.focus) }
        #expect(seen == [.field(.openid), .field(.couponCode), .field(.attach), .field(.sendRequestNo), .history,
                         .field(.brandID), .field(.productCouponID), .field(.stockID), .field(.appid), .field(.openid)])
        _ = model.apply(.key(.backTab))
        #expect(model.focus == .field(.appid))
    }

    @Test func readlineKeysEditTheFocusedField() {
        var model = Fixture.model()
        model.type("hello world")
        _ = model.apply(.key(.control("w")))
        #expect(model.text(.openid) == "hello ")
        _ = model.apply(.key(.control("a")), .key(.control("k")))
        #expect(model.text(.openid) == "")
        _ = model.apply(.key(.control("y")))
        #expect(model.text(.openid) == "hello ")
    }

    @Test func anInvalidFieldIsMarkedAsYouTypeWithItsRule() {
        var model = Fixture.model()
        _ = model.apply(.key(.tab))   // openid → coupon_code
        model.type("has space")
        #expect(model.shownProblem(.couponCode)?.contains("at most 40 characters of 0-9 A-Z a-z _ -") == true)
        let frame = model.frame()
        #expect(frame.screen.contains("✗ coupon_code"))
    }

    @Test func ctrlSRefusesAnInvalidFormSaysWhyAndSendsNothing() {
        var model = Fixture.model()
        _ = model.apply(.key(.tab))   // leave openid empty
        let effects = model.apply(.key(.control("s")))
        #expect(effects.isEmpty)
        #expect(model.status?.kind == .problem)
        #expect(model.status?.text.contains("openid: required") == true)
        #expect(model.focus == .field(.openid))
    }

    @Test func ctrlSSendsAValidFormAndShowsItPendingAtTheTopAtOnce() {
        var model = Fixture.model()
        model.loadHistory([Fixture.issued()])
        model.type("oNewUser")
        let effects = model.apply(.key(.control("s")))
        #expect(effects == [.send(PreSendRequest(openid: "oNewUser", brandID: "BRAND001", productCouponID: "PC1001",
                                                 stockID: "STOCK01", appid: "wx1234567890abcdef",
                                                 sendRequestNo: "CDTEST000001"))])
        #expect(model.history.row(0)?.inFlight == true)
        #expect(model.history.row(0)?.record.request.openid == "oNewUser")
        #expect(model.history.rowCount == 2)
    }

    @Test func ctrlSWorksFromTheHistoryPaneToo() {
        var model = Fixture.model()
        model.type("oNewUser")
        _ = model.apply(.key(.tab), .key(.tab), .key(.tab), .key(.tab))
        #expect(model.focus == .history)
        #expect(model.apply(.key(.control("s"))).count == 1)
    }

    @Test func anIssuedResultShowsTheTokenAndKeepsTheNumber() {
        var model = Fixture.model()
        model.type("oUser0001")
        _ = model.apply(.key(.control("s")))
        var record = Fixture.issued("CDTEST000001")
        record.request = model.request
        let effects = model.apply(.sendFinished(record))
        #expect(model.status?.kind == .issued)
        #expect(model.status?.text.contains("ABBpZjCfAAABAAAAAACmTrRvExc7XKea-") == true)
        #expect(model.text(.sendRequestNo) == "CDTEST000001")
        #expect(model.history.row(0)?.inFlight == false)
        #expect(effects.contains { if case .loadHistory = $0 { return true }; return false })
    }

    @Test func aRejectionSaysTheCategoryInWordsAndKeepsTheNumberWithItsSend() {
        var model = Fixture.model()
        model.type("oUser0002")
        _ = model.apply(.key(.control("s")))
        var record = Fixture.rejected("CDTEST000001")
        record.request = model.request
        _ = model.apply(.sendFinished(record))
        #expect(model.status?.text.contains("daily budget exhausted — resets 00:00 CST") == true)
        #expect(model.status?.text.contains("INVALID_REQUEST") == true)
        #expect(model.text(.sendRequestNo) == "CDTEST000001")
    }

    @Test func anUnknownOutcomeKeepsTheNumberForTheResend() {
        var model = Fixture.model()
        model.type("oUser0003")
        _ = model.apply(.key(.control("s")))
        var record = Fixture.unknown("CDTEST000001")
        record.request = model.request
        _ = model.apply(.sendFinished(record))
        #expect(model.status?.kind == .unknown)
        #expect(model.text(.sendRequestNo) == "CDTEST000001")
        #expect(model.apply(.key(.control("s"))) == [.send(model.request)])
    }

    @Test func ctrlNStartsTheNextSendKeepingTheStockFields() {
        var model = Fixture.model()
        model.type("oUser0001")
        _ = model.apply(.key(.tab))
        model.type("CODE1")
        _ = model.apply(.key(.tab))
        model.type("备注")
        _ = model.apply(.key(.control("n")))
        #expect(model.text(.openid).isEmpty && model.text(.couponCode).isEmpty && model.text(.attach).isEmpty)
        #expect(model.text(.brandID) == "BRAND001" && model.text(.stockID) == "STOCK01")
        #expect(model.text(.sendRequestNo) == "CDTEST000002")
        #expect(model.focus == .field(.openid))
    }

    @Test func cjkTypedIntoAttachIsKeptWhole() {
        var model = Fixture.model()
        _ = model.apply(.key(.tab), .key(.tab))
        model.type("送给张三的券")
        #expect(model.text(.attach) == "送给张三的券")
        #expect(model.request.attach == "送给张三的券")
    }

    @Test func quitKeysAskTheRuntimeToQuit() {
        for key in [Key.function(10), .control("q"), .control("c")] {
            var model = Fixture.model()
            #expect(model.apply(.key(key)) == [.quit])
            #expect(model.isQuitting)
        }
    }

    @Test func theSpinnerTurnsOnlyWhileWorkIsInFlight() {
        var model = Fixture.model()
        _ = model.apply(.tick)
        #expect(model.spinnerFrame == 0)
        model.type("oUser")
        _ = model.apply(.key(.control("s")), .tick, .tick)
        #expect(model.spinnerFrame == 2)
    }

    @Test func aSendTheClientRefusedBeforeSendingIsReportedAsNotSent() {
        var model = Fixture.model()
        model.type("oUser0009")
        _ = model.apply(.key(.control("s")))
        let refused = SendRecord(time: "2026-11-28T10:00:00.000+08:00", operator: nil, mode: "live", request: model.request,
                                 outcome: .rejected, error: SendError(category: .other, message: "not sent: history /x cannot be written"),
                                 attempts: 0)
        #expect(model.apply(.sendFinished(refused)).isEmpty)
        #expect(model.status == StatusLine(.problem, "Not sent — history /x cannot be written"))
        #expect(model.history.rowCount == 0)
        #expect(model.text(.sendRequestNo) == "CDTEST000001")
    }

    @Test func behindTheTooSmallNoticeKeysDoNothingButQuit() {
        var model = Fixture.model(width: 40, height: 10)
        model.type("abc")
        #expect(model.text(.openid).isEmpty)
        #expect(model.apply(.key(.control("s"))).isEmpty)
        #expect(model.apply(.key(.function(10))) == [.quit])
    }

    @Test func f2CyclesTheThemesOffered() {
        var model = Fixture.model()
        model.environment.themeChoices = ShippedThemes.names.compactMap(ShippedThemes.theme(named:))
        var seen: [String] = []
        for _ in 0..<4 { _ = model.apply(.key(.function(2))); seen.append(model.environment.theme.name) }
        #expect(seen == ["high-contrast", "light", "mono", "default"])
        #expect(model.frame()[0, 0].style == ShippedThemes.theme(named: "default")![.title])
    }

    @Test func f2WithoutChoicesKeepsTheTheme() {
        var model = Fixture.model()
        _ = model.apply(.key(.function(2)))
        #expect(model.environment.theme.name == "default")
        #expect(model.status?.text.contains("fixed") == true)
    }
}

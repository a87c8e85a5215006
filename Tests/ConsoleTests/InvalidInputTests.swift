@testable import Console
import Testing
import WeChatPayCore

/// A pasted byte that is not text is a visible � that blocks the send, never a silent cut (issue 9, item 2).
@Suite struct InvalidInputTests {
    /// The terminal layer's keys for `oUpF8uMu` + a bad byte + `AJO_M2pxb1Q9zNjWeS6o`.
    static func paste(bad: UInt8) -> [Msg] {
        "oUpF8uMu".map { Msg.key(.character($0)) } + [.key(.invalidInput([bad]))]
            + "AJO_M2pxb1Q9zNjWeS6o".map { Msg.key(.character($0)) }
    }

    @Test(arguments: [UInt8(0xA0), 0x9B, 0xFF])
    func aBadByteInAPastedOpenidIsShownAsAReplacementAndNothingIsSent(bad: UInt8) {
        var model = Fixture.model()
        _ = model.apply(Self.paste(bad: bad))
        #expect(model.text(.openid) == "oUpF8uMu\u{FFFD}AJO_M2pxb1Q9zNjWeS6o")
        #expect(model.status?.kind == .problem)
        #expect(model.status?.text.contains("invalid byte (\(Key.hex([bad])), not UTF-8 text): shown as � in openid") == true)
        let effects = model.apply(.key(.control("s")))
        #expect(!effects.contains { if case .send = $0 { return true } else { return false } })
        #expect(model.status?.text.contains("openid: holds �") == true)
        #expect(model.history.recent.isEmpty)
    }

    @Test func theReplacementIsVisibleInTheForm() {
        var model = Fixture.model()
        _ = model.apply(Self.paste(bad: 0xA0))
        let frame = model.frame()
        let row = frame.lines.first { $0.contains("openid") }
        #expect(row?.contains("oUpF8uMu�AJO_M2pxb1Q9zNjWeS6o") == true, "\(frame.screen)")
        #expect(frame.screen.contains("invalid byte (0xA0"))
    }

    @Test func aBadByteInAttachBlocksTheSendToo() {
        var model = Fixture.model()
        model.type("oUser0001")
        _ = model.apply(.key(.tab), .key(.tab))     // openid → coupon_code → attach
        model.type("给张三")
        _ = model.apply(.key(.invalidInput([0xE4, 0xB8])))
        #expect(model.text(.attach) == "给张三\u{FFFD}")
        let effects = model.apply(.key(.control("s")))
        #expect(effects.isEmpty)
        #expect(model.status?.text.contains("attach: holds �") == true)
    }

    @Test func aBadByteInTheFilterIsShownThere() {
        var model = Fixture.model()
        model.focus = .history
        _ = model.apply(.key(.character("/")), .key(.character("o")), .key(.invalidInput([0xFF])))
        #expect(model.history.filter.text == "o\u{FFFD}")
        #expect(model.status?.text.contains("in the filter") == true)
    }

    @Test func outsideTextABadByteIsReportedAndChangesNothing() {
        var model = Fixture.model()
        model.focus = .history
        let before = model.fields
        _ = model.apply(.key(.invalidInput([0x9B])))
        #expect(model.fields == before)
        #expect(model.status?.text == "Ignored an invalid byte (0x9B, not UTF-8 text) in the input.")
    }
}

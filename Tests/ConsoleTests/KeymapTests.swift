@testable import Console
import CouponDeskText
import Testing

@Suite struct KeymapTests {
    @Test func innerContextsWinOverGlobalOnes() {
        let keymap = Keymap.standard
        #expect(keymap.action(for: .enter, in: [.history, .global]) == .openDetail)
        #expect(keymap.action(for: .enter, in: [.form, .textEditing, .global]) == .fieldNext)
        #expect(keymap.action(for: .control("s"), in: [.detail, .global]) == .send)
    }

    @Test func lettersAreNotBoundWhileEditingText() {
        let keymap = Keymap.standard
        for c in "jkgGry/?q" {
            #expect(keymap.action(for: .character(c), in: [.form, .textEditing, .global]) == nil)
        }
    }

    @Test func everyQuitKeyQuits() {
        for key in [Key.function(10), .control("q"), .control("c")] {
            #expect(Keymap.standard.action(for: key, in: [.form, .textEditing, .global]) == .quit)
        }
    }

    @Test func hintsComeFromTheBindingsOfTheActiveContexts() {
        let hints = Keymap.standard.hints(in: [.history, .global]).map { Texts.english($0.hint!) }
        #expect(hints.prefix(3) == ["move", "detail", "filter"])
        #expect(hints.contains("send") && hints.contains("quit"))
        #expect(!hints.contains("close"))
    }

    @Test func helpListsEveryBinding() {
        let lines = OverlayView.helpLines(keymap: .standard)
        for binding in Keymap.standard.bindings {
            #expect(lines.contains { $0.key == binding.keysLabel && $0.value == Texts.english(binding.help) }, "\(binding.keysLabel)")
        }
    }

    @Test func helpListsEveryBindingInChinese() {
        let chinese = Texts(.zhHans)
        let lines = OverlayView.helpLines(keymap: .standard, text: chinese)
        for binding in Keymap.standard.bindings {
            #expect(lines.contains { $0.key == binding.keysLabel && $0.value == chinese(binding.help) }, "\(binding.keysLabel)")
        }
        #expect(lines.contains { $0.isHeading && $0.key == "发券记录" })
    }

    @Test func keyLabelsReadAsPeopleWriteThem() {
        #expect(Key.control("s").label == "Ctrl-S")
        #expect(Key.control("s").shortLabel == "^S")
        #expect(Key.backTab.label == "Shift-Tab")
        #expect(Key.function(10).label == "F10")
    }
}

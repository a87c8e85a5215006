@testable import Console
import Testing

@Suite struct TextFieldTests {
    @Test func insertsAtTheCursor() {
        var field = TextField("held")
        field.moveLeft(); field.moveLeft()
        field.insert("LLO-WOR")
        #expect(field.text == "heLLO-WORld")
        #expect(field.cursor == 9)
    }

    @Test func killToEndAndYankRoundTrip() {
        var field = TextField("abc def")
        field.moveHome(); field.moveRight()
        let cut = field.killToEnd()
        #expect(field.text == "a" && cut == "bc def")
        field.moveHome()
        field.insert(cut)
        #expect(field.text == "bc defa")
    }

    @Test func killWordBackwardRemovesThePreviousWord() {
        var field = TextField("coupon for 张三")
        let cut = field.killWordBackward()
        #expect(cut == "张三" && field.text == "coupon for ")
        _ = field.killWordBackward()
        #expect(field.text == "coupon ")
    }

    @Test func wordMovesSkipPunctuation() {
        var field = TextField("ab-cd ef")
        field.moveWordLeft()
        #expect(field.cursor == 6)
        field.moveWordLeft()
        #expect(field.cursor == 3)
        field.moveWordRight()
        #expect(field.cursor == 5)
    }

    @Test func deletesEitherSideOfTheCursor() {
        var field = TextField("中文ab")
        field.moveLeft(); field.moveLeft()
        field.deleteBackward()
        #expect(field.text == "中ab")
        field.deleteForward()
        #expect(field.text == "中b")
    }

    @Test func cursorColumnCountsCellsNotCharacters() {
        var field = TextField("中文")
        #expect(field.visible(width: 20).cursorColumn == 4)
        field.moveLeft()
        #expect(field.visible(width: 20).cursorColumn == 2)
    }

    @Test func longTextScrollsSoTheCursorStaysVisible() {
        let field = TextField(String(repeating: "x", count: 30) + "END")
        let shown = field.visible(width: 10)
        #expect(shown.text.hasSuffix("END"))
        #expect(shown.cursorColumn == 9)
    }
}

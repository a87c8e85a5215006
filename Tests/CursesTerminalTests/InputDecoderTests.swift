import CNcursesw
import Console
@testable import CursesTerminal
import Testing

/// Bytes to keys (issue 9, item 2): nothing after a bad byte is ever lost, a bad byte is a visible
/// `.invalidInput`, and escape sequences are consumed whole.
@Suite struct InputDecoderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [UInt8(0xA0), 0x9B, 0xFF])
    func aBadByteInAPastedOpenidIsMarkedAndTheRestArrives(bad: UInt8) {
        let decoded = ScriptedInput.decodeAll(bytes: Self.bytes("oUpF8uMu") + [bad] + Self.bytes("AJO_M2pxb1Q9zNjWeS6o"))
        #expect(decoded.text == "oUpF8uMu⟨invalid input \(Key.hex([bad]))⟩AJO_M2pxb1Q9zNjWeS6o")
        #expect(decoded.filter { $0 == .key(.invalidInput([bad])) }.count == 1)
    }

    @Test func aRaw0x9BIsNotAControlSequenceIntroducer() {
        // Read as 8-bit CSI, 0x9B would swallow "2J"; in UTF-8 it is just a bad byte.
        #expect(ScriptedInput.decodeAll(bytes: [0x9B] + Self.bytes("2Jx")).text == "⟨invalid input 0x9B⟩2Jx")
    }

    @Test func aCutMultibyteCharacterIsOneMarkAndTheByteThatCutItIsKept() {
        // 中 is E4 B8 AD; here its last byte is missing and "A" follows.
        #expect(ScriptedInput.decodeAll(bytes: [0xE4, 0xB8] + Self.bytes("A")).text == "⟨invalid input 0xE4 0xB8⟩A")
    }

    @Test func aMultibyteCharacterCutByASilenceIsOneMark() {
        #expect(ScriptedInput.decodeAll([.byte(0xE4), .byte(0xB8), nil, .byte(0x41)]).text == "⟨invalid input 0xE4 0xB8⟩A")
    }

    @Test(arguments: [[UInt8(0xC0), 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]])
    func overlongSurrogateAndOutOfRangeFormsAreMarks(form: [UInt8]) {
        let decoded = ScriptedInput.decodeAll(bytes: form + Self.bytes("z"))
        #expect(decoded.last == .key(.character("z")))
        #expect(decoded.dropLast().allSatisfy { if case .key(.invalidInput) = $0 { return true } else { return false } })
        #expect(decoded.count >= 2)
    }

    @Test func wellFormedTextOfEveryLengthDecodes() {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("a é 中 😀 券")).text == "a é 中 😀 券")
    }

    @Test func aC1ControlEncodedAsUTF8IsAMarkNotDropped() {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("ab\u{9B}cd")).text == "ab⟨invalid input 0xC2 0x9B⟩cd")
    }

    @Test(arguments: ["\u{1B}]0;T\u{07}", "\u{1B}]0;T\u{1B}\\", "\u{1B}]52;c;ZXZpbA==\u{07}", "\u{1B}P1$r0m\u{1B}\\",
                      "\u{1B}_app\u{1B}\\", "\u{1B}[2J", "\u{1B}[38;5;196m", "\u{1B}[?2004h", "\u{1B}OA", "\u{1B}(B"])
    func aPastedEscapeSequenceIsConsumedWhole(sequence: String) {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("ab" + sequence + "cd")).text == "abcd")
    }

    @Test func bracketedPasteMarkersLeaveOnlyThePastedText() {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("\u{1B}[200~o-pasted\u{1B}[201~")).text == "o-pasted")
    }

    @Test func anUnterminatedStringEndsAtASilenceAndLaterTypingIsKept() {
        let script: [RawInput?] = Self.bytes("\u{1B}]0;T").map { .byte($0) } + [nil] + Self.bytes("xy").map { .byte($0) }
        #expect(ScriptedInput.decodeAll(script).text == "xy")
    }

    @Test func anEscapeInsideAStringThatIsNotSTStartsTheNextInput() {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("\u{1B}]0;T\u{1B}b")).text == "⟨Alt-b⟩")
    }

    @Test func aBadByteInsideASequenceEndsItAndIsStillMarked() {
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("\u{1B}[12") + [0xA0] + Self.bytes("x")).text == "⟨invalid input 0xA0⟩x")
    }

    @Test func escAloneIsTheEscKeyAndBeforeALetterIsAlt() {
        #expect(ScriptedInput.decodeAll(bytes: [0x1B]) == [.key(.escape)])
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("\u{1B}b")) == [.key(.alt("b"))])
        #expect(ScriptedInput.decodeAll(bytes: Self.bytes("\u{1B}[")) == [.key(.alt("["))])
    }

    @Test func escBeforeAControlKeyOrABadByteKeepsThatInput() {
        #expect(ScriptedInput.decodeAll(bytes: [0x1B, 0x7F]) == [.key(.escape), .key(.backspace)])
        #expect(ScriptedInput.decodeAll(bytes: [0x1B, 0xA0]) == [.key(.escape), .key(.invalidInput([0xA0]))])
        #expect(ScriptedInput.decodeAll(bytes: [0x1B, 0x1B]) == [.key(.escape), .key(.escape)])
    }

    @Test func keysNcursesDecodedPassThroughAndAfterEscLoseTheAlt() {
        #expect(ScriptedInput.decodeAll([.keyCode(Int32(CD_KEY_UP)), .byte(0x1B), .keyCode(Int32(CD_KEY_F0) + 10)])
                == [.key(.up), .key(.function(10))])
        #expect(ScriptedInput.decodeAll([.keyCode(Int32(CD_KEY_RESIZE))]) == [.resize])
    }

    @Test func controlBytesAreKeys() {
        #expect(ScriptedInput.decodeAll(bytes: [0x13, 0x11, 0x03, 0x09, 0x0D, 0x7F, 0x00])
                == [.key(.control("s")), .key(.control("q")), .key(.control("c")), .key(.tab), .key(.enter), .key(.backspace)])
    }
}

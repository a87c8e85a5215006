import CNcursesw
import Console
@testable import CursesTerminal
import XCTest

/// The console lays out frames with its own width table; the terminal library counts with the C
/// library's wcwidth. Where they disagree a line would shift, so they must agree on the text the
/// console shows: ASCII, CJK, kana, hangul, fullwidth forms, box drawing and the marks it draws.
final class WidthAgreementTests: XCTestCase {
    func testTheConsolesWidthsMatchWcwidth() {
        CursesScreen.ensureUTF8Locale()
        XCTAssertEqual(cd_wcwidth(0x4E2D), 2, "wcwidth needs a UTF-8 locale for this comparison to mean anything")
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x1100...0x115F, 0x2500...0x257F, 0x3000...0x303E,
                                             0x3041...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF60]
        let marks: [UInt32] = [0x2713, 0x2717, 0x2026, 0x2014, 0x25B8, 0x203A, 0x201C, 0x201D, 0x00B7] +
            ConsoleProgram.spinnerFrames.map { $0.unicodeScalars.first!.value }
        var disagreements: [String] = []
        for value in ranges.flatMap({ Array($0) }) + marks {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = Int(cd_wcwidth(wchar_t(bitPattern: value)))
            if c >= 0 && c != CharacterWidth.of(scalar) {
                disagreements.append(String(format: "U+%04X wcwidth %d console %d", value, c, CharacterWidth.of(scalar)))
            }
        }
        XCTAssertEqual(disagreements, [], disagreements.prefix(10).joined(separator: "; "))
    }
}

@testable import Console
import Testing

/// The too-small notice is read whole on the smallest terminals (issue 9, item 12): at 40x10 it was
/// cut at "press F10 to qui…".
@Suite struct TooSmallNoticeTests {
    static let fullNotice = "Terminal too small: 40x10. CouponDesk needs at least \(Layout.minimumSize.width)x\(Layout.minimumSize.height). Enlarge the window, or press F10 to quit."

    /// The notice's words as drawn, line after line.
    static func drawnText(_ grid: CellGrid) -> String {
        grid.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    @Test func at40x10TheWholeNoticeIsOnTheGrid() {
        let frame = Fixture.model(width: 40, height: 10).frame()
        #expect(Self.drawnText(frame) == Self.fullNotice, "\(frame.screen)")
    }

    @Test func everySizeFromTinyToJustTooSmallShowsAWholeNoticeThatSaysHowToQuit() {
        for width in 16..<Layout.minimumSize.width {
            for height in 3..<Layout.minimumSize.height + 2 {
                let size = Size(width: width, height: height)
                guard Layout(size: size).isTooSmall else { continue }
                let lines = ConsoleProgram.tooSmallNotice(size: size)
                #expect(lines.count <= height, "\(size)")
                #expect(lines.allSatisfy { CharacterWidth.of($0) <= width }, "\(size): \(lines)")
                let frame = ConsoleProgram.view(Fixture.model(width: width, height: height), size: size)
                #expect(Self.drawnText(frame) == lines.joined(separator: " "), "\(size)")
                #expect(Self.drawnText(frame).contains("F10"), "\(size)")
            }
        }
    }
}

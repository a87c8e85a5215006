import CNcursesw
import Console
@testable import CursesTerminal
import XCTest

/// Frames drawn into the cell grid reach ncurses' virtual screen exactly, wide characters included.
final class BlitTests: XCTestCase {
    func testAFrameIsCopiedToTheScreen() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            var grid = CellGrid(size: terminal.screen.size)
            grid.draw("attach 送给张三 ok", x: 2, y: 3, style: Style(attributes: .bold))
            terminal.screen.present(grid)
            XCTAssertEqual(terminal.rows()[3], grid.text(row: 3))
            XCTAssertTrue(terminal.rows()[3].contains("送给张三 ok"))
        }
    }

    func testOverwritingHalfAWideCharacterLeavesNoHalfGlyph() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            var grid = CellGrid(size: terminal.screen.size)
            grid.draw("中文字", x: 0, y: 0, style: .plain)
            terminal.screen.present(grid)
            grid.put("x", x: 3, y: 0, style: .plain)      // second half of 文
            terminal.screen.present(grid)
            XCTAssertTrue(terminal.rows()[0].hasPrefix("中 x字"), terminal.rows()[0])
        }
    }

    func testSuccessiveFramesLeaveTheScreenEqualToTheLastGrid() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            var generator = SystemRandomNumberGenerator()
            let alphabet: [Character] = ["a", "b", " ", "中", "券", "─", "✓"]
            var grid = CellGrid(size: terminal.screen.size)
            for _ in 0..<20 {
                for _ in 0..<40 {
                    let x = Int.random(in: 0..<grid.width, using: &generator)
                    let y = Int.random(in: 0..<grid.height, using: &generator)
                    grid.put(alphabet.randomElement(using: &generator)!, x: x, y: y, style: .plain)
                }
                terminal.screen.present(grid)
                XCTAssertEqual(terminal.rows(), (0..<grid.height).map { grid.text(row: $0) })
            }
        }
    }

    func testTheGridCursorBecomesTheTerminalCursor() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            var grid = CellGrid(size: terminal.screen.size)
            grid.cursor = Point(x: 17, y: 6)
            terminal.screen.present(grid)
            XCTAssertEqual(getcury(terminal.screen.window), 6)
            XCTAssertEqual(getcurx(terminal.screen.window), 17)
        }
    }

    func testCopyWritesAnOSC52Sequence() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.screen.copyToClipboard("ABC")
            XCTAssertTrue(terminal.outputText.contains("\u{1B}]52;c;QUJD\u{07}"))
        }
    }

    func testBrightColoursFallBackToBoldOnAnEightColourTerminal() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal(type: "xterm")
            defer { terminal.close() }
            let resolved = terminal.screen.colors.resolve(Style(foreground: TerminalColor(name: "bright_red")!))
            XCTAssertEqual(resolved.attributes & CD_A_BOLD, CD_A_BOLD)
            XCTAssertNotEqual(resolved.pair, 0)
        }
    }

    func testEveryShippedThemeGetsColourPairsWithinTheTerminalsLimit() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            for name in ShippedThemes.names {
                let theme = try XCTUnwrap(ShippedThemes.theme(named: name))
                for role in Role.allCases {
                    let resolved = terminal.screen.colors.resolve(theme[role])
                    XCTAssertLessThan(Int(resolved.pair), Int(cd_color_pairs()), "\(name) \(role)")
                }
            }
        }
    }
}

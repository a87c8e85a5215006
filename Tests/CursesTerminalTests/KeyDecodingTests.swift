import Console
@testable import CursesTerminal
import XCTest

/// Scripted bytes through a real ncurses screen come out as the console's keys.
final class KeyDecodingTests: XCTestCase {
    func testPrintableTextIncludingCJKArrivesAsCharacters() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("a中?")
            XCTAssertEqual(terminal.readAll(), [.key(.character("a")), .key(.character("中")), .key(.character("?"))])
        }
    }

    func testControlKeysArriveRawIncludingFlowControlAndInterrupt() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("\u{13}\u{11}\u{03}\u{0E}\t\r\u{7F}")
            XCTAssertEqual(terminal.readAll(), [.key(.control("s")), .key(.control("q")), .key(.control("c")),
                                                .key(.control("n")), .key(.tab), .key(.enter), .key(.backspace)])
        }
    }

    func testTerminfoSequencesDecodeToNamedKeys() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            let capabilities: [(String, Key)] = [("kcbt", .backTab), ("kf1", .function(1)), ("kf10", .function(10)),
                                                 ("kcuu1", .up), ("kcud1", .down), ("knp", .pageDown), ("kpp", .pageUp),
                                                 ("kdch1", .delete), ("khome", .home)]
            for (capability, key) in capabilities {
                let sequence = try XCTUnwrap(terminal.screen.terminfoString(capability), capability)
                terminal.send(sequence)
                XCTAssertEqual(terminal.readAll(), [.key(key)], capability)
            }
        }
    }

    func testALoneEscapeIsTheEscKey() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("\u{1B}")
            XCTAssertEqual(terminal.readAll(timeout: 200), [.key(.escape)])
        }
    }

    func testEscapeBeforeALetterIsAlt() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("\u{1B}b")
            XCTAssertEqual(terminal.readAll(), [.key(.alt("b"))])
        }
    }

    func testUnknownEscapeSequencesAreSwallowedNotTyped() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("\u{1B}[99;5~x")
            XCTAssertEqual(terminal.readAll(), [.key(.character("x"))])
        }
    }

    func testAResizeIsReportedWithTheNewSize() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.screen.resize(to: Size(width: 100, height: 30))
            XCTAssertEqual(terminal.readAll(), [.resize(Size(width: 100, height: 30))])
            XCTAssertEqual(terminal.screen.size, Size(width: 100, height: 30))
        }
    }

    /// wget_wch stopped at a byte that is not UTF-8 and the rest of the paste was lost (issue 9, item 2).
    func testABadByteThroughNcursesIsMarkedAndTheRestOfThePasteArrives() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send(bytes: Array("oUpF8uMu".utf8) + [0xA0] + Array("AJO_M2pxb1Q9zNjWeS6o".utf8) + [0x9B, 0xFF])
            let expected: [TerminalInput] = "oUpF8uMu".map { .key(.character($0)) } + [.key(.invalidInput([0xA0]))]
                + "AJO_M2pxb1Q9zNjWeS6o".map { .key(.character($0)) } + [.key(.invalidInput([0x9B])), .key(.invalidInput([0xFF]))]
            XCTAssertEqual(terminal.readAll(), expected)
        }
    }

    func testAPastedOSCSequenceThroughNcursesLeavesNothingBehind() throws {
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("a\u{1B}]0;T\u{07}b")
            XCTAssertEqual(terminal.readAll(), [.key(.character("a")), .key(.character("b"))])
        }
    }
}

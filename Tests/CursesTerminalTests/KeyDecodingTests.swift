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
}

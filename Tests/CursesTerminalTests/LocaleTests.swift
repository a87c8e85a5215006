@testable import CursesTerminal
import Foundation
import XCTest

/// ncursesw needs a UTF-8 locale to read and draw CJK: the user's, else C.UTF-8.
final class LocaleTests: XCTestCase {
    func testAPlainCLocaleFallsBackToCUTF8() {
        let saved = ["LC_ALL", "LC_CTYPE", "LANG"].map { ($0, ProcessInfo.processInfo.environment[$0]) }
        defer {
            for (name, value) in saved { if let value { setenv(name, value, 1) } else { unsetenv(name) } }
            CursesScreen.ensureUTF8Locale()
        }
        setenv("LC_ALL", "C", 1)
        setenv("LANG", "C", 1)
        XCTAssertEqual(CursesScreen.ensureUTF8Locale(), "UTF-8")
    }

    func testAnUnknownTerminalTypeIsAClearErrorNotACrash() throws {
        try MainActor.assumeIsolated {
            let input = try XCTUnwrap(fopen("/dev/null", "r")), output = try XCTUnwrap(fopen("/dev/null", "w"))
            defer { fclose(input); fclose(output) }
            XCTAssertThrowsError(try CursesScreen(terminalType: "no-such-terminal-xyz", input: input, output: output)) { error in
                XCTAssertTrue("\(error)".contains("TERM=no-such-terminal-xyz"), "\(error)")
            }
        }
    }
}

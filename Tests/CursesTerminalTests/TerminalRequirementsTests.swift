@testable import CursesTerminal
import XCTest

/// The console refuses a terminal it cannot drive, before touching it (issue 9, item 12).
final class TerminalRequirementsTests: XCTestCase {
    func testTermDumbIsRefusedNamingWhatIsNeeded() throws {
        let problem = try XCTUnwrap(TerminalRequirements.problem(terminalType: "dumb"))
        XCTAssertTrue(problem.contains("needs a terminal that can move the cursor (terminfo capability cup)"), problem)
        XCTAssertTrue(problem.contains("TERM=dumb cannot"), problem)
        XCTAssertTrue(problem.contains("TERM=xterm-256color"), problem)
    }

    func testAFullScreenTerminalIsAccepted() {
        XCTAssertNil(TerminalRequirements.problem(terminalType: "xterm-256color"))
        XCTAssertNil(TerminalRequirements.problem(terminalType: "tmux-256color") ?? TerminalRequirements.problem(terminalType: "screen"))
    }

    func testAnUnknownOrMissingTypeIsRefused() throws {
        XCTAssertEqual(TerminalRequirements.problem(terminalType: "no-such-terminal-type"),
                       "no terminal description for TERM=no-such-terminal-type (try TERM=xterm-256color)")
        XCTAssertTrue(try XCTUnwrap(TerminalRequirements.problem(terminalType: nil)).hasPrefix("TERM is not set"))
    }

    func testLookingATypeUpLeavesAScreenOpenedAfterwardsWorking() throws {
        _ = TerminalRequirements.problem(terminalType: "dumb")
        try MainActor.assumeIsolated {
            let terminal = try VirtualTerminal()
            defer { terminal.close() }
            terminal.send("a")
            XCTAssertEqual(terminal.readAll(), [.key(.character("a"))])
            XCTAssertNotNil(terminal.screen.terminfoString("cup"))
        }
    }
}

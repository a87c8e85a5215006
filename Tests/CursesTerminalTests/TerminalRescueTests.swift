import CTerminalRescue
@testable import CursesTerminal
import Foundation
import XCTest

/// Which signals the rescue takes (issue 9, item 9); what it does on one is tested end to end in tmux
/// (ConsoleTerminalTmuxTests), since it ends the process.
final class TerminalRescueTests: XCTestCase {
    static func action(_ signo: Int32) -> sigaction {
        var current = sigaction()
        sigaction(signo, nil, &current)
        return current
    }

    func testCrashSignalsAreTakenAndAProgramsOwnHandlingIsLeftAlone() {
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var own = sigaction()
        own.__sigaction_handler.sa_handler = { _ in }
        var savedUSR1 = sigaction(), savedUSR2 = sigaction(), savedALRM = sigaction()
        sigaction(SIGUSR1, &own, &savedUSR1)
        sigaction(SIGUSR2, &ignore, &savedUSR2)
        var defaultAction = sigaction()
        defaultAction.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(SIGALRM, &defaultAction, &savedALRM)
        let segvBefore = Self.action(SIGSEGV)
        defer {
            sigaction(SIGUSR1, &savedUSR1, nil)
            sigaction(SIGUSR2, &savedUSR2, nil)
            sigaction(SIGALRM, &savedALRM, nil)
        }

        // No terminal here: nothing to write, no settings (the handlers are never run by this test).
        XCTAssertGreaterThan(cd_rescue_arm(-1, nil, -1, nil, 0), 0)
        for signo in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT, SIGALRM] {
            XCTAssertEqual(cd_rescue_handles(signo), 1, "signal \(signo)")
        }
        XCTAssertEqual(cd_rescue_handles(SIGUSR1), 0, "a handler the program installed stays")
        XCTAssertEqual(cd_rescue_handles(SIGUSR2), 0, "an ignored signal stays ignored")
        XCTAssertEqual(cd_rescue_arm(-1, nil, -1, nil, 0), -1, "armed once")

        cd_rescue_disarm()
        XCTAssertEqual(cd_rescue_handles(SIGSEGV), 0)
        XCTAssertEqual(cd_rescue_handles(SIGALRM), 0)
        let segvAfter = Self.action(SIGSEGV)
        XCTAssertEqual(segvAfter.sa_flags, segvBefore.sa_flags)
        XCTAssertEqual(unsafeBitCast(segvAfter.__sigaction_handler.sa_sigaction, to: Int.self),
                       unsafeBitCast(segvBefore.__sigaction_handler.sa_sigaction, to: Int.self),
                       "the previous SIGSEGV action (the Swift runtime's crash report) is back")
    }

    func testTerminfoPaddingIsNotWrittenAsBytes() {
        XCTAssertEqual(CursesScreen.withoutPadding(Array("\u{1B}[?1049l$<5>\u{1B}[?25h$<2*/>x".utf8)),
                       Array("\u{1B}[?1049l\u{1B}[?25hx".utf8))
        XCTAssertEqual(CursesScreen.withoutPadding(Array("costs $5".utf8)), Array("costs $5".utf8))
    }
}

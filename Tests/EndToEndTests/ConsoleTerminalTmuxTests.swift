import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a tmux pane, where what matters is the terminal itself (issue 9): raw bytes
/// pasted into a field, a crash or a fatal signal, a terminal that cannot do what the console needs,
/// the smallest window; and a result the log cannot take. Runs the demo (no config), so no server is needed.
final class ConsoleTerminalTmuxTests: XCTestCase {
    nonisolated(unsafe) static var folder: TempDir?
    nonisolated(unsafe) static var root = ""

    var session: TmuxSession?
    var history = ""

    static var environment: [String: String] {
        // The Swift runtime's crash report would otherwise wait up to 30 s for a key on a terminal.
        TestHome.environment(root: root, terminal: true).merging(["SWIFT_BACKTRACE": "interactive=no"]) { $1 }
    }

    override class func setUp() {
        super.setUp()
        folder = try? TempDir()
        root = folder?.path ?? "/nonexistent"
        try? FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    override class func tearDown() {
        folder = nil
        super.tearDown()
    }

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    /// Runs `program` in a pane; after it exits the shell prints its exit status and the terminal's
    /// line settings.
    func start(_ program: String, width: Int = 100, height: Int = 30, waitFor ready: String) throws -> TmuxSession {
        let command = "\(program); echo \"EXITED:$?\"; stty -a; echo STTY-DONE; sleep 600"
        let session = try TmuxSession(command: command, width: width, height: height, environment: Self.environment)
        self.session = session
        // The first demo start creates the demo sandbox (RSA keys): give it time.
        try session.waitFor(text: ready, timeout: 60)
        return session
    }

    func startDemo(width: Int = 100, height: Int = 30) throws -> TmuxSession {
        history = Self.root + "/history-\(name.filter(\.isLetter)).jsonl"
        return try start("'\(try BuiltProduct.coupondesk())' demo --history '\(history)'", width: width, height: height,
                         waitFor: "History ·")
    }

    /// Types raw bytes, UTF-8 or not, as a paste delivers them.
    func paste(_ tmux: TmuxSession, _ bytes: [UInt8]) throws {
        try tmux.tmux(["send-keys", "-t", tmux.target, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// The pane including what scrolled off it.
    func fullScreen(_ tmux: TmuxSession) throws -> String {
        try tmux.tmux(["capture-pane", "-p", "-S", "-", "-t", tmux.target]).output
    }

    func paneFlag(_ tmux: TmuxSession, _ format: String) throws -> String {
        try tmux.tmux(["display-message", "-p", "-t", tmux.target, format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// After the program ended: the line settings are cooked again (stty prints "-icanon", "-echo"
    /// when they are off), the alternate screen is left and the cursor is visible.
    func assertTerminalRestored(_ tmux: TmuxSession, exitStatus: Int32, file: StaticString = #filePath, line: UInt = #line) throws {
        try tmux.waitFor(text: "STTY-DONE", timeout: 60)
        let screen = try fullScreen(tmux)
        XCTAssertTrue(screen.contains("EXITED:\(exitStatus)"), screen, file: file, line: line)
        let settings = Set(screen.split(whereSeparator: \.isWhitespace).map(String.init))
        for setting in ["icanon", "echo", "isig", "ixon", "icrnl", "onlcr"] {
            XCTAssertTrue(settings.contains(setting) && !settings.contains("-" + setting), "\(setting) is off: \(screen)",
                          file: file, line: line)
        }
        XCTAssertEqual(try paneFlag(tmux, "#{alternate_on}"), "0", "still on the alternate screen", file: file, line: line)
        XCTAssertEqual(try paneFlag(tmux, "#{cursor_flag}"), "1", "the cursor is still hidden", file: file, line: line)
    }

    /// The console's own process: the first child of the pane's shell.
    func consolePID(_ tmux: TmuxSession) throws -> pid_t {
        let shell = try XCTUnwrap(Int32(try paneFlag(tmux, "#{pane_pid}")))
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return try XCTUnwrap(children.split(separator: " ").first.flatMap { Int32($0) }, "no console process under the pane's shell")
    }

    // MARK: Item 2: a paste is never cut

    func testABadBytePastedIntoOpenidIsShownAndCtrlSSendsNothing() throws {
        let tmux = try startDemo()
        for bad: UInt8 in [0xA0, 0x9B, 0xFF] {
            try tmux.press("C-u")
            try paste(tmux, Array("oUpF8uMu".utf8) + [bad] + Array("AJO_M2pxb1Q9zNjWeS6o".utf8))
            let hex = String(format: "0x%02X", bad)
            let screen = try tmux.waitFor("the pasted openid with its mark") {
                $0.contains("oUpF8uMu�AJO_M2pxb1Q9zNjWeS6o") && $0.contains("invalid byte (\(hex)")
            }
            XCTAssertFalse(screen.contains("oUpF8uMu "), screen)
            try tmux.press("C-s")
            try tmux.waitFor(text: "Not sent — openid: holds �")
        }
        let records = FileManager.default.fileExists(atPath: history) ? try readLog(history).records : []
        XCTAssertEqual(records.count, 0, "nothing was sent, so nothing was recorded")
        XCTAssertFalse(try tmux.screen().contains("sending"))
    }

    func testAPastedEscapeSequenceLeavesNothingInTheField() throws {
        let tmux = try startDemo()
        try paste(tmux, Array("o-osc".utf8) + Array("\u{1B}]0;T\u{07}".utf8) + Array("-csi".utf8) + Array("\u{1B}[2J".utf8)
                  + Array("-end".utf8))
        let screen = try tmux.waitFor(text: "o-osc-csi-end")
        XCTAssertFalse(screen.contains("]0;T"), screen)
        XCTAssertFalse(screen.contains("[2J"), screen)
        XCTAssertNotEqual(try paneFlag(tmux, "#{pane_title}"), "T", "the OSC reached the terminal")
    }

    // MARK: Item 9: a crash never strands the terminal

    /// A real crash of a program holding the console's screen (the helper opens it as the console does).
    func testACrashHandsTheTerminalBackAndKeepsTheCrashExitStatus() throws {
        let directory = URL(fileURLWithPath: try BuiltProduct.coupondesk()).deletingLastPathComponent().path
        let helper = directory + "/terminal-crash-helper"
        // fatalError is SIGILL (ud2) on x86_64, SIGTRAP (brk) on arm64.
        #if arch(x86_64)
        let trap: Int32 = 128 + SIGILL
        #else
        let trap: Int32 = 128 + SIGTRAP
        #endif
        for (how, status) in [("trap", trap), ("segv", 128 + SIGSEGV), ("overflow", 128 + SIGSEGV),
                              ("thread", trap), ("abort", 128 + SIGABRT)] {
            let tmux = try start("'\(helper)' \(how)", waitFor: "crash helper ready (\(how))")
            XCTAssertEqual(try paneFlag(tmux, "#{alternate_on}"), "1", "the helper holds the screen as the console does")
            try tmux.press("x")
            try assertTerminalRestored(tmux, exitStatus: status)
            tmux.kill()
        }
    }

    func testAFatalSignalFromOutsideHandsTheTerminalBack() throws {
        for signal in [SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGQUIT, SIGUSR1] {
            let tmux = try startDemo()
            XCTAssertEqual(kill(try consolePID(tmux), signal), 0)
            try assertTerminalRestored(tmux, exitStatus: 128 + signal)
            tmux.kill()
        }
    }

    // MARK: Item 11: a result the log cannot take is said so

    func testAResultTheLogCannotTakeIsReportedInTheStatusLineAndTheDetail() throws {
        let tmux = try startDemo()
        try tmux.type("fault-drop-unrecorded")          // dropped on every attempt: ~7 s of retries
        try tmux.press("C-s")
        // Once the pending record is written, put a directory where the log was: the final append fails
        // (for root too, whom a read-only mode would not stop).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (FileManager.default.fileExists(atPath: history) ? try readLog(history).records : []).isEmpty {
            usleep(20_000)
        }
        XCTAssertEqual(try readLog(history).records.map(\.outcome), [.pending])
        try FileManager.default.moveItem(atPath: history, toPath: history + ".before")
        try FileManager.default.createDirectory(atPath: history, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: history) }

        let screen = try tmux.waitFor(text: "⚠ NOT in the history log", timeout: 30)
        XCTAssertTrue(screen.contains("? unknown"), screen)
        try tmux.press("Tab", "Tab", "Tab", "Tab", "Enter")   // openid → history; the newest send's detail
        let detail = try tmux.waitFor(text: "NOT RECORDED")
        XCTAssertTrue(detail.contains("could not be written to the log"), detail)
        XCTAssertEqual(try readLog(history + ".before").records.map(\.outcome), [.pending], "the pending record is the trace")
    }

    // MARK: Item 12: a terminal the console cannot drive, and the smallest window

    func testTermDumbIsRefusedWithWhatIsNeededAndTheTerminalIsUntouched() throws {
        let data = Self.root + "/dumb-data"
        let program = "env TERM=dumb XDG_DATA_HOME='\(data)' '\(try BuiltProduct.coupondesk())' demo"
        let tmux = try start(program, waitFor: "STTY-DONE")
        let screen = try fullScreen(tmux)
        XCTAssertTrue(screen.contains("EXITED:64"), screen)
        XCTAssertTrue(screen.contains("needs a terminal that can move the cursor (terminfo capability cup)"), screen)
        XCTAssertTrue(screen.contains("TERM=dumb cannot"), screen)
        XCTAssertFalse(screen.contains("History ·") || screen.contains("F10"), screen)
        let settings = Set(screen.split(whereSeparator: \.isWhitespace).map(String.init))
        XCTAssertTrue(settings.contains("icanon") && settings.contains("echo"), screen)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data), "nothing is created for a console that cannot start")
    }

    func testAt40x10TheTooSmallNoticeIsWholeAndF10Quits() throws {
        let tmux = try startDemo()
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "40", "-y", "10"])
        let screen = try tmux.waitFor(text: "Terminal too small: 40x10.")
        let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(words.contains("Terminal too small: 40x10. CouponDesk needs at least 60x19. Enlarge the window, or press F10 to quit."),
                      screen)
        try tmux.press("F10")
        try tmux.waitFor(text: "STTY-DONE")
        XCTAssertTrue(try fullScreen(tmux).contains("EXITED:0"))
    }
}

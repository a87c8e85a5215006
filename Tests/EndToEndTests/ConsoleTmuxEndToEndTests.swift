import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest

/// The real `coupondesk` binary in a detached tmux pane, talking to `coupondesk sandbox serve` over
/// real HTTP on loopback: what a person sees and types, read back with capture-pane.
final class ConsoleTmuxEndToEndTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: ServedSandbox?
    nonisolated(unsafe) static var folder: TempDir?
    nonisolated(unsafe) static var root = ""
    nonisolated(unsafe) static var binary = ""

    var session: TmuxSession?
    var history = ""

    static var environment: [String: String] { TestHome.environment(root: root, terminal: true) }

    override class func setUp() {
        super.setUp()
        folder = try? TempDir()
        root = folder?.path ?? "/nonexistent"
        try? FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        do {
            binary = try BuiltProduct.coupondesk()
            sandbox = try ServedSandbox(binary: binary, directory: root + "/sandbox", environment: environment)
        } catch {
            sandbox = nil
            binary = "(\(error.localizedDescription))"
        }
    }

    override class func tearDown() {
        sandbox?.stop()
        folder = nil
        super.tearDown()
    }

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    /// Starts the console against the served sandbox; after it exits the shell prints its exit status
    /// and the terminal's line settings, so tests can check the terminal was restored.
    func startConsole(width: Int = 100, height: Int = 30, arguments: String? = nil) throws -> TmuxSession {
        let sandbox = try XCTUnwrap(Self.sandbox, "sandbox serve could not start: \(Self.binary)")
        history = Self.root + "/history-\(name.filter(\.isLetter)).jsonl"
        let args = arguments ?? "--config '\(sandbox.configPath)' --history '\(history)'"
        let command = "'\(Self.binary)' \(args); echo \"EXITED:$?\"; stty -a; echo STTY-DONE; sleep 600"
        let session = try TmuxSession(command: command, width: width, height: height, environment: Self.environment)
        self.session = session
        try session.waitFor(text: "History ·")
        return session
    }

    static func token(in screen: String) -> String? {
        guard let range = screen.range(of: #"token [A-Za-z0-9_-]+"#, options: .regularExpression) else { return nil }
        return String(screen[range].dropFirst("token ".count))
    }

    /// Replaces a field's text: Ctrl-U clears it, then the value is typed.
    func fill(_ tmux: TmuxSession, _ value: String) throws {
        try tmux.press("C-u")
        if !value.isEmpty { try tmux.type(value) }
        try tmux.press("Tab")
    }

    func testTypingAWholeFormSendsOverHTTPAndTheTokenIsOnScreenAndInTheLog() throws {
        let tmux = try startConsole()
        var screen = try tmux.screen()
        XCTAssertTrue(screen.contains("mchid 1900000001 · 127.0.0.1:"), screen)
        XCTAssertFalse(screen.contains("DEMO"))
        // The cursor starts in openid (the first empty field); go back to brand_id and type everything.
        try tmux.press("BTab", "BTab", "BTab", "BTab")
        for value in ["120344", "1000000013", "1000000013001", "wx233544546545989", "o-e2e-whole-form", "",
                      "送给张三的券 thanks", "E2EWHOLEFORM000001"] {
            try fill(tmux, value)
        }
        try tmux.press("C-s")
        screen = try tmux.waitFor(text: "✓ issued")
        let token = try XCTUnwrap(Self.token(in: screen), screen)
        XCTAssertTrue(screen.contains("送给张三的券 thanks"), screen)
        XCTAssertTrue(screen.contains("o-e2e-whole-form"))

        let records = try readLog(history).records.filter { $0.request.sendRequestNo == "E2EWHOLEFORM000001" }
        XCTAssertEqual(records.map(\.outcome), [.pending, .issued])
        XCTAssertEqual(records.last?.token, token)
        XCTAssertEqual(records.last?.request.attach, "送给张三的券 thanks")
        XCTAssertEqual(records.last?.request.couponCode, nil)
        // As `send` records it: every config-driven send is "live", so `coupondesk resend` accepts it.
        XCTAssertEqual(records.last?.mode, "live")
        XCTAssertEqual(records.last?.operator, "e2e-operator")
    }

    func testADailyBudgetRefusalIsShownInWordsWithTheRawErrorInTheDetail() throws {
        let tmux = try startConsole(width: 80, height: 24)
        try tmux.press("Up", "Up")               // openid → stock_id
        try fill(tmux, "1000000013003")           // daily budget 2
        try tmux.press("Down")                    // appid → openid
        for n in 1...3 {
            try tmux.type("o-e2e-daily-\(n)")
            try tmux.press("C-s")
            if n < 3 {
                try tmux.waitFor(text: "✓ issued to o-e2e-daily-\(n)")
                try tmux.press("C-n")
            }
        }
        let screen = try tmux.waitFor(text: "daily budget exhausted — resets 00:00 CST")
        XCTAssertTrue(screen.contains("✗ rejected"), screen)
        try tmux.press("Tab", "Tab", "Tab", "Tab")  // openid → history
        try tmux.press("Enter")
        let detail = try tmux.waitFor(text: "Request-ID")
        XCTAssertTrue(detail.contains("daily_budget_exhausted"), detail)
        let record = try XCTUnwrap(readLog(history).records.last)
        XCTAssertEqual(record.error?.category, .dailyBudgetExhausted)
        XCTAssertTrue(detail.contains(try XCTUnwrap(record.requestID)), detail)
    }

    func testSlashFiltersTheHistoryAsYouTypeAndEscClears() throws {
        let tmux = try startConsole()
        for name in ["apple", "pear"] {
            try tmux.type("o-e2e-filter-\(name)")
            try tmux.press("C-s")
            try tmux.waitFor(text: "✓ issued to o-e2e-filter-\(name)")
            try tmux.press("C-n")
        }
        try tmux.waitFor(text: "History · 2 sends")
        try tmux.press("Tab", "Tab", "Tab", "Tab")
        try tmux.type("/pea")
        let filtered = try tmux.waitFor("one match") { $0.contains("History · 1 send ") && $0.contains("filter: pea") }
        XCTAssertTrue(filtered.contains("o-e2e-filter-pear"), filtered)
        XCTAssertFalse(filtered.contains("o-e2e-filter-apple"), filtered)
        try tmux.press("Escape")
        let cleared = try tmux.waitFor(text: "History · 2 sends")
        XCTAssertTrue(cleared.contains("o-e2e-filter-apple"))
    }

    func testResizingRelaysOutAndATooSmallTerminalShowsANotice() throws {
        let tmux = try startConsole(width: 100, height: 30)
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "80", "-y", "24"])
        var screen = try tmux.waitFor("the 80x24 layout") {
            let lines = $0.components(separatedBy: "\n")
            return lines.count >= 24 && lines[23].contains("^S send")
        }
        let lines = screen.components(separatedBy: "\n")
        XCTAssertTrue(lines[23].contains("^S send"), screen)
        XCTAssertTrue(lines[0].hasSuffix("operator e2e-operator"), screen)
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "50", "-y", "12"])
        screen = try tmux.waitFor(text: "Terminal too small: 50x12")
        try tmux.tmux(["resize-window", "-t", tmux.target, "-x", "120", "-y", "40"])
        // The form's top is drawn before the frame's last line is captured: wait for the whole 120x40 frame.
        screen = try tmux.waitFor("the 120x40 layout") {
            let lines = $0.components(separatedBy: "\n")
            return lines.count >= 40 && lines[39].contains("^S send")
        }
        XCTAssertTrue(screen.contains("send_request_no"), screen)
    }

    func testF10QuitsAndRestoresTheTerminal() throws {
        let tmux = try startConsole()
        try tmux.type("half typed")
        try tmux.press("F1")
        try tmux.waitFor(text: "Keys — Esc closes")
        try tmux.press("Escape")
        try tmux.waitFor("the help to close") { !$0.contains("Keys — Esc closes") }
        try tmux.press("F10")
        let screen = try tmux.waitFor(text: "STTY-DONE")
        XCTAssertTrue(screen.contains("EXITED:0"), screen)
        // Canonical mode, echo and flow control are back (stty prints "-icanon" etc. when off).
        XCTAssertTrue(screen.contains(" icanon"), screen)
        XCTAssertTrue(screen.contains(" echo "), screen)
        XCTAssertTrue(screen.contains(" ixon"), screen)
        XCTAssertFalse(screen.contains("Send ──"), "the console's frame is gone: \(screen)")
    }

    func testCtrlCQuitsToo() throws {
        let tmux = try startConsole()
        try tmux.press("C-c")
        try tmux.waitFor(text: "EXITED:0")
    }

    func testYCopiesTheTokenToTheClipboardWithOSC52() throws {
        let tmux = try startConsole()
        try tmux.type("o-e2e-copy")
        try tmux.press("C-s")
        let token = try XCTUnwrap(Self.token(in: try tmux.waitFor(text: "✓ issued")))
        try tmux.press("Tab", "Tab", "Tab", "Tab", "y")
        try tmux.waitFor(text: "Copied token")
        let buffer = try tmux.tmux(["show-buffer"])
        XCTAssertEqual(buffer.output, token)
    }

    func testWithoutAConfigTheDemoOpensWithABadge() throws {
        let tmux = try startConsole(arguments: "--history '\(Self.root)/demo-history.jsonl'")
        let screen = try tmux.waitFor(text: "DEMO")
        XCTAssertTrue(screen.contains("in-process sandbox"), screen)
        XCTAssertTrue(screen.contains("120344"), "demo defaults pre-fill the form: \(screen)")
    }

    func testRResendsAnUnknownSendWithTheSameNumberAndResolvesIt() throws {
        let tmux = try startConsole()
        try tmux.type("fault-drop-e2e")               // the connection drops on the first 4 attempts
        try tmux.press("C-s")
        let unknown = try tmux.waitFor(text: "? unknown", timeout: 30)
        XCTAssertTrue(unknown.contains("network error"), unknown)
        try tmux.press("Tab", "Tab", "Tab", "Tab", "r")
        try tmux.waitFor(text: "✓ issued to fault-drop-e2e", timeout: 15)
        let records = try readLog(history).records
        let numbers = Set(records.map(\.request.sendRequestNo))
        XCTAssertEqual(numbers.count, 1, "the resend reused the send_request_no")
        XCTAssertEqual(records.map(\.outcome), [.pending, .unknown, .pending, .issued])
    }

    func testHostileTextFromTheNetworkNeverReachesTheTerminal() throws {
        let tmux = try startConsole()
        try tmux.type("fault-control-chars-e2e")
        try tmux.press("C-s")
        try tmux.waitFor(text: "✗ rejected")
        try tmux.press("Tab", "Tab", "Tab", "Tab", "Enter")
        let detail = try tmux.waitFor(text: "请求被拒绝")
        XCTAssertTrue(detail.contains("CouponDesk · partner · mchid"), "the screen was not cleared: \(detail)")
        XCTAssertNotEqual(try tmux.tmux(["display-message", "-p", "#{pane_title}"]).output.trimmingCharacters(in: .whitespacesAndNewlines), "pwned")
        XCTAssertNotEqual(try tmux.tmux(["show-buffer"]).output, "pwned", "an OSC 52 from the message reached tmux")
    }

    func testABrokenThemeFileIsAnErrorNamingIt() throws {
        let broken = Self.root + "/broken-theme.json"
        try Data(#"{"name": "broken", "roles": {"title": {"fg": "purple"}}}"#.utf8).write(to: URL(fileURLWithPath: broken))
        let sandbox = try XCTUnwrap(Self.sandbox)
        let result = try ChildProcess.run([Self.binary, "--config", sandbox.configPath, "--theme", broken], environment: Self.environment)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.output.contains("theme file \(broken)"), result.output)
        let missing = try ChildProcess.run([Self.binary, "--config", sandbox.configPath, "--theme", "neon"], environment: Self.environment)
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.output.contains("\(Self.root)/config/coupondesk/themes/neon.json"), missing.output)
    }

    func testWithoutATerminalTheConsoleRefusesAndCreatesNothing() throws {
        var environment = Self.environment
        environment["XDG_DATA_HOME"] = Self.root + "/no-terminal-data"
        let result = try ChildProcess.run([Self.binary], environment: environment)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.output.contains("needs a terminal"), result.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: Self.root + "/no-terminal-data"))
    }

    func testSIGTERMEndsTheConsoleAndRestoresTheTerminal() throws {
        let tmux = try startConsole()
        let shell = try XCTUnwrap(Int32(try tmux.tmux(["display-message", "-p", "-t", tmux.target, "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let console = try XCTUnwrap(children.split(separator: " ").first.flatMap { Int32($0) }, "no console process under the pane's shell")
        XCTAssertEqual(kill(console, SIGTERM), 0)
        let screen = try tmux.waitFor(text: "STTY-DONE")
        XCTAssertTrue(screen.contains("EXITED:0"), screen)
        XCTAssertTrue(screen.contains(" icanon") && screen.contains(" ixon"), screen)
    }

    /// A copy of the sandbox's client config with extra keys.
    func config(adding extra: [String: Any]) throws -> String {
        let sandbox = try XCTUnwrap(Self.sandbox)
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.configPath))) as? [String: Any])
        for (key, value) in extra { object[key] = value }
        // Keep the key paths valid: they are relative to the config file's folder.
        let path = sandbox.directory + "/config-\(name.filter(\.isLetter)).json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testTheConfigsThemeIsUsed() throws {
        let path = try config(adding: ["theme": "mono"])
        let tmux = try startConsole(arguments: "--config '\(path)' --history '\(Self.root)/theme-history.jsonl'")
        let styled = try tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.target]).output
        // mono draws the title in reverse video and uses no colour at all.
        XCTAssertTrue(styled.hasPrefix("\u{1B}[1;7m") || styled.hasPrefix("\u{1B}[7;1m") || styled.contains("\u{1B}[1;7m CouponDesk"), styled)
        XCTAssertNil(styled.range(of: #"\u{1B}\[(3|4)[0-7]m"#, options: .regularExpression), "no colours in mono")
    }

    func testABrokenThemeNamedByTheConfigIsAConfigurationError() throws {
        let path = try config(adding: ["theme": "does-not-exist"])
        let result = try ChildProcess.run([Self.binary, "--config", path], environment: Self.environment)
        XCTAssertEqual(result.status, 78)
        XCTAssertTrue(result.output.contains("theme 'does-not-exist' not found"), result.output)
    }

    func testQuittingWhileASendIsInFlightWaitsForItsResultToReachTheLog() throws {
        let tmux = try startConsole()
        try tmux.type("fault-drop-quitting")         // dropped 4 times: unknown after ~7 s of retries
        try tmux.press("C-s")
        try tmux.waitFor(text: "sending…")
        try tmux.press("F10")
        let screen = try tmux.waitFor(text: "EXITED:0", timeout: 30)
        XCTAssertTrue(screen.contains("waiting up to 15 s for the send in flight"), screen)
        XCTAssertEqual(try readLog(history).records.map(\.outcome), [.pending, .unknown])
    }
}

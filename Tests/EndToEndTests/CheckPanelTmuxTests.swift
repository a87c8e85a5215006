import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest

/// The console's check panel (issue 12), the real binary in a tmux pane against `sandbox serve` over
/// real HTTP: `c` on a send shows claimed or not, the coupon's state and the stock's numbers; `C` and
/// `y` confirm it; a per-user refusal's detail points at `c`.
final class CheckPanelTmuxTests: XCTestCase {
    nonisolated(unsafe) static var sandbox: ServedSandbox?
    nonisolated(unsafe) static var root = ""
    nonisolated(unsafe) static var binary = ""

    var session: TmuxSession?

    static var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "USER": "e2e-operator",
        ]
    }

    override class func setUp() {
        super.setUp()
        root = NSTemporaryDirectory() + "coupondesk-check-panel-e2e-\(getpid())"
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
        try? FileManager.default.removeItem(atPath: root)
        super.tearDown()
    }

    override func tearDown() {
        session?.kill()
        super.tearDown()
    }

    func start(config: String, history: String) throws -> TmuxSession {
        let command = "'\(Self.binary)' --config '\(config)' --history '\(history)'; echo \"EXITED:$?\"; sleep 600"
        let session = try TmuxSession(command: command, width: 110, height: 34, environment: Self.environment)
        self.session = session
        try session.waitFor(text: "History ·", timeout: 30)
        return session
    }

    func cli(_ arguments: [String]) throws -> ChildResult {
        try ChildProcess.run([Self.binary] + arguments, environment: Self.environment)
    }

    func testCheckShowsAnUnclaimedThenAClaimedSendWithTheStocksNumbersAndCapitalCConfirmsIt() throws {
        let sandbox = try XCTUnwrap(Self.sandbox, "sandbox serve could not start: \(Self.binary)")
        let history = Self.root + "/history-check.jsonl"
        let tmux = try start(config: sandbox.configPath, history: history)
        try tmux.type("never-claims-e2e-1")
        try tmux.press("C-s")
        try tmux.waitFor(text: "✓ issued")
        let number = try XCTUnwrap(readLog(history).records.last?.request.sendRequestNo)

        try tmux.press("Tab", "Tab", "Tab", "Tab")   // openid → history
        try tmux.press("c")
        var screen = try tmux.waitFor(text: "no — no coupon of this user in the stock has this send_request_no")
        XCTAssertTrue(screen.contains("Check \(number)"), screen)
        XCTAssertTrue(screen.contains("1 / 100,000 · 99,999 left"), screen)
        XCTAssertTrue(screen.contains("1 / 10,000 · 9,999 left"), screen)
        XCTAssertTrue(screen.contains("at most 100 · this user holds 0"), screen)

        // A simulated user claims the token; `c` again looks it up again.
        let claim = try cli(["sandbox", "claim", sandbox.directory, number])
        XCTAssertEqual(claim.status, 0, claim.output)
        try tmux.press("c")
        screen = try tmux.waitFor(text: "CONFIRMING — claimed, not confirmed")
        XCTAssertTrue(screen.contains("yes — coupon "), screen)
        XCTAssertTrue(screen.contains("this user holds 1 (CONFIRMING included)"), screen)
        XCTAssertTrue(screen.contains("C confirms it"), screen)

        try tmux.press("C")
        try tmux.waitFor(text: "Confirm coupon ")
        try tmux.press("y")
        screen = try tmux.waitFor(text: "✓ confirmed: the coupon is EFFECTIVE")
        try tmux.waitFor(text: "EFFECTIVE — usable")

        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        let confirms = lines.filter { $0.contains("\"action\":\"confirm\"") }
        XCTAssertEqual(confirms.count, 2, "a write-ahead record and the final one")
        XCTAssertTrue(confirms.last?.contains("\"outcome\":\"confirmed\"") == true)
        XCTAssertEqual(try readLog(history).records.last?.outcome, .issued, "the send's own state is unchanged")

        // The detail lists the confirm under the send.
        try tmux.press("Escape")
        try tmux.waitFor("the panel to close") { !$0.contains("Check \(number)") }
        try tmux.press("Enter")
        try tmux.waitFor(text: "confirmed · out_request_no CF")
    }

    func testAPerUserRefusalsDetailPointsAtTheCheckAndTheCheckShowsTheLimit() throws {
        let sandbox = try XCTUnwrap(Self.sandbox, "sandbox serve could not start: \(Self.binary)")
        let history = Self.root + "/history-limit.jsonl"
        for _ in 0..<2 {
            _ = try cli(["send", "--config", sandbox.configPath, "--history", history, "--openid", "o-e2e-limit-1", "--brand-id", "120344",
                         "--product-coupon-id", "1000000013", "--stock-id", "1000000013004", "--appid", "wx233544546545989"])
        }
        XCTAssertEqual(try readLog(history).records.last?.error?.category, .userLimitReached)
        let tmux = try start(config: sandbox.configPath, history: history)
        // Enter acts on a row only once the pane has it: under load the log's rows arrive after the form.
        try tmux.waitFor(text: "per-user limit reached")
        try tmux.press("Tab", "Tab", "Tab", "Tab")
        try tmux.press("Enter")
        try tmux.waitFor(text: "c: see the stock's budget")
        try tmux.press("c")
        let screen = try tmux.waitFor(text: "at most 1 · this user holds")
        XCTAssertTrue(screen.contains("Check "), screen)
        XCTAssertTrue(screen.contains("1 / 1,000 · 999 left"), screen)
    }
}

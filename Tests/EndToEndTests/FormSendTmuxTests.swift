import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest

/// Issue 9 item 1 in a real terminal: the demo console in a detached tmux pane. An issued coupon never
/// disappears from the history when the form is edited and sent again, and changing only `attach`
/// never sends a second coupon to the same user without being asked.
final class FormSendTmuxTests: XCTestCase {
    var home: TestHome?
    var root: String { home?.root ?? "/nonexistent" }
    var session: TmuxSession?

    var environment: [String: String] { TestHome.environment(root: root, terminal: true) }

    override func setUpWithError() throws { home = try TestHome() }

    override func tearDown() {
        session?.kill()
        home = nil
        super.tearDown()
    }

    func testEditingTheOpenidAfterAnIssuedSendKeepsItsRowAndAnAttachOnlyChangeSendsNoSecondCoupon() throws {
        let binary = try BuiltProduct.coupondesk()
        let history = root + "/history.jsonl"
        let tmux = try TmuxSession(command: "'\(binary)' demo --history '\(history)'; sleep 600",
                                   width: 100, height: 30, environment: environment)
        session = tmux
        try tmux.waitFor(text: "History ·", timeout: 30)

        try tmux.type("o-safe-A")
        try tmux.press("C-s")
        try tmux.waitFor(text: "✓ issued to o-safe-A", timeout: 20)
        // Without Ctrl-N: change the openid and send again.
        try tmux.press("C-u")
        try tmux.type("o-safe-B")
        try tmux.waitFor(text: "Edited: a new send, new send_request_no")
        try tmux.press("C-s")
        var screen = try tmux.waitFor(text: "✓ issued to o-safe-B", timeout: 20)
        screen = try tmux.waitFor("both sends in the history") { $0.contains("History · 2 sends") }
        let rows = screen.components(separatedBy: "\n").filter { $0.contains("✓ P o-safe-") }
        XCTAssertEqual(rows.count, 2, screen)

        var records = try readLog(history).records
        XCTAssertEqual(records.map(\.outcome), [.pending, .issued, .pending, .issued])
        XCTAssertEqual(Set(records.map(\.request.sendRequestNo)).count, 2, "two sends, two numbers")
        let listed = try ChildProcess.run([binary, "history", "list", "--outcome", "issued", "--history", history],
                                   environment: environment)
        XCTAssertTrue(listed.output.contains("o-safe-A") && listed.output.contains("o-safe-B"), listed.output)

        // Only attach changes: the first Ctrl-S asks, nothing is sent.
        try tmux.press("Tab", "Tab")              // openid → coupon_code → attach
        try tmux.type("a note")
        try tmux.press("C-s")
        try tmux.waitFor(text: "Ctrl-S again sends ANOTHER coupon to o-safe-B")
        usleep(1_500_000)                         // a send would have been recorded by now
        records = try readLog(history).records
        XCTAssertEqual(records.count, 4, "no second coupon to o-safe-B: \(records.map(\.outcome))")
        screen = try tmux.screen()
        XCTAssertTrue(screen.contains("History · 2 sends"), screen)
    }

    /// The console's send path goes through the same client check as `send`: a number typed by hand
    /// that the history holds for another request is refused before sending, and nothing is recorded.
    func testATypedNumberOfAnIssuedSendIsRefusedBeforeSendingAndRecordsNothing() throws {
        let binary = try BuiltProduct.coupondesk()
        let history = root + "/history.jsonl"
        let tmux = try TmuxSession(command: "'\(binary)' demo --history '\(history)'; sleep 600",
                                   width: 100, height: 30, environment: environment)
        session = tmux
        try tmux.waitFor(text: "History ·", timeout: 30)
        try tmux.type("o-safe-A")
        try tmux.press("C-s")
        try tmux.waitFor(text: "✓ issued to o-safe-A", timeout: 20)
        let issued = try XCTUnwrap(readLog(history).records.last)

        try tmux.press("C-n")
        try tmux.type("o-safe-C")
        try tmux.press("Tab", "Tab", "Tab", "C-u")    // openid → coupon_code → attach → send_request_no
        try tmux.type(issued.request.sendRequestNo)
        try tmux.press("C-s")
        let screen = try tmux.waitFor(text: "Not sent — send_request_no \(issued.request.sendRequestNo) already belongs")
        XCTAssertTrue(screen.contains("✓ P o-safe-A"), screen)
        XCTAssertEqual(try readLog(history).records.count, 2, "nothing recorded")
    }
}

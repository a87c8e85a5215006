import CouponDeskTestSupport
import Foundation
import WeChatPayCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Issue 9 item 3 in a real terminal: a `coupondesk demo send` in flight in another process shows in
/// the demo console as "sending elsewhere" and `r` refuses it; once that process is killed the same
/// row is interrupted and `r` resends it.
final class PendingElsewhereTmuxTests: XCTestCase {
    var home: TestHome?
    var root: String { home?.root ?? "/nonexistent" }
    var session: TmuxSession?
    var sender: ChildProcess?

    var environment: [String: String] { TestHome.environment(root: root, terminal: true) }

    override func setUpWithError() throws { home = try TestHome() }

    override func tearDown() {
        if let sender { kill(sender.pid, SIGKILL); sender.finish() }
        session?.kill()
        home = nil
        super.tearDown()
    }

    func testACLISendInFlightIsSendingElsewhereUntilItsProcessIsKilled() throws {
        let binary = try BuiltProduct.coupondesk()
        let number = "TELSEWHERE_\(UInt32.random(in: 100_000...999_999))"
        // The demo's fault-timeout- answers late to 4 attempts: about 15 s in flight (then stopped).
        let child = try ChildProcess.start([binary, "demo", "send", "--openid", "fault-timeout-elsewhere",
                                            "--send-request-no", number], environment: environment, output: .merged)
        sender = child
        let history = root + "/data/coupondesk/demo/history.jsonl"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? readLog(history).records) ?? []).isEmpty { usleep(50_000) }
        XCTAssertEqual(try readLog(history).records.map(\.outcome), [.pending], "the CLI send has started")
        // Stopped, it stays in flight as long as the test needs, however loaded the machine is.
        kill(child.pid, SIGSTOP)

        let tmux = try TmuxSession(command: "'\(binary)' demo; sleep 600", width: 100, height: 30, environment: environment)
        session = tmux
        try tmux.waitFor(text: "sending elsewhere (pid \(child.pid))", timeout: 20)
        try tmux.press("Tab", "Tab", "Tab", "Tab", "r")   // openid → … → history, then r
        try tmux.waitFor(text: "being sent right now by pid \(child.pid)")
        XCTAssertEqual(try readLog(history).records.map(\.outcome), [.pending], "r sent nothing")

        kill(child.pid, SIGKILL)
        child.finish()
        sender = nil
        try tmux.waitFor(text: "interrupted — outcome unknown", timeout: 10)
        try tmux.press("r")
        try tmux.waitFor(text: "Resending (same send_request_no) \(number)")
        try tmux.waitFor("the resend's write-ahead record") {
            _ in ((try? readLog(history).records) ?? []).filter { $0.outcome == .pending }.count == 2
        }
    }
}

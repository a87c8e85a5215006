import CouponDeskTestSupport
import Foundation
@testable import WeChatPayCore
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
        try stopHoldingNoLock(child.pid, directory: root + "/data/coupondesk/demo")

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

/// Stops `pid` at a moment it holds no flock on a file of `directory`. Stopped inside a sandbox
/// transaction (a few milliseconds after its pending record appears), it would keep the sandbox's
/// state lock, and the demo console, which opens that state before its first frame, would wait for
/// it with a blank screen (seen once in a full run). Each file is probed with a non-blocking lock,
/// taken and given back at once; while one is held, the process runs on a little and is stopped again.
func stopHoldingNoLock(_ pid: pid_t, directory: String) throws {
    for _ in 0..<200 {
        kill(pid, SIGSTOP)
        waitUntilStopped(pid)
        let files = (try FileManager.default.contentsOfDirectory(atPath: directory)).map { directory + "/" + $0 }
        let holdsALock = files.contains { path in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
            flock(fd, LOCK_UN)
            return false
        }
        if !holdsALock { return }
        kill(pid, SIGCONT)
        usleep(20_000)
    }
    XCTFail("pid \(pid) kept a lock in \(directory)")
}

/// Waits (at most a second) until /proc shows `pid` stopped: a stop signal is delivered asynchronously.
private func waitUntilStopped(_ pid: pid_t) {
    var waits = 0
    while ProcessTable.status(of: pid)?.state != "T" && waits < 1_000 { usleep(1_000); waits += 1 }
}

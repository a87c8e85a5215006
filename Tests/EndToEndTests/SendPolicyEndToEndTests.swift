import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The send policy through the real binary (issue 9, items 1, 3 and 14): what `send`, `resend` and
/// `demo send` refuse, and who they record as the operator.
@Suite struct SendPolicyEndToEndTests {
    @Test func withoutUSERAndLOGNAMETheOperatorIsTheLoginNameFromThePasswordDatabase() async throws {
        let sandbox = try CLISandbox()
        var environment = sandbox.environment
        environment.removeValue(forKey: "USER")
        environment.removeValue(forKey: "LOGNAME")
        let number = sendRequestNumber("operator")
        let result = try await CLIRunner.run(sandbox.sendArguments(openid: "o-p-operator", sendRequestNo: number),
                                             environment: environment)
        #expect(result.status == 0, "\(result.err)")
        let name = try #require(OperatorName.effectiveUserLoginName(), "this user has a password database entry")
        #expect(try sandbox.records(number).map(\.operator) == [name, name])
    }

    struct Earlier: Sendable, CustomTestStringConvertible {
        var outcome: Outcome
        var openid: String
        var stockID = DemoData.StockID.plenty
        var exitCode: Int32
        var testDescription: String { outcome.rawValue }
    }

    static let earlier: [Earlier] = [
        Earlier(outcome: .issued, openid: "o-p-issued", exitCode: 0),
        Earlier(outcome: .rejected, openid: "o-p-rejected", stockID: DemoData.StockID.paused, exitCode: 3),
        Earlier(outcome: .unknown, openid: "fault-bad-signature-p", exitCode: 4),
    ]

    /// Issue 9 item 1: `send --send-request-no <a used number>` with other data exited 3 (WeChat Pay's
    /// 268578927), and that refusal hid the earlier send from `history list`.
    @Test(arguments: earlier)
    func sendUnderANumberTheHistoryHoldsForOtherDataIsRefusedBeforeSendingAndRecordsNothing(_ c: Earlier) async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("reuse")
        let first = try await sandbox.send(openid: c.openid, sendRequestNo: number, stockID: c.stockID)
        #expect(first.status == c.exitCode, "\(first.err)")
        let before = try sandbox.records(number)
        #expect(before.last?.outcome == c.outcome)

        let other = try await sandbox.send(openid: "o-p-someone-else", sendRequestNo: number, stockID: c.stockID)
        #expect(other.status == 64, "stdout: \(other.out) stderr: \(other.err)")
        #expect(other.out.isEmpty, "no record is printed for a send that was not made")
        // The message names the earlier send (time, openid, stock, outcome) and what to do.
        let earlierTime = try #require(before.first?.time)
        for said in [number, earlierTime, c.openid, c.stockID, c.outcome.rawValue, "use a new send_request_no"] {
            #expect(other.err.contains(said), "“\(said)” in \(other.err)")
        }
        #expect(sandbox.received(openid: "o-p-someone-else").isEmpty, "nothing sent")
        #expect(try sandbox.records(number) == before, "nothing recorded")
    }

    @Test func changingOnlyTheAttachUnderAnIssuedNumberSendsNoSecondCoupon() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("attach")
        #expect(try await sandbox.send(openid: "o-p-attach", sendRequestNo: number, attach: "first").status == 0)
        let again = try await sandbox.send(openid: "o-p-attach", sendRequestNo: number, attach: "second")
        #expect(again.status == 64, "\(again.err)")
        #expect(sandbox.received(openid: "o-p-attach").count == 1)
        #expect(try sandbox.counted() == 1, "no second coupon")
        // The same request under the same number is still the idempotent retry.
        #expect(try await sandbox.send(openid: "o-p-attach", sendRequestNo: number, attach: "first").status == 0)
        #expect(try sandbox.counted() == 1)
    }

    @Test func demoSendUnderAnIssuedNumberWithOtherDataIsRefusedToo() async throws {
        let folder = try TempDir()
        let root = folder.path
        let environment = CLIRunner.environment(root: root)
        let number = sendRequestNumber("demoreuse")
        let first = try await CLIRunner.run(["demo", "send", "--openid", "o-safe-A", "--send-request-no", number, "--json"],
                                            environment: environment)
        #expect(first.status == 0, "\(first.err)")
        let second = try await CLIRunner.run(["demo", "send", "--openid", "o-safe-B", "--send-request-no", number, "--json"],
                                             environment: environment)
        #expect(second.status == 64, "\(second.err)")
        #expect(second.err.contains("o-safe-A") && second.err.contains("issued"), "\(second.err)")
        let history = SandboxDirectory(path: DemoEnvironment.defaultPath(environment: environment)).historyPath
        #expect(try readLog(history).records.map(\.request.openid) == ["o-safe-A", "o-safe-A"])
    }

    /// Issue 9 item 3 with a real second process: a CLI send in flight is not resent (nor sent again)
    /// under its feet; once its process is gone, the send is interrupted and `resend` resolves it.
    /// The sender is stopped (SIGSTOP) while its pending record is the send's state, so it is "in
    /// flight" for as long as the test needs, however loaded the machine is.
    @Test func resendRefusesASendWhoseProcessIsStillSendingItAndResolvesItOnceThatProcessIsGone() async throws {
        let sandbox = try CLISandbox(timeoutSeconds: 10, customise: {
            $0.faults = DemoData.faults(delayMilliseconds: 6_000, times: 1)
        })
        let openid = "fault-timeout-elsewhere"
        let number = sendRequestNumber("elsewhere")
        // Stopped from the listener's own thread the moment its request arrives (its pending record is
        // written by then), whatever the test's threads are busy with.
        let stop = StopTarget()
        let arrived = Latch<Bool>()
        sandbox.engine.observe { exchange in
            if exchange.openid == openid { stop.stop(); arrived.open(true) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { arrived.open(false) }
        let running = try CLIRunner.start(sandbox.sendArguments(openid: openid, sendRequestNo: number).map { Array($0.utf8) },
                                          environment: sandbox.environment)
        stop.set(running.pid)
        #expect(await arrived.wait(), "the slow send reached the sandbox")
        let refused: CLIResult, again: CLIResult
        do {
            refused = try await sandbox.resend(number)
            // `send` of the same request under the same number (what Ctrl-S on an unknown form does) waits too.
            again = try await sandbox.send(openid: openid, sendRequestNo: number)
        } catch {
            kill(running.pid, SIGKILL)
            _ = CLIResult(await running.finished(timeout: 30))
            throw error
        }
        let receivedWhileStopped = sandbox.received(openid: openid).count
        kill(running.pid, SIGKILL)
        #expect(CLIResult(await running.finished(timeout: 30)).status == 128 + SIGKILL)

        #expect(refused.status == 64, "stdout: \(refused.out) stderr: \(refused.err)")
        #expect(refused.err.contains("being sent right now by pid \(running.pid)"), "\(refused.err)")
        #expect(again.status == 64, "stdout: \(again.out) stderr: \(again.err)")
        #expect(again.err.contains("being sent right now by pid \(running.pid)"), "\(again.err)")
        #expect(receivedWhileStopped == 1, "nothing sent by the refused resend and send")
        #expect(try sandbox.records(number).map(\.outcome) == [.pending], "nothing recorded; the killed send left its trace")
        #expect(try sandbox.records(number).first?.sender?.pid == running.pid)

        let resolved = try await sandbox.resend(number)
        #expect(resolved.status == 0, "stdout: \(resolved.out) stderr: \(resolved.err)")
        #expect(try sandbox.records(number).map(\.outcome) == [.pending, .pending, .issued])
        #expect(try sandbox.counted() == 1, "no second coupon")
    }
}

/// The pid to SIGSTOP, once, from the sandbox's observer; a stop asked for before the pid is known
/// happens as soon as it is (the pattern of `KillTarget`). Later requests (the resend after the kill)
/// signal nothing: that pid may belong to another process by then.
final class StopTarget: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var requested = false

    func set(_ pid: pid_t) {
        let now = lock.withLock { () -> Bool in
            guard self.pid == 0 else { return false }
            self.pid = pid
            return requested
        }
        if now { kill(pid, SIGSTOP) }
    }

    func stop() {
        let pid = lock.withLock { () -> pid_t in
            guard !requested else { return 0 }
            requested = true
            return self.pid
        }
        if pid > 0 { kill(pid, SIGSTOP) }
    }
}

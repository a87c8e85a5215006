import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// The fault matrix (issue 6): the real `coupondesk send` / `resend` binary → URLSession → the
/// libmicrohttpd listener → the sandbox engine, one case per sandbox fault kind and per error category
/// the sandbox can produce. Each case checks what a user and an auditor would: the outcome and
/// category, the exit code, the history records (pending, then final), how many coupons the sandbox
/// counted in its persisted state, and that every request it received for the send — retries and
/// resends — carried the same send_request_no.
///
/// The cases run concurrently, each on its own sandbox; the binary uses the standard 1-2-4 s backoff.
@Suite struct FaultMatrixEndToEndTests {
    // MARK: Shared checks

    /// What the binary's send of `number` must have left: exit code, the `--json` record (when given),
    /// `[pending, final]` appended to the history, `attempts` requests received, all with `number`.
    /// Returns the final record.
    @discardableResult
    static func expectSettled(_ sandbox: CLISandbox, _ result: CLIResult, number: String, openid: String,
                              outcome: Outcome, category: ErrorCategory?, exitCode: Int32, attempts: Int,
                              recordsBefore: Int = 0, receivedBefore: Int = 0, json: Bool = true,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> SendRecord? {
        #expect(result.status == exitCode, "stdout: \(result.out) stderr: \(result.err)", sourceLocation: sourceLocation)
        #expect(result.firstUnsafeCharacter == nil, sourceLocation: sourceLocation)
        let appended = Array(try sandbox.records(number).dropFirst(recordsBefore))
        #expect(appended.map(\.outcome) == [.pending, outcome], sourceLocation: sourceLocation)
        guard let final = appended.last else { return nil }
        if json {
            let printed = try result.record()
            #expect(printed == final, "the --json record is the history record", sourceLocation: sourceLocation)
        }
        #expect(final.request.sendRequestNo == number, sourceLocation: sourceLocation)
        #expect(final.error?.category == category, "\(String(describing: final.error))", sourceLocation: sourceLocation)
        #expect(final.attempts == attempts, sourceLocation: sourceLocation)
        let received = Array(sandbox.received(openid: openid).dropFirst(receivedBefore))
        #expect(received.count == attempts, "\(received)", sourceLocation: sourceLocation)
        #expect(received.allSatisfy { $0.sendRequestNo == number }, "\(received.map(\.sendRequestNo))", sourceLocation: sourceLocation)
        return final
    }

    // MARK: Definite answers (issued and every rejection category)

    struct Answer: Sendable, CustomTestStringConvertible {
        var name: String
        var openid: String
        var stockID = DemoData.StockID.plenty
        var appid = DemoData.appid
        var couponCode: String? = nil
        var attach: String? = nil
        var editConfig: @Sendable (inout [String: Any]) -> Void = { _ in }
        /// Sends made in-process before the CLI send (to use up a budget, claim a number...).
        var before: @Sendable (SandboxHTTPHarness, _ number: String) async -> Void = { _, _ in }
        var outcome: Outcome
        var category: ErrorCategory?
        var code: String? = nil
        var numericCode: Int? = nil
        var exitCode: Int32
        /// Coupons counted against `stockID` after the CLI send.
        var counted: Int
        var testDescription: String { name }
    }

    static let answers: [Answer] = [
        Answer(name: "issued", openid: "o-m-issued", outcome: .issued, category: nil, exitCode: 0, counted: 1),
        Answer(name: "total_budget_exhausted", openid: "o-m-total", stockID: DemoData.StockID.totalBudget,
               before: { h, _ in for i in 0..<3 { _ = await h.send(openid: "o-m-total-\(i)", stockID: DemoData.StockID.totalBudget) } },
               outcome: .rejected, category: .totalBudgetExhausted, numericCode: 268579001, exitCode: 3, counted: 3),
        Answer(name: "daily_budget_exhausted", openid: "o-m-daily", stockID: DemoData.StockID.dailyBudget,
               before: { h, _ in for i in 0..<2 { _ = await h.send(openid: "o-m-daily-\(i)", stockID: DemoData.StockID.dailyBudget) } },
               outcome: .rejected, category: .dailyBudgetExhausted, numericCode: 268579002, exitCode: 3, counted: 2),
        Answer(name: "user_limit_reached", openid: "o-m-user", stockID: DemoData.StockID.perUser,
               before: { h, _ in _ = await h.send(openid: "o-m-user", stockID: DemoData.StockID.perUser) },
               outcome: .rejected, category: .userLimitReached, numericCode: 272756740, exitCode: 3, counted: 1),
        Answer(name: "stock_not_sending", openid: "o-m-paused", stockID: DemoData.StockID.paused,
               outcome: .rejected, category: .stockNotSending, numericCode: 268577984, exitCode: 3, counted: 0),
        // The number was used by another tool (a history this client cannot see): WeChat Pay refuses it.
        // A number this history knows is refused before sending (SendPolicyEndToEndTests).
        Answer(name: "request_no_conflict", openid: "o-m-conflict", attach: "second",
               before: { h, number in
                   let otherTool = HistoryStore(path: h.directory.path + "/other-tool-history.jsonl")
                   _ = await h.client.send(h.request(openid: "o-m-conflict", attach: "first", sendRequestNo: number),
                                           journal: otherTool, operator: "other-tool", mode: .live)
               },
               outcome: .rejected, category: .requestNoConflict, numericCode: 268578927, exitCode: 3, counted: 1),
        Answer(name: "invalid_request (appid not linked)", openid: "o-m-appid", appid: DemoData.unlinkedAppid,
               outcome: .rejected, category: .invalidRequest, code: "INVALID_REQUEST", numericCode: 268578704, exitCode: 3, counted: 0),
        Answer(name: "invalid_request (coupon_code on a WECHATPAY stock)", openid: "o-m-code", couponCode: "CODE1",
               outcome: .rejected, category: .invalidRequest, code: "PARAM_ERROR", exitCode: 3, counted: 0),
        Answer(name: "not_found", openid: "o-m-404", stockID: "999999",
               outcome: .rejected, category: .notFound, code: "RESOURCE_NOT_EXISTS", exitCode: 3, counted: 0),
        Answer(name: "auth_failed (wrong merchant serial)", openid: "o-m-auth",
               editConfig: { $0["merchant_serial_no"] = "00112233445566778899AABBCCDDEEFF00112233" },
               outcome: .rejected, category: .authFailed, code: "SIGN_ERROR", exitCode: 3, counted: 0),
        Answer(name: "auth_failed (another merchant's private key)", openid: "o-m-key",
               before: { h, _ in
                   let keyPath = h.directory.file("other_merchant_key.pem")
                   try? RSAPrivateKey.generate().pkcs8PEM().write(to: URL(fileURLWithPath: keyPath))
                   _ = chmod(keyPath, 0o600)
                   let url = URL(fileURLWithPath: h.directory.clientConfigPath)
                   if var object = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] {
                       object["private_key_file"] = keyPath
                       try? JSONSerialization.data(withJSONObject: object).write(to: url)
                   }
               },
               outcome: .rejected, category: .authFailed, code: "SIGN_ERROR", exitCode: 3, counted: 0),
    ]

    @Test(arguments: answers)
    func aDefiniteAnswerIsRecordedAndExitsWithItsCode(_ answer: Answer) async throws {
        let sandbox = try CLISandbox(editClientConfig: answer.editConfig)
        let number = sendRequestNumber("m")
        await answer.before(sandbox.harness, number)
        let recordsBefore = try sandbox.records(number).count
        let receivedBefore = sandbox.received(openid: answer.openid).count

        let result = try await sandbox.send(openid: answer.openid, sendRequestNo: number, stockID: answer.stockID,
                                            appid: answer.appid, couponCode: answer.couponCode, attach: answer.attach)
        let record = try Self.expectSettled(sandbox, result, number: number, openid: answer.openid,
                                            outcome: answer.outcome, category: answer.category, exitCode: answer.exitCode,
                                            attempts: 1, recordsBefore: recordsBefore, receivedBefore: receivedBefore)
        if let code = answer.code { #expect(record?.error?.code == code) }
        if let numeric = answer.numericCode { #expect(record?.error?.numericCode == numeric) }
        #expect(record?.requestID?.isEmpty == false, "the Request-ID is kept for WeChat Pay support")
        #expect(try sandbox.counted(answer.stockID) == answer.counted)
        if answer.outcome == .issued {
            #expect(record?.token != nil)
            #expect(record?.token == (try sandbox.committedToken(number)))
        } else {
            #expect(record?.token == nil)
        }
    }

    @Test func anotherNumberForTheSameUserAndStockWhileOneIsInFlightIsReentry() async throws {
        // Held 6 s: long enough for the binary to start and send even on a loaded machine.
        let sandbox = try CLISandbox(timeoutSeconds: 10, delayMilliseconds: 6_000)
        let openid = "fault-timeout-reentry"
        let number = sendRequestNumber("reentry")
        // The binary is started from the listener's thread the moment the slow send has committed and
        // its answer is being held back, whatever the test's own threads are busy with.
        let second = Latch<ChildProcess?>()
        let arguments = sandbox.sendArguments(openid: openid, sendRequestNo: number).map { Array($0.utf8) }
        let environment = sandbox.environment
        sandbox.engine.observe { exchange in
            if exchange.openid == openid && exchange.sendRequestNo != number {
                second.open(try? CLIRunner.start(arguments, environment: environment))
            }
        }
        async let slow = sandbox.harness.send(openid: openid)
        let running = try #require(await second.wait())
        let result = CLIResult(await running.finished(timeout: 30))
        try Self.expectSettled(sandbox, result, number: number, openid: openid, outcome: .rejected, category: .reentry,
                               exitCode: 3, attempts: 1, receivedBefore: 1)
        #expect(await slow.outcome == .issued)
        #expect(try sandbox.counted() == 1)
    }

    @Test func sendingTheSameNumberAgainReturnsTheSameTokenWithoutASecondCoupon() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("twice")
        let first = try await sandbox.send(openid: "o-m-twice", sendRequestNo: number)
        let second = try await sandbox.send(openid: "o-m-twice", sendRequestNo: number)
        #expect(first.status == 0 && second.status == 0)
        #expect(try second.record().token == (try first.record().token))
        #expect(try sandbox.records(number).map(\.outcome) == [.pending, .issued, .pending, .issued])
        #expect(try sandbox.counted() == 1, "no second coupon")
    }

    // MARK: Retried with backoff, then reported

    struct Retried: Sendable, CustomTestStringConvertible {
        var kind: String
        var openid: String
        var outcome: Outcome
        var category: ErrorCategory
        var exitCode: Int32
        var testDescription: String { kind }
    }

    static let retried: [Retried] = [
        Retried(kind: "system_error", openid: "fault-system-error-m", outcome: .unknown, category: .serverError, exitCode: 4),
        Retried(kind: "rate_limited", openid: "fault-rate-limited-m", outcome: .rejected, category: .rateLimited, exitCode: 3),
        Retried(kind: "html_error_page", openid: "fault-html-502-m", outcome: .unknown, category: .serverError, exitCode: 4),
    ]

    @Test(arguments: retried)
    func aRetryableAnswerIsRetriedThreeTimesWithBackoffThenReportedAndAResendIssuesOnce(_ c: Retried) async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber(c.kind)
        let result = try await sandbox.send(openid: c.openid, sendRequestNo: number)
        try Self.expectSettled(sandbox, result, number: number, openid: c.openid, outcome: c.outcome,
                               category: c.category, exitCode: c.exitCode, attempts: 4)
        // PROTOCOL §5: back off 1 s, 2 s, 4 s between the attempts.
        let times = sandbox.received(openid: c.openid).map(\.time)
        let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
        #expect(gaps.count == 3)
        // Measured where the sandbox received them; the margin absorbs scheduling delays on a busy machine.
        for (gap, backoff) in zip(gaps, [1.0, 2.0, 4.0]) { #expect(gap >= backoff - 0.25, "gaps \(gaps)") }
        #expect(try sandbox.counted() == 0, "nothing was committed")

        let resent = try await sandbox.resend(number)
        let issued = try Self.expectSettled(sandbox, resent, number: number, openid: c.openid, outcome: .issued,
                                            category: nil, exitCode: 0, attempts: 1, recordsBefore: 2, receivedBefore: 4)
        #expect(issued?.token == (try sandbox.committedToken(number)))
        #expect(try sandbox.counted() == 1)
    }

    // MARK: Committed, answer lost or untrustworthy: unknown, then resolved by `resend`

    struct Unknown: Sendable, CustomTestStringConvertible {
        var kind: String
        var openid: String
        var category: ErrorCategory
        /// Timeouts and lost connections are retried (1 + 3); answers that fail verification or
        /// parsing are not.
        var attempts: Int
        var timeoutSeconds: Double = 5
        var delayMilliseconds: Int = 1_500
        /// Human output (the token must not be shown) or `--json`.
        var json = true
        var testDescription: String { kind }
    }

    static let unknowns: [Unknown] = [
        // Whole seconds: FoundationNetworking's URLSession times out at once below 1 s.
        Unknown(kind: "delay_after_commit", openid: "fault-timeout-m", category: .timeout, attempts: 4,
                timeoutSeconds: 1, delayMilliseconds: 2_500),
        Unknown(kind: "drop_connection_after_commit", openid: "fault-drop-m", category: .networkError, attempts: 4),
        Unknown(kind: "bad_signature", openid: "fault-bad-signature-m", category: .signatureInvalid, attempts: 1, json: false),
        Unknown(kind: "probe_signature", openid: "fault-probe-signature-m", category: .signatureInvalid, attempts: 1, json: false),
        Unknown(kind: "stale_timestamp", openid: "fault-stale-timestamp-m", category: .signatureInvalid, attempts: 1, json: false),
        Unknown(kind: "unsigned", openid: "fault-unsigned-m", category: .signatureInvalid, attempts: 1),
        Unknown(kind: "malformed_json", openid: "fault-malformed-json-m", category: .malformedResponse, attempts: 1),
        Unknown(kind: "oversized_response", openid: "fault-oversized-m", category: .malformedResponse, attempts: 1, json: false),
    ]

    @Test(arguments: unknowns)
    func aCommittedSendWhoseAnswerIsLostIsUnknownAndResendIssuesTheSameTokenWithoutASecondCoupon(_ c: Unknown) async throws {
        let sandbox = try CLISandbox(timeoutSeconds: c.timeoutSeconds, delayMilliseconds: c.delayMilliseconds)
        let number = sendRequestNumber(c.kind)
        let result = try await sandbox.send(openid: c.openid, sendRequestNo: number, json: c.json)
        let unknown = try Self.expectSettled(sandbox, result, number: number, openid: c.openid, outcome: .unknown,
                                             category: c.category, exitCode: 4, attempts: c.attempts, json: c.json)
        #expect(unknown?.token == nil)
        #expect(try sandbox.counted() == 1, "the sandbox committed the pre-send")
        let committed = try #require(try sandbox.committedToken(number))
        // The token of an untrusted answer is shown nowhere and recorded nowhere.
        #expect(!result.out.contains(committed) && !result.err.contains(committed))
        #expect(!String(decoding: sandbox.historyBytes(), as: UTF8.self).contains(committed))
        if !c.json { #expect(result.out.contains(number), "the human output names the number to resend") }

        let resent = try await sandbox.resend(number)
        let issued = try Self.expectSettled(sandbox, resent, number: number, openid: c.openid, outcome: .issued,
                                            category: nil, exitCode: 0, attempts: 1, recordsBefore: 2, receivedBefore: c.attempts)
        #expect(issued?.token == committed)
        #expect(issued?.request == unknown?.request, "the resend rebuilt the identical request")
        #expect(try sandbox.counted() == 1, "no second coupon")
    }

    /// A fault kind added to the sandbox fails this until the matrix has a case for it.
    @Test func everySandboxFaultKindHasAMatrixCase() {
        let covered = Set(Self.retried.map(\.kind) + Self.unknowns.map(\.kind) + [HostileInputTests.escapeFaultKind])
        #expect(covered == Set(SandboxConfiguration.Fault.Kind.allCases.map(\.rawValue)))
    }

    // MARK: A client killed between the server's commit and the answer

    @Test func aSendKilledAfterTheCommitLeavesAPendingRecordThatResendResolvesWithoutASecondCoupon() async throws {
        let sandbox = try CLISandbox(timeoutSeconds: 10, customise: {
            // Held for 3 s on the first request only, so the resend is answered at once.
            $0.faults = DemoData.faults(delayMilliseconds: 3_000, times: 1)
        })
        let openid = "fault-timeout-kill"
        let number = sendRequestNumber("kill")
        // The kill comes from the listener's own thread the moment the engine has committed and
        // logged the request (its answer is then held 3 s), whatever the test's threads are doing.
        let target = KillTarget()
        sandbox.engine.observe { exchange in
            if exchange.openid == openid { target.kill() }
        }
        let running = try CLIRunner.start(sandbox.sendArguments(openid: openid, sendRequestNo: number).map { Array($0.utf8) },
                                          environment: sandbox.environment)
        target.set(running.pid)
        let killed = CLIResult(await running.finished(timeout: 20))
        #expect(sandbox.received(openid: openid).count == 1, "the sandbox committed and held the answer")
        #expect(killed.status == 128 + SIGKILL)
        #expect(try sandbox.counted() == 1)
        #expect(try sandbox.records(number).map(\.outcome) == [.pending], "the write-ahead record is the trace")

        let listed = try await sandbox.run(["history", "list", "--history", sandbox.historyPath])
        #expect(listed.status == 0)
        let line = try #require(listed.out.split(separator: "\n").first { $0.contains(number) })
        #expect(line.contains("unknown") && line.contains("interrupted"), "\(line)")
        let listedUnknown = try await sandbox.run(["history", "list", "--outcome", "unknown", "--json", "--history", sandbox.historyPath])
        #expect(listedUnknown.out.contains(number))

        let resent = try await sandbox.resend(number)
        let issued = try Self.expectSettled(sandbox, resent, number: number, openid: openid, outcome: .issued, category: nil,
                                            exitCode: 0, attempts: 1, recordsBefore: 1, receivedBefore: 1)
        #expect(issued?.token == (try sandbox.committedToken(number)))
        #expect(try sandbox.counted() == 1, "no second coupon")
    }

    // MARK: What resend refuses

    @Test func resendRefusesASendThatIsAlreadySettledAndSendsNothing() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("settled")
        #expect(try await sandbox.send(openid: "o-m-settled", sendRequestNo: number).status == 0)
        let again = try await sandbox.resend(number)
        #expect(again.status != 0 && again.status != 4)
        #expect(!again.err.isEmpty, "a message says why")
        #expect(sandbox.received(openid: "o-m-settled").count == 1, "nothing sent")
        #expect(try sandbox.records(number).count == 2, "nothing recorded")
    }

    @Test func resendRefusesANumberTheHistoryDoesNotKnowAndSendsNothing() async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.resend("TNEVERSENT_0001")
        #expect(result.status != 0 && result.status != 4)
        #expect(result.err.contains("TNEVERSENT_0001"))
        #expect(sandbox.engine.exchanges().isEmpty)
        #expect(try sandbox.allRecords().isEmpty)
    }
}

/// The pid to SIGKILL from the sandbox's observer; a kill asked for before the pid is known happens
/// as soon as it is.
final class KillTarget: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var requested = false

    func set(_ pid: pid_t) {
        let now = lock.withLock { self.pid = pid; return requested }
        if now { Glibc.kill(pid, SIGKILL) }
    }

    func kill() {
        let pid = lock.withLock { requested = true; return self.pid }
        if pid > 0 { Glibc.kill(pid, SIGKILL) }
    }
}

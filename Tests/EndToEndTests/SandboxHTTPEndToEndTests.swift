import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Client (PreSendClient + CurlTransport, configured from the sandbox's own config.json) →
/// libmicrohttpd listener → engine and back: one test per outcome and per fault kind.
@Suite struct SandboxHTTPEndToEndTests {
    // MARK: Issued and rejected

    @Test func aPreSendIsIssuedWithAVerifiedTokenAndRecorded() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "o-e2e-1", attach: "客服补发")
        let record = await harness.send(request)
        #expect(record.outcome == .issued)
        #expect(record.token?.isEmpty == false)
        #expect(record.requestID?.hasSuffix("-0") == true)
        #expect(record.attempts == 1)
        #expect(try harness.records(request.sendRequestNo).map(\.outcome) == [.pending, .issued])
        #expect(harness.counted() == 1)
    }

    @Test func theTotalBudgetRunsOut() async throws {
        let harness = try SandboxHTTPHarness()
        for i in 0..<3 {
            #expect(await harness.send(openid: "o-total-\(i)", stockID: DemoData.StockID.totalBudget).outcome == .issued)
        }
        let record = await harness.send(openid: "o-total-3", stockID: DemoData.StockID.totalBudget)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .totalBudgetExhausted)
        #expect(record.error?.numericCode == 268579001)
        #expect(harness.counted(DemoData.StockID.totalBudget) == 3)
    }

    @Test func theDailyBudgetRunsOut() async throws {
        let harness = try SandboxHTTPHarness()
        for i in 0..<2 { _ = await harness.send(openid: "o-day-\(i)", stockID: DemoData.StockID.dailyBudget) }
        let record = await harness.send(openid: "o-day-2", stockID: DemoData.StockID.dailyBudget)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .dailyBudgetExhausted)
    }

    @Test func thePerUserLimitIsReached() async throws {
        let harness = try SandboxHTTPHarness()
        #expect(await harness.send(openid: "o-user", stockID: DemoData.StockID.perUser).outcome == .issued)
        let record = await harness.send(openid: "o-user", stockID: DemoData.StockID.perUser)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .userLimitReached)
        #expect(record.error?.numericCode == 272756740)
    }

    @Test func aPausedStockIsNotSending() async throws {
        let harness = try SandboxHTTPHarness()
        let record = await harness.send(openid: "o-paused", stockID: DemoData.StockID.paused)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .stockNotSending)
    }

    @Test func aRequestNumberReusedWithOtherDataIsAConflict() async throws {
        let harness = try SandboxHTTPHarness()
        let first = harness.request(openid: "o-conflict")
        #expect(await harness.send(first).outcome == .issued)
        var changed = first
        changed.attach = "changed"
        let record = await harness.send(changed)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .requestNoConflict)
        #expect(harness.counted() == 1)
    }

    @Test func anotherRequestNumberWhileOneIsInFlightIsReentry() async throws {
        // The first send's answer is held for a minute: plenty of time for the second, however busy
        // the machine. Stopping the listener then wakes the held connection.
        let harness = try SandboxHTTPHarness(timeoutSeconds: 90, delayMilliseconds: 60_000)
        let first = harness.request(openid: "fault-timeout-reentry")
        async let slow = harness.send(first)
        while harness.attempts(first.sendRequestNo).isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        let second = await harness.send(openid: "fault-timeout-reentry")
        #expect(second.outcome == .rejected)
        #expect(second.error?.category == .reentry)
        #expect(second.error?.numericCode == 272755200)
        harness.listener.stop()
        #expect(await slow.outcome == .unknown)
        #expect(harness.counted() == 1)
    }

    @Test func anAppidNotLinkedToTheBrandIsAnInvalidRequest() async throws {
        let harness = try SandboxHTTPHarness()
        let record = await harness.send(harness.request(openid: "o-appid", appid: DemoData.unlinkedAppid))
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .invalidRequest)
        #expect(record.error?.numericCode == 268578704)
    }

    @Test func aCouponCodeForAStockThatAssignsItsOwnIsAnInvalidRequest() async throws {
        let harness = try SandboxHTTPHarness()
        let refused = await harness.send(harness.request(openid: "o-code", couponCode: "CODE1"))
        #expect(refused.error?.category == .invalidRequest)
        #expect(refused.error?.code == "PARAM_ERROR")
        let issued = await harness.send(harness.request(openid: "o-code", stockID: DemoData.StockID.apiAssign, couponCode: "CODE1"))
        #expect(issued.outcome == .issued)
    }

    @Test func anUnknownStockIsNotFound() async throws {
        let harness = try SandboxHTTPHarness()
        let record = await harness.send(openid: "o-404", stockID: "999")
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .notFound)
    }

    @Test func aWrongMerchantSerialIsAnAuthFailure() async throws {
        let harness = try SandboxHTTPHarness(editClientConfig: { $0["merchant_serial_no"] = "00112233445566778899AABBCCDDEEFF00112233" })
        let record = await harness.send(openid: "o-auth")
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .authFailed)
        #expect(record.error?.code == "SIGN_ERROR")
        #expect(harness.counted() == 0)
    }

    @Test func rateLimitedAfterTheRetriesIsRejectedAndAResendIsIssued() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "fault-rate-limited-1")
        let record = await harness.send(request)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .rateLimited)
        #expect(record.attempts == 4)
        #expect(harness.attempts(request.sendRequestNo).map(\.status) == [429, 429, 429, 429])
        #expect(harness.counted() == 0)
        #expect(await harness.send(request).outcome == .issued)
        #expect(harness.counted() == 1)
    }

    @Test func twoHundredParallelClientSendsToABudgetOfOneHundredIssueExactlyOneHundred() async throws {
        let harness = try SandboxHTTPHarness(customise: {
            $0.brands[0].productCoupons[0].stocks.append(.init(stockID: "budget100", maxCount: 100))
        })
        let records = await withTaskGroup(of: SendRecord.self) { group in
            for i in 0..<200 { group.addTask { await harness.send(openid: "o-parallel-\(i)", stockID: "budget100") } }
            return await group.reduce(into: [SendRecord]()) { $0.append($1) }
        }
        #expect(records.filter { $0.outcome == .issued }.count == 100)
        // On an overloaded machine an attempt may time out before its retry is refused; the client then
        // reports unknown (the first attempt may have sent) and names the refusal in the message.
        #expect(records.filter {
            $0.error?.category == .totalBudgetExhausted
                || ($0.outcome == .unknown && $0.error?.message?.contains("refused as total_budget_exhausted") == true)
        }.count == 100)
        #expect(Set(records.compactMap(\.token)).count == 100)
        harness.listener.stop()
        let restarted = try SandboxEngine(directory: harness.directory)
        #expect(restarted.usage(stockID: "budget100").issued == 100)
        let logged = try readLog(harness.history.path).records.filter { $0.request.stockID == "budget100" && $0.outcome == .issued }
        #expect(logged.count == 100)
    }

    // MARK: Unknown, and resolved by a resend with the same send_request_no

    @Test func systemErrorAfterTheRetriesIsUnknownAndAResendIsIssuedOnce() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "fault-system-error-1")
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .serverError)
        #expect(record.attempts == 4)
        let resent = await harness.send(request)
        #expect(resent.outcome == .issued)
        #expect(harness.attempts(request.sendRequestNo).count == 5)
        #expect(harness.counted() == 1)
    }

    @Test func aDelayPastTheClientTimeoutIsUnknownAndAResendReturnsTheSameTokenWithoutASecondCoupon() async throws {
        // Whole seconds: FoundationNetworking's URLSession times out at once below 1 s.
        let harness = try SandboxHTTPHarness(timeoutSeconds: 1, delayMilliseconds: 4_000)
        let request = harness.request(openid: "fault-timeout-1")
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .timeout)
        #expect(record.token == nil)
        #expect(harness.counted() == 1)
        let resent = await harness.send(request)
        #expect(resent.outcome == .issued, "\(record) \(resent) \(harness.attempts(request.sendRequestNo))")
        let committedToken = harness.engine.snapshot().sends.values.first { $0.request.sendRequestNo == request.sendRequestNo }?.token
        #expect(resent.token == committedToken)
        #expect(harness.counted() == 1)
        #expect(Set(harness.attempts(request.sendRequestNo).compactMap(\.sendRequestNo)) == [request.sendRequestNo])
    }

    @Test func aDroppedConnectionIsUnknownAndAResendResolvesIt() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "fault-drop-1")
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .networkError)
        #expect(harness.counted() == 1)
        let resent = await harness.send(request)
        #expect(resent.outcome == .issued)
        #expect(harness.counted() == 1)
    }

    @Test(arguments: ["fault-bad-signature-1", "fault-probe-signature-1", "fault-stale-timestamp-1", "fault-unsigned-1"])
    func aResponseThatFailsVerificationIsUnknownAndItsTokenIsNotTrusted(openid: String) async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: openid)
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .signatureInvalid)
        #expect(record.token == nil)
        #expect(harness.counted() == 1)
        let resent = await harness.send(request)
        #expect(resent.outcome == .issued)
        #expect(harness.counted() == 1)
    }

    @Test func aSignedButMalformedBodyIsUnknown() async throws {
        let harness = try SandboxHTTPHarness()
        let record = await harness.send(openid: "fault-malformed-json-1")
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .malformedResponse)
        #expect(record.token == nil)
    }

    @Test func anOversizedResponseIsUnknownAndAResendResolvesIt() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "fault-oversized-1")
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .malformedResponse)
        #expect(record.token == nil)
        #expect(await harness.send(request).outcome == .issued)
        #expect(harness.counted() == 1)
    }

    @Test func aProxysHTMLErrorPageIsAServerErrorAfterTheRetries() async throws {
        let harness = try SandboxHTTPHarness()
        let request = harness.request(openid: "fault-html-502-1")
        let record = await harness.send(request)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .serverError)
        #expect(record.attempts == 4)
        #expect(harness.counted() == 0)
        #expect(await harness.send(request).outcome == .issued)
    }

    @Test func aMessageFullOfControlCharactersIsARejectionWhoseTextCanBeSanitised() async throws {
        let harness = try SandboxHTTPHarness()
        let record = await harness.send(openid: "fault-control-chars-1")
        #expect(record.outcome == .rejected)
        let message = try #require(record.error?.message)
        #expect(!TerminalText.sanitize(message).unicodeScalars.contains { TerminalText.isUnsafe($0) })
        #expect(harness.counted() == 0)
    }
}

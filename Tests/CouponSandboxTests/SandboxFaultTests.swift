import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// The fault kinds, selected by openid prefix (the demo data's prefixes).
@Suite struct SandboxFaultTests {
    static func fixture(times: Int? = nil) throws -> SandboxFixture {
        try SandboxFixture { $0.faults = DemoData.faults(delayMilliseconds: 1_500, times: times) }
    }

    func issuedCount(_ fixture: SandboxFixture) -> Int { fixture.engine.usage(stockID: DemoData.StockID.plenty).issued }

    @Test func systemErrorAnswers500AndCommitsNothing() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-system-error-1", SandboxFixture.body()).response
        #expect(response.status == 500)
        #expect(response.errorBody?.code == "SYSTEM_ERROR")
        try fixture.verifier.verify(headers: response.headers, body: response.body)
        #expect(issuedCount(fixture) == 0)
    }

    @Test func rateLimitedAnswers429AndCommitsNothing() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-rate-limited-1", SandboxFixture.body()).response
        #expect(response.status == 429)
        #expect(response.numericCode == 270924289)
        #expect(issuedCount(fixture) == 0)
    }

    @Test func delayAfterCommitCommitsAndAsksForADelayedAnswer() throws {
        let fixture = try Self.fixture()
        let reply = try fixture.send(openid: "fault-timeout-1", SandboxFixture.body())
        #expect(reply.delivery == .afterDelay(milliseconds: 1_500))
        #expect(reply.response.status == 200)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func dropConnectionAfterCommitCommitsAndAsksToDropTheConnection() throws {
        let fixture = try Self.fixture()
        let reply = try fixture.send(openid: "fault-drop-1", SandboxFixture.body())
        #expect(reply.delivery == .dropConnection)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func badSignatureCommitsAndFailsVerification() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-bad-signature-1", SandboxFixture.body()).response
        #expect(response.status == 200)
        #expect(Data(base64Encoded: response.header("Wechatpay-Signature") ?? "") != nil)
        #expect(throws: VerificationError.signatureMismatch) {
            try fixture.verifier.verify(headers: response.headers, body: response.body)
        }
        #expect(issuedCount(fixture) == 1)
    }

    @Test func probeSignatureSendsASigntestValueThatFailsVerification() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-probe-signature-1", SandboxFixture.body()).response
        #expect(response.header("Wechatpay-Signature")?.hasPrefix("WECHATPAY/SIGNTEST/") == true)
        #expect(throws: VerificationError.self) {
            try fixture.verifier.verify(headers: response.headers, body: response.body)
        }
    }

    @Test func staleTimestampIsSignedButTenMinutesOld() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-stale-timestamp-1", SandboxFixture.body()).response
        #expect(throws: VerificationError.clockSkew(seconds: -600)) {
            try fixture.verifier.verify(headers: response.headers, body: response.body)
        }
        let lenient = ResponseVerifier(publicKeyID: fixture.configuration.wechatpayPublicKeyID,
                                       publicKey: try TestKeys.wechatpay.publicKey,
                                       clock: FixedClock(noonInShanghai - 600))
        try lenient.verify(headers: response.headers, body: response.body)
    }

    @Test func unsignedAnswersWithoutSignatureHeaders() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-unsigned-1", SandboxFixture.body()).response
        #expect(response.header("Wechatpay-Signature") == nil)
        #expect(response.header("Request-ID") != nil)
        #expect(throws: VerificationError.missingHeader("Wechatpay-Signature")) {
            try fixture.verifier.verify(headers: response.headers, body: response.body)
        }
    }

    @Test func malformedJSONIsCorrectlySignedButNotJSON() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-malformed-json-1", SandboxFixture.body()).response
        try fixture.verifier.verify(headers: response.headers, body: response.body)
        #expect((try? JSONSerialization.jsonObject(with: response.body)) == nil)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func controlCharsInMessageRefusesWithEscapeSequencesInTheText() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-control-chars-1", SandboxFixture.body()).response
        #expect(response.status == 400)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
        let message = try #require(response.errorBody?.message)
        #expect(message.unicodeScalars.contains("\u{1B}"))
        #expect(message.unicodeScalars.contains { TerminalText.isUnsafe($0) })
        #expect(issuedCount(fixture) == 0)
    }

    @Test func oversizedResponseCommitsAndSignsATwoMebibyteBody() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-oversized-1", SandboxFixture.body()).response
        #expect(response.body.count > 2 << 20)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func htmlErrorPageAnswers502WithoutWeChatPayHeadersAndCommitsNothing() throws {
        let fixture = try Self.fixture()
        let response = try fixture.send(openid: "fault-html-502-1", SandboxFixture.body()).response
        #expect(response.status == 502)
        #expect(response.header("Wechatpay-Signature") == nil && response.header("Request-ID") == nil)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("<html>"))
        #expect(issuedCount(fixture) == 0)
    }

    @Test func afterItsTimesAFaultServesTheSameRequestNumberNormally() throws {
        let fixture = try Self.fixture(times: 2)
        let fields = SandboxFixture.body()
        let statuses = try (0..<3).map { _ in try fixture.send(openid: "fault-system-error-9", fields).response.status }
        #expect(statuses == [500, 500, 200])
        #expect(try fixture.send(openid: "fault-system-error-9", SandboxFixture.body()).response.status == 500)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func faultsTheClientDoesNotRetryHitOnlyTheFirstRequestOfASend() throws {
        let fixture = try Self.fixture(times: 4)
        let fields = SandboxFixture.body()
        let first = try fixture.send(openid: "fault-bad-signature-9", fields).response
        let resent = try fixture.send(openid: "fault-bad-signature-9", fields).response
        #expect(throws: VerificationError.self) { try fixture.verifier.verify(headers: first.headers, body: first.body) }
        try fixture.verifier.verify(headers: resent.headers, body: resent.body)
        #expect(resent.token == first.token)
        #expect(issuedCount(fixture) == 1)
    }

    @Test func theLongestMatchingPrefixSelectsTheFault() throws {
        let configuration = SandboxConfiguration(mchid: "1", merchantSerialNo: "A", wechatpayPublicKeyID: "PUB_KEY_ID_1",
                                                 brands: [], faults: [.init(openidPrefix: "f-", kind: .unsigned),
                                                                      .init(openidPrefix: "f-drop-", kind: .dropConnectionAfterCommit)])
        #expect(configuration.fault(forOpenID: "f-drop-1")?.kind == .dropConnectionAfterCommit)
        #expect(configuration.fault(forOpenID: "f-x")?.kind == .unsigned)
        #expect(configuration.fault(forOpenID: "o-1") == nil)
    }
}

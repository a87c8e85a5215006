import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct VerifierTests {
    let verifier = Fixture.verifier()
    let body = #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#

    func verify(_ response: HTTPResponse) throws(VerificationError) {
        try verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func genuineResponseVerifies() {
        #expect(throws: Never.self) { try verify(Fixture.signedResponse(status: 200, body: body)) }
    }

    @Test func emptyBodyIsSignedAsAnEmptyLine() {
        #expect(throws: Never.self) { try verify(Fixture.signedResponse(status: 204, body: "")) }
    }

    @Test(arguments: ["Wechatpay-Signature", "Wechatpay-Serial", "Wechatpay-Timestamp", "Wechatpay-Nonce"])
    func missingHeaderIsNamed(_ name: String) {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.headers[name] = nil
        #expect(throws: VerificationError.missingHeader(name)) { try verify(response) }
    }

    @Test func headerNamesAreCaseInsensitive() {
        let response = Fixture.signedResponse(status: 200, body: body)
        let lowered = HTTPResponse(status: 200, headers: Dictionary(uniqueKeysWithValues: response.headers.map { ($0.key.lowercased(), $0.value) }), body: response.body)
        #expect(throws: Never.self) { try verify(lowered) }
    }

    @Test(arguments: [300, -300, 301, -86400])
    func skewOfThreeHundredSecondsOrMoreIsRejected(_ seconds: Int) {
        let response = Fixture.signedResponse(status: 200, body: body, timestamp: Fixture.now.addingTimeInterval(TimeInterval(seconds)))
        #expect(throws: VerificationError.clockSkew(seconds: Int64(seconds))) { try verify(response) }
    }

    @Test(arguments: [299, -299, 0])
    func skewUnderThreeHundredSecondsIsAccepted(_ seconds: Int) {
        let response = Fixture.signedResponse(status: 200, body: body, timestamp: Fixture.now.addingTimeInterval(TimeInterval(seconds)))
        #expect(throws: Never.self) { try verify(response) }
    }

    @Test func unknownSerialFails() {
        let response = Fixture.signedResponse(status: 200, body: body, serial: "PUB_KEY_ID_0999999999")
        #expect(throws: VerificationError.unknownSerial("PUB_KEY_ID_0999999999")) { try verify(response) }
    }

    @Test func nonBase64SignatureFails() {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Signature"] = "not base64 at all!"
        #expect(throws: VerificationError.notBase64) { try verify(response) }
    }

    @Test func signatureOfAnotherKeyFails() throws {
        let response = Fixture.signedResponse(status: 200, body: body, key: try RSAPrivateKey.generate())
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func tamperedBodyFails() {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.body = Data(#"{"token":"SOMETHING-ELSE"}"#.utf8)
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func tamperedNonceFails() {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Nonce"] = "other"
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func signTestProbeFails() {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + (response.headers["Wechatpay-Signature"] ?? "")
        #expect(throws: VerificationError.self) { try verify(response) }
    }

    @Test func nonNumericTimestampFails() {
        var response = Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Timestamp"] = "yesterday"
        #expect(throws: VerificationError.badTimestamp("yesterday")) { try verify(response) }
    }

    @Test func platformCertificateModeRoutesByCertificateSerial() throws {
        let folder = TemporaryFolder(); defer { folder.cleanup() }
        let keyFile = folder.file("platform_key.pem")
        let certificateFile = folder.file("platform_cert.pem")
        let platformKey = try RSAPrivateKey.generate()
        try platformKey.pkcs8PEM().write(to: URL(fileURLWithPath: keyFile))
        let (status, _) = try runTool(which("openssl"), ["req", "-x509", "-key", keyFile, "-out", certificateFile, "-days", "1",
                                                        "-subj", "/CN=Tenpay.com Root CA", "-set_serial", "0x3775B6A45ACD7B5F2D3ABC"])
        #expect(status == 0)
        let certificate = try PlatformCertificate(file: certificateFile)
        #expect(certificate.serialNumber == "3775B6A45ACD7B5F2D3ABC")
        let verifier = ResponseVerifier(certificates: [certificate], clock: FixedClock(Fixture.now))
        let good = Fixture.signedResponse(status: 200, body: body, serial: "3775B6A45ACD7B5F2D3ABC", key: platformKey)
        #expect(throws: Never.self) { try verifier.verify(headers: good.headers, body: good.body) }
        let lowercaseSerial = Fixture.signedResponse(status: 200, body: body, serial: "3775b6a45acd7b5f2d3abc", key: platformKey)
        #expect(throws: Never.self) { try verifier.verify(headers: lowercaseSerial.headers, body: lowercaseSerial.body) }
        let wrongKey = Fixture.signedResponse(status: 200, body: body, serial: "3775B6A45ACD7B5F2D3ABC")
        #expect(throws: VerificationError.signatureMismatch) { try verifier.verify(headers: wrongKey.headers, body: wrongKey.body) }
        let publicKeySerial = Fixture.signedResponse(status: 200, body: body)
        #expect(throws: VerificationError.unknownSerial(Fixture.publicKeyID)) {
            try verifier.verify(headers: publicKeySerial.headers, body: publicKeySerial.body)
        }
    }
}

/// The interpreter's reading of verified and unverified responses (DESIGN §4).
@Suite struct ResponseInterpreterTests {
    let interpreter = ResponseInterpreter(verifier: Fixture.verifier())

    @Test func verifiedTokenIsIssued() {
        let result = interpreter.interpret(Fixture.signedResponse(status: 200, body: #"{"token":"T0K3N"}"#, requestID: "R-0"))
        #expect(result == AttemptResult(outcome: .issued, token: "T0K3N", httpStatus: 200, requestID: "R-0"))
    }

    @Test func verified200WithoutATokenIsMalformed() {
        let result = interpreter.interpret(Fixture.signedResponse(status: 200, body: #"{"nothing":1}"#))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func stale200IsSignatureInvalid() {
        let result = interpreter.interpret(Fixture.signedResponse(status: 200, body: #"{"token":"T"}"#, timestamp: Fixture.now.addingTimeInterval(-600)))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .signatureInvalid)
        #expect(result.token == nil)
    }

    @Test func unsigned200IsSignatureInvalid() {
        let result = interpreter.interpret(HTTPResponse(status: 200, headers: ["Request-ID": "R-0"], body: Data(#"{"token":"T"}"#.utf8)))
        #expect(result.error?.category == .signatureInvalid)
        #expect(result.error?.message?.contains("Wechatpay-Signature") == true)
        #expect(result.token == nil)
    }

    @Test func signedErrorThatFailsVerificationIsUnknown() throws {
        let response = Fixture.signedResponse(status: 400, body: Fixture.errorBody("INVALID_REQUEST", "总预算不足"), key: try RSAPrivateKey.generate())
        let result = interpreter.interpret(response)
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .signatureInvalid)
    }

    @Test func unsignedWellFormedErrorIsRejected() {
        let response = HTTPResponse(status: 401, headers: ["Request-ID": "R-1"], body: Data(Fixture.errorBody("SIGN_ERROR", "签名错误").utf8))
        let result = interpreter.interpret(response)
        #expect(result.outcome == .rejected)
        #expect(result.error?.category == .authFailed)
        #expect(result.error?.code == "SIGN_ERROR")
    }

    @Test func clientErrorWithoutAWeChatPayBodyIsMalformed() {
        let result = interpreter.interpret(HTTPResponse(status: 400, headers: [:], body: Data("<html>bad gateway</html>".utf8)))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func oversizedBodyIsMalformed() {
        let small = ResponseInterpreter(verifier: Fixture.verifier(), maxResponseBytes: 10)
        let result = small.interpret(Fixture.signedResponse(status: 200, body: #"{"token":"0123456789"}"#))
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func serverErrorAndRateLimitAreRetryableEvenWithoutAJSONBody() {
        #expect(interpreter.interpret(HTTPResponse(status: 502, headers: [:], body: Data("Bad Gateway".utf8))).retryable)
        let limited = interpreter.interpret(HTTPResponse(status: 429, headers: [:], body: Data()))
        #expect(limited.retryable)
        #expect(limited.error?.category == .rateLimited)
    }

    @Test func transportFailuresAreUnknownAndRetryable() {
        #expect(interpreter.interpret(.timeout("x")) == .failure(SendError(category: .timeout, message: "timed out: x"), requestID: nil, retryable: true))
        #expect(interpreter.interpret(.network("reset")).error?.category == .networkError)
        #expect(!interpreter.interpret(.responseTooLarge(5)).retryable)
    }
}

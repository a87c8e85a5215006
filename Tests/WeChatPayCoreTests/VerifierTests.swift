import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct VerifierTests {
    let verifier: ResponseVerifier
    init() throws { verifier = try Fixture.verifier() }
    let body = #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#

    func verify(_ response: HTTPResponse) throws(VerificationError) {
        try verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func genuineResponseVerifies() throws {
        #expect(throws: Never.self) { try verify(try Fixture.signedResponse(status: 200, body: body)) }
    }

    @Test func emptyBodyIsSignedAsAnEmptyLine() throws {
        #expect(throws: Never.self) { try verify(try Fixture.signedResponse(status: 204, body: "")) }
    }

    @Test(arguments: ["Wechatpay-Signature", "Wechatpay-Serial", "Wechatpay-Timestamp", "Wechatpay-Nonce"])
    func missingHeaderIsNamed(_ name: String) throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers[name] = nil
        #expect(throws: VerificationError.missingHeader(name)) { try verify(response) }
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let response = try Fixture.signedResponse(status: 200, body: body)
        let lowered = HTTPResponse(status: 200, headers: Dictionary(uniqueKeysWithValues: response.headers.map { ($0.key.lowercased(), $0.value) }), body: response.body)
        #expect(throws: Never.self) { try verify(lowered) }
    }

    @Test(arguments: [300, -300, 301, -86400])
    func skewOfThreeHundredSecondsOrMoreIsRejected(_ seconds: Int) throws {
        let response = try Fixture.signedResponse(status: 200, body: body, timestamp: Fixture.now.addingTimeInterval(TimeInterval(seconds)))
        #expect(throws: VerificationError.clockSkew(seconds: Int64(seconds))) { try verify(response) }
    }

    @Test(arguments: [299, -299, 0])
    func skewUnderThreeHundredSecondsIsAccepted(_ seconds: Int) throws {
        let response = try Fixture.signedResponse(status: 200, body: body, timestamp: Fixture.now.addingTimeInterval(TimeInterval(seconds)))
        #expect(throws: Never.self) { try verify(response) }
    }

    @Test func unknownSerialFails() throws {
        let response = try Fixture.signedResponse(status: 200, body: body, serial: "PUB_KEY_ID_0999999999")
        #expect(throws: VerificationError.unknownSerial("PUB_KEY_ID_0999999999")) { try verify(response) }
    }

    @Test func nonBase64SignatureFails() throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Signature"] = "not base64 at all!"
        #expect(throws: VerificationError.notBase64) { try verify(response) }
    }

    @Test func signatureOfAnotherKeyFails() throws {
        let response = try Fixture.signedResponse(status: 200, body: body, key: try RSAPrivateKey.generate())
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func tamperedBodyFails() throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.body = Data(#"{"token":"SOMETHING-ELSE"}"#.utf8)
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func tamperedNonceFails() throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Nonce"] = "other"
        #expect(throws: VerificationError.signatureMismatch) { try verify(response) }
    }

    @Test func signTestProbeFails() throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Signature"] = "WECHATPAY/SIGNTEST/" + (response.headers["Wechatpay-Signature"] ?? "")
        #expect(throws: VerificationError.self) { try verify(response) }
    }

    @Test func nonNumericTimestampFails() throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Timestamp"] = "yesterday"
        #expect(throws: VerificationError.badTimestamp("yesterday")) { try verify(response) }
    }

    // Found by the `response` fuzz target: the subtraction trapped on an extreme timestamp.
    @Test(arguments: ["-9223372036854775807", "-9223372036854775808", "9223372036854775807"])
    func extremeTimestampIsASkewNotACrash(_ text: String) throws {
        var response = try Fixture.signedResponse(status: 200, body: body)
        response.headers["Wechatpay-Timestamp"] = text
        #expect(throws: VerificationError.self) { try verify(response) }
        do { try verify(response) } catch {
            guard case .clockSkew = error else { Issue.record("expected a clock skew, got \(error)"); return }
            #expect(!error.description.isEmpty)
        }
    }

    @Test func platformCertificateModeRoutesByCertificateSerial() throws {
        let folder = try TempDir()
        let keyFile = folder.file("platform_key.pem")
        let certificateFile = folder.file("platform_cert.pem")
        let platformKey = try RSAPrivateKey.generate()
        try platformKey.pkcs8PEM().write(to: URL(fileURLWithPath: keyFile))
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", keyFile, "-out", certificateFile, "-days", "1",
                                                        "-subj", "/CN=Tenpay.com Root CA", "-set_serial", "0x3775B6A45ACD7B5F2D3ABC"])
        #expect(status == 0)
        let certificate = try PlatformCertificate(file: certificateFile)
        #expect(certificate.serialNumber == "3775B6A45ACD7B5F2D3ABC")
        let verifier = ResponseVerifier(certificates: [certificate], clock: FixedClock(Fixture.now))
        let good = try Fixture.signedResponse(status: 200, body: body, serial: "3775B6A45ACD7B5F2D3ABC", key: platformKey)
        #expect(throws: Never.self) { try verifier.verify(headers: good.headers, body: good.body) }
        let lowercaseSerial = try Fixture.signedResponse(status: 200, body: body, serial: "3775b6a45acd7b5f2d3abc", key: platformKey)
        #expect(throws: Never.self) { try verifier.verify(headers: lowercaseSerial.headers, body: lowercaseSerial.body) }
        let wrongKey = try Fixture.signedResponse(status: 200, body: body, serial: "3775B6A45ACD7B5F2D3ABC")
        #expect(throws: VerificationError.signatureMismatch) { try verifier.verify(headers: wrongKey.headers, body: wrongKey.body) }
        let publicKeySerial = try Fixture.signedResponse(status: 200, body: body)
        #expect(throws: VerificationError.unknownSerial(Fixture.publicKeyID)) {
            try verifier.verify(headers: publicKeySerial.headers, body: publicKeySerial.body)
        }
    }
}

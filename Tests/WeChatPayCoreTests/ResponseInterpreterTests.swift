import Foundation
import Testing
@testable import WeChatPayCore

/// The interpreter's reading of verified and unverified responses (DESIGN §4).
@Suite struct ResponseInterpreterTests {
    let interpreter: ResponseInterpreter
    init() throws { interpreter = ResponseInterpreter(verifier: try Fixture.verifier()) }

    @Test func verifiedTokenIsIssued() throws {
        let result = interpreter.interpret(try Fixture.signedResponse(status: 200, body: #"{"token":"T0K3N"}"#, requestID: "R-0"))
        #expect(result == AttemptResult(outcome: .issued, token: "T0K3N", httpStatus: 200, requestID: "R-0"))
    }

    @Test func verified200WithoutATokenIsMalformed() throws {
        let result = interpreter.interpret(try Fixture.signedResponse(status: 200, body: #"{"nothing":1}"#))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func stale200IsSignatureInvalid() throws {
        let result = interpreter.interpret(try Fixture.signedResponse(status: 200, body: #"{"token":"T"}"#, timestamp: Fixture.now.addingTimeInterval(-600)))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .signatureInvalid)
        #expect(result.token == nil)
    }

    @Test func unsigned200IsSignatureInvalid() throws {
        let result = interpreter.interpret(HTTPResponse(status: 200, headers: ["Request-ID": "R-0"], body: Data(#"{"token":"T"}"#.utf8)))
        #expect(result.error?.category == .signatureInvalid)
        #expect(result.error?.message?.contains("Wechatpay-Signature") == true)
        #expect(result.token == nil)
    }

    @Test func signedErrorThatFailsVerificationIsUnknown() throws {
        let response = try Fixture.signedResponse(status: 400, body: Fixture.errorBody("INVALID_REQUEST", "总预算不足"), key: try RSAPrivateKey.generate())
        let result = interpreter.interpret(response)
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .signatureInvalid)
    }

    @Test func unsignedWellFormedErrorIsRejected() throws {
        let response = HTTPResponse(status: 401, headers: ["Request-ID": "R-1"], body: Data(Fixture.errorBody("SIGN_ERROR", "签名错误").utf8))
        let result = interpreter.interpret(response)
        #expect(result.outcome == .rejected)
        #expect(result.error?.category == .authFailed)
        #expect(result.error?.code == "SIGN_ERROR")
    }

    @Test func clientErrorWithoutAWeChatPayBodyIsMalformed() throws {
        let result = interpreter.interpret(HTTPResponse(status: 400, headers: [:], body: Data("<html>bad gateway</html>".utf8)))
        #expect(result.outcome == .unknown)
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func oversizedBodyIsMalformed() throws {
        let small = ResponseInterpreter(verifier: try Fixture.verifier(), maxResponseBytes: 10)
        let result = small.interpret(try Fixture.signedResponse(status: 200, body: #"{"token":"0123456789"}"#))
        #expect(result.error?.category == .malformedResponse)
    }

    @Test func serverErrorAndRateLimitAreRetryableEvenWithoutAJSONBody() throws {
        #expect(interpreter.interpret(HTTPResponse(status: 502, headers: [:], body: Data("Bad Gateway".utf8))).retryable)
        let limited = interpreter.interpret(HTTPResponse(status: 429, headers: [:], body: Data()))
        #expect(limited.retryable)
        #expect(limited.error?.category == .rateLimited)
    }

    @Test func transportFailuresAreUnknownAndRetryable() throws {
        #expect(interpreter.interpret(.timeout("x")) == .failure(SendError(category: .timeout, message: "timed out: x"), requestID: nil, retryable: true))
        #expect(interpreter.interpret(.network("reset")).error?.category == .networkError)
        #expect(!interpreter.interpret(.responseTooLarge(5)).retryable)
    }
}

import Foundation

/// What one attempt of a send came to.
public struct AttemptResult: Sendable, Equatable {
    public var outcome: Outcome
    public var token: String?
    public var error: SendError?
    public var httpStatus: Int?
    public var requestID: String?
    /// True when PROTOCOL §5 says to try again with the same send_request_no (5xx, 429, transport).
    public var retryable: Bool
    /// The verified 2xx body of a call that answers with an object (`ExpectedBody.jsonObject`): a
    /// look-up's answer, a confirmed coupon. nil for a pre-send (its token is `token`) and failures.
    public var body: Data?

    public init(outcome: Outcome, token: String? = nil, error: SendError? = nil, httpStatus: Int? = nil,
                requestID: String? = nil, retryable: Bool = false, body: Data? = nil) {
        self.outcome = outcome; self.token = token; self.error = error; self.httpStatus = httpStatus
        self.requestID = requestID; self.retryable = retryable; self.body = body
    }

    static func failure(_ error: SendError, requestID: String?, retryable: Bool) -> AttemptResult {
        AttemptResult(outcome: error.category.outcome, error: error, httpStatus: error.httpStatus,
                      requestID: requestID, retryable: retryable)
    }
}

/// What a verified 2xx must carry for the call to have succeeded.
public enum ExpectedBody: Sendable, Equatable {
    /// The pre-send: `{"token": "..."}` (PROTOCOL §1).
    case token
    /// A look-up or a confirm (PROTOCOL §8–9): any JSON object, kept whole in `AttemptResult.body`.
    case jsonObject
}

/// Reads one response (or transport failure) into an `AttemptResult` (DESIGN §4).
///
/// - A 2xx must verify (PROTOCOL §3) and carry a token; a 2xx that fails verification is never
///   trusted: `unknown/signature_invalid`, its token is not recorded.
/// - An error response that carries signature headers must verify too; if it does not, it is
///   `unknown/signature_invalid` (someone between us and WeChat Pay changed it, so its "no" is not a
///   definite no).
/// - An error response with no signature headers at all is accepted when it is a well-formed WeChat Pay
///   error body (DESIGN §4: "a verified (or well-formed) error"). The official SDKs do not verify error
///   responses either, and gateway errors such as 401 SIGN_ERROR may come unsigned. A 4xx that is not a
///   well-formed error body is `unknown/malformed_response`.
/// - 429 and 5xx are classified by status even when the body is not JSON, and are retryable.
public struct ResponseInterpreter: Sendable {
    public let verifier: ResponseVerifier
    public let maxResponseBytes: Int

    public init(verifier: ResponseVerifier, maxResponseBytes: Int = 1 << 20) {
        self.verifier = verifier
        self.maxResponseBytes = maxResponseBytes
    }

    static let signatureHeaders = ["Wechatpay-Signature", "Wechatpay-Serial", "Wechatpay-Timestamp", "Wechatpay-Nonce"]
    static let maxTokenCharacters = 1024

    /// - Parameter expecting: what a verified 2xx must carry (a token, or any JSON object); every other
    ///   rule is the same for every call.
    public func interpret(_ response: HTTPResponse, expecting: ExpectedBody = .token) -> AttemptResult {
        let requestID = response.header("Request-ID").map { String(TerminalText.sanitize($0).prefix(128)) }
        let status = response.status
        func unknown(_ category: ErrorCategory, _ message: String, code: String? = nil, retryable: Bool = false) -> AttemptResult {
            .failure(SendError(category: category, httpStatus: status, code: code,
                               numericCode: ErrorClassifier.numericCode(fromRequestID: requestID), message: message),
                     requestID: requestID, retryable: retryable)
        }
        guard response.body.count <= maxResponseBytes else {
            return unknown(.malformedResponse, "response body larger than \(maxResponseBytes) bytes")
        }
        if (200...299).contains(status) {
            do { try verifier.verify(headers: response.headers, body: response.body) } catch {
                return unknown(.signatureInvalid, "not trusted: \(error.description)")
            }
            if expecting == .jsonObject {
                guard (try? JSONSerialization.jsonObject(with: response.body)) is [String: Any] else {
                    return unknown(.malformedResponse, "the body is not a JSON object")
                }
                return AttemptResult(outcome: .issued, httpStatus: status, requestID: requestID, body: response.body)
            }
            guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                  let token = object["token"] as? String, !token.isEmpty,
                  token.count <= Self.maxTokenCharacters,
                  !token.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
                return unknown(.malformedResponse, "no usable token in the body")
            }
            return AttemptResult(outcome: .issued, token: token, httpStatus: status, requestID: requestID)
        }
        let signed = Self.signatureHeaders.contains { !(response.header($0) ?? "").isEmpty }
        if signed {
            do { try verifier.verify(headers: response.headers, body: response.body) } catch {
                let body = ErrorClassifier.parseErrorBody(response.body)
                return unknown(.signatureInvalid, "error response not trusted: \(error.description)",
                               code: body?.code.map { String($0.prefix(64)) })
            }
        }
        let body = ErrorClassifier.parseErrorBody(response.body)
        let retryable = RetryPolicy.isRetryable(status: status)
        if body == nil && !retryable {
            return unknown(.malformedResponse, "the body is not a WeChat Pay error object")
        }
        let error = ErrorClassifier.classify(status: status, requestID: requestID, code: body?.code, message: body?.message)
        return .failure(error, requestID: requestID, retryable: retryable)
    }

    public func interpret(_ error: TransportError) -> AttemptResult {
        switch error {
        case .timeout(let m):
            return .failure(SendError(category: .timeout, message: "timed out: \(m)"), requestID: nil,
                            retryable: RetryPolicy.isRetryable(error))
        case .network(let m):
            return .failure(SendError(category: .networkError, message: m), requestID: nil,
                            retryable: RetryPolicy.isRetryable(error))
        case .responseTooLarge(let n):
            return .failure(SendError(category: .malformedResponse, message: "response larger than \(n) bytes"),
                            requestID: nil, retryable: false)
        }
    }
}

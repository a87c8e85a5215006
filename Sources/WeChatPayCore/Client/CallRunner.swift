import Foundation

/// The attempts of one signed call — the machinery every call shares (the pre-send, the look-ups of
/// PROTOCOL §8 and the confirm of §9), so there is one way a request is signed, sent, verified,
/// classified and retried.
///
/// Every attempt sends the same `WeChatPayRequest` bytes (path, query, body) with a fresh Authorization
/// header; 5xx, 429 and transport failures are retried as `RetryPolicy` says (PROTOCOL §5).
struct CallRunner: Sendable {
    let configuration: ClientConfiguration
    let transport: any Transport
    let sleeper: any Sleeper
    let interpreter: ResponseInterpreter

    init(configuration: ClientConfiguration, transport: any Transport, sleeper: any Sleeper) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
        interpreter = ResponseInterpreter(verifier: configuration.verifier,
                                          maxResponseBytes: configuration.maxResponseBytes)
    }

    /// The request of one attempt: the same bytes, a fresh timestamp, nonce and signature.
    func sign(_ request: WeChatPayRequest) throws -> HTTPRequest {
        try request.httpRequest(signer: configuration.signer, wechatpayPublicKeyID: configuration.wechatpayPublicKeyID,
                                userAgent: configuration.userAgent)
    }

    /// What a call came to after all its attempts.
    struct Finished: Sendable {
        var result: AttemptResult
        var attempts: Int
    }

    /// Sends `first` (already signed, so a caller can sign before writing ahead), then retries.
    ///
    /// - Parameters:
    ///   - uncertainty: for a write, the uncertainty an earlier attempt left (a resend of an unknown
    ///     send or confirm): a refusal now is then no definite no either (`settle`).
    ///   - isWrite: a write (pre-send, confirm) may have taken effect in an uncertain attempt, so a
    ///     final refusal after one is unknown. A look-up changes nothing: its last answer stands.
    func run(_ request: WeChatPayRequest, first: HTTPRequest, expecting: ExpectedBody,
             uncertainty: AttemptResult? = nil, isWrite: Bool) async -> Finished {
        var httpRequest = first
        var attempts = 0
        var firstUncertain = uncertainty
        var result: AttemptResult
        while true {
            attempts += 1
            do {
                result = interpreter.interpret(try await transport.send(httpRequest), expecting: expecting)
            } catch {
                result = interpreter.interpret(error)
            }
            if result.outcome == .unknown && result.retryable && firstUncertain == nil { firstUncertain = result }
            guard result.retryable, let delay = configuration.retryPolicy.delay(beforeRetry: attempts) else { break }
            await sleeper.sleep(seconds: delay)
            guard let next = try? sign(request) else { break }
            httpRequest = next
        }
        if isWrite { result = Self.settle(final: result, firstUncertain: firstUncertain) }
        return Finished(result: result, attempts: attempts)
    }

    /// A refusal (a 429, or any 4xx) says only that the LAST attempt was not accepted. If an earlier
    /// attempt timed out, lost its connection or got a 5xx, that attempt may have taken effect (a
    /// server may still be committing it, or may refuse a retry it does not recognise as a replay):
    /// the write is unknown, never a definite no that would invite a second one under a new number.
    static func settle(final: AttemptResult, firstUncertain: AttemptResult?) -> AttemptResult {
        guard final.outcome == .rejected, let finalCategory = final.error?.category,
              let uncertain = firstUncertain, var error = uncertain.error else { return final }
        let refusal = finalCategory == .rateLimited ? "rate limited" : "refused as \(finalCategory.rawValue)"
        error.message = "\(error.message ?? error.category.rawValue); a later attempt was \(refusal) (HTTP \(final.httpStatus.map(String.init) ?? "?"))"
        error.httpStatus = final.httpStatus
        var settled = final
        settled.outcome = .unknown
        settled.error = error
        return settled
    }

    /// The uncertainty an earlier, unresolved write leaves: `what` says what became of it ("was
    /// interrupted …", "ended unknown (…)"), `error` is its recorded error if any.
    static func uncertainty(what: String, error recorded: SendError?, httpStatus: Int?, requestID: String?) -> AttemptResult {
        var error = recorded ?? SendError(category: .networkError)
        error.message = what
        return AttemptResult(outcome: .unknown, error: error, httpStatus: httpStatus, requestID: requestID, retryable: true)
    }
}

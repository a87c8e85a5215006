import Foundation

/// Everything a client needs to talk to one WeChat Pay (or sandbox) endpoint as one merchant.
/// Built from a `CouponDeskConfig` by `ClientConfiguration(config:)`, or directly (demo, tests).
public struct ClientConfiguration: Sendable {
    public var baseURL: URL
    public var signer: RequestSigner
    public var verifier: ResponseVerifier
    /// `PUB_KEY_ID_...` when the WeChat Pay public key mode is configured: sent as the request's
    /// `Wechatpay-Serial` so WeChat Pay signs the response with that key (PROTOCOL §2).
    public var wechatpayPublicKeyID: String?
    public var userAgent: String
    public var retryPolicy: RetryPolicy
    /// Responses larger than this are not read (malformed_response).
    public var maxResponseBytes: Int

    public init(baseURL: URL, signer: RequestSigner, verifier: ResponseVerifier,
                wechatpayPublicKeyID: String? = nil, userAgent: String = CouponDeskVersion.userAgent,
                retryPolicy: RetryPolicy = .standard, maxResponseBytes: Int = 1 << 20) {
        self.baseURL = baseURL; self.signer = signer; self.verifier = verifier
        self.wechatpayPublicKeyID = wechatpayPublicKeyID; self.userAgent = userAgent
        self.retryPolicy = retryPolicy; self.maxResponseBytes = maxResponseBytes
    }
}

/// Why `PreSendClient.execute` sent nothing.
public enum SendRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request breaks a field rule (each problem names the field and the rule).
    case invalidRequest([String])
    /// The write-ahead `pending` record could not be written: sending now could lose a coupon.
    case journalUnavailable(String)
    /// The request could not be signed (an OpenSSL failure).
    case signingFailed(String)
    /// The send_request_no belongs to an unresolved (unknown or interrupted) send with different data:
    /// WeChat Pay would refuse it (268578927), and that refusal would hide the unresolved send.
    case numberReused(String)

    public var description: String {
        switch self {
        case .invalidRequest(let problems): return "not sent: " + problems.joined(separator: "; ")
        case .journalUnavailable(let m): return "not sent: the history log cannot be written (\(m))"
        case .signingFailed(let m): return "not sent: the request could not be signed (\(m))"
        case .numberReused(let m): return "not sent: \(m)"
        }
    }
}

/// A finished send: its final record, and a problem writing that record, if any (the `pending` record
/// is then the trace, shown as unknown and resendable).
public struct SendReport: Sendable {
    public var record: SendRecord
    public var journalProblem: String?

    public init(record: SendRecord, journalProblem: String? = nil) {
        self.record = record; self.journalProblem = journalProblem
    }
}

/// Pre-sends one product coupon: the one client every front end (CLI, console, demo) shares.
///
/// A send appends a `pending` record before the first attempt (write-ahead), makes up to 1 + 3 attempts
/// with the same body bytes (fresh signature each), and appends the final record.
public struct PreSendClient: Sendable {
    public let configuration: ClientConfiguration
    let transport: any Transport
    let sleeper: any Sleeper
    let clock: any Clock
    let interpreter: ResponseInterpreter

    public init(configuration: ClientConfiguration, transport: any Transport,
                sleeper: any Sleeper = TaskSleeper(), clock: any Clock = SystemClock()) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
        self.clock = clock
        interpreter = ResponseInterpreter(verifier: configuration.verifier,
                                          maxResponseBytes: configuration.maxResponseBytes)
    }

    /// Sends and returns the final record. Never throws: a request that could not be sent (invalid
    /// fields, history not writable) comes back as a `rejected` record with 0 attempts whose error
    /// message starts with "not sent:"; such a record is not written to the journal.
    public func send(_ request: PreSendRequest, journal: any SendJournal, operator: String?, mode: String) async -> SendRecord {
        await sendReporting(request, journal: journal, operator: `operator`, mode: mode).record
    }

    /// Like `send`, and says when the final record could not be written (the console warns, as the CLI
    /// does: the log then shows the send as interrupted).
    public func sendReporting(_ request: PreSendRequest, journal: any SendJournal, operator: String?,
                              mode: String) async -> SendReport {
        do {
            return try await execute(request, journal: journal, operator: `operator`, mode: mode)
        } catch {
            let category: ErrorCategory
            switch error {
            case .invalidRequest: category = .invalidRequest
            case .numberReused: category = .requestNoConflict
            case .journalUnavailable, .signingFailed: category = .other
            }
            return SendReport(record: SendRecord(time: SendRecord.timestamp(clock.now()), operator: `operator`, mode: mode,
                                                 request: request, outcome: .rejected,
                                                 error: SendError(category: category, message: error.description), attempts: 0))
        }
    }

    /// Like `send`, but says precisely why nothing was sent, and reports a failure to write the final
    /// record (the CLI maps these to exit codes).
    public func execute(_ request: PreSendRequest, journal: any SendJournal, operator: String?,
                        mode: String) async throws(SendRefusal) -> SendReport {
        let problems = request.problems()
        guard problems.isEmpty else { throw .invalidRequest(problems) }
        let earlier: [SendRecord]
        do { earlier = try journal.records(forSendRequestNo: request.sendRequestNo) } catch {
            throw .journalUnavailable(String(describing: error))
        }
        // Reusing the number of an unresolved send for other data would be refused (268578927), and that
        // refusal, as the number's newest record, would hide the send that may have pre-sent a coupon.
        // (After a settled send the server is asked as usual and its answer is recorded.)
        if let newest = earlier.last, newest.outcome == .pending || newest.outcome == .unknown, newest.request != request {
            throw .numberReused("send_request_no \(request.sendRequestNo) belongs to an unresolved send of \(newest.time) with different data (openid \(TerminalText.sanitize(newest.request.openid)), stock \(TerminalText.sanitize(newest.request.stockID))); resolve it by resending it unchanged, or use a new number")
        }
        let started = clock.now()
        let startedMonotonic = DispatchTime.now()
        let call = PreSendCall(request: request, baseURL: configuration.baseURL)
        // Sign the first attempt before the write-ahead record: if signing cannot work, nothing is sent
        // and nothing is recorded.
        var httpRequest: HTTPRequest
        do {
            httpRequest = try call.httpRequest(signer: configuration.signer,
                                               wechatpayPublicKeyID: configuration.wechatpayPublicKeyID,
                                               userAgent: configuration.userAgent)
        } catch { throw .signingFailed(String(describing: error)) }

        let time = SendRecord.timestamp(started)
        let pending = SendRecord(time: time, operator: `operator`, mode: mode, request: request, outcome: .pending)
        do { try journal.append(pending) } catch { throw .journalUnavailable(String(describing: error)) }

        var attempts = 0
        // A resend of a send whose outcome is unknown starts out uncertain: its earlier attempt may
        // have pre-sent the coupon, so a refusal now (say a 429) is no definite no either.
        var firstUncertain: AttemptResult? = Self.uncertainty(of: earlier.last)
        var result: AttemptResult
        while true {
            attempts += 1
            do {
                result = interpreter.interpret(try await transport.send(httpRequest))
            } catch {
                result = interpreter.interpret(error)
            }
            if result.outcome == .unknown && result.retryable && firstUncertain == nil { firstUncertain = result }
            guard result.retryable, let delay = configuration.retryPolicy.delay(beforeRetry: attempts) else { break }
            await sleeper.sleep(seconds: delay)
            // Same body bytes, same send_request_no; a fresh timestamp, nonce and signature.
            guard let next = try? call.httpRequest(signer: configuration.signer,
                                                   wechatpayPublicKeyID: configuration.wechatpayPublicKeyID,
                                                   userAgent: configuration.userAgent) else { break }
            httpRequest = next
        }
        result = Self.settle(final: result, firstUncertain: firstUncertain)

        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - startedMonotonic.uptimeNanoseconds) / 1_000_000)
        let record = SendRecord(time: time, operator: `operator`, mode: mode, request: request,
                                outcome: result.outcome, token: result.token, error: result.error,
                                httpStatus: result.httpStatus, requestID: result.requestID,
                                attempts: attempts, elapsedMs: elapsed)
        var journalProblem: String? = nil
        do { try journal.append(record) } catch { journalProblem = String(describing: error) }
        return SendReport(record: record, journalProblem: journalProblem)
    }

    /// The uncertainty an earlier, unresolved send of the same number leaves (nil when it was settled).
    static func uncertainty(of newest: SendRecord?) -> AttemptResult? {
        guard let newest, newest.outcome == .pending || newest.outcome == .unknown else { return nil }
        var error = newest.error ?? SendError(category: .networkError)
        let what = newest.outcome == .pending ? "was interrupted before its result was recorded"
            : "ended unknown (\(error.message ?? error.category.rawValue))"
        error.message = "the send at \(newest.time) \(what)"
        return AttemptResult(outcome: .unknown, error: error, httpStatus: newest.httpStatus,
                             requestID: newest.requestID, retryable: true)
    }

    /// A refusal (a 429, or any 4xx) says only that the LAST attempt was not accepted. If an earlier
    /// attempt timed out, lost its connection or got a 5xx, that attempt may have pre-sent the coupon
    /// (a server may still be committing it, or may refuse a retry it does not recognise as a replay):
    /// the send is unknown, never a definite no that would invite a second send under a new number.
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
}

import CouponDeskText
import Foundation

/// Everything a client needs to talk to one WeChat Pay (or sandbox) endpoint as one caller — a
/// partner's mchid or a brand-direct brand_id; the signer's flavor is the client's flavor.
/// Built from a `CouponDeskConfig` by `makeClientConfiguration()`, or directly (demo, tests).
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

    /// Partner or brand-direct: what the signer signs as.
    public var flavor: APIFlavor { signer.flavor }
    /// The partner's mchid, or the brand's brand_id.
    public var callerID: String { signer.callerID }

    /// Why `request` cannot be sent by this caller, or nil. For brand-direct the brand is the caller:
    /// the request's brand_id (what the history keeps) must be the caller's, or the record would name
    /// a brand the server never saw.
    public func callerProblem(_ request: PreSendRequest) -> RequestProblem? {
        callerProblem(brandID: request.brandID)
    }

    /// The same for any request naming `brandID` (a confirm's).
    public func callerProblem(brandID: String) -> RequestProblem? {
        guard !flavor.namesBrandInRequest, brandID != callerID else { return nil }
        return .notTheCaller(flavor: flavor, caller: callerID, got: brandID)
    }
}

/// A finished send: its final record, and a problem writing that record, if any (the `pending` record
/// is then the trace, shown as unknown and resendable).
public struct SendReport: Sendable {
    public var record: SendRecord
    public var journalProblem: Phrase?
    /// Why nothing was sent, when nothing was (`sendReporting` only; the record then says it in English).
    public var refusal: SendRefusal?

    public init(record: SendRecord, journalProblem: Phrase? = nil, refusal: SendRefusal? = nil) {
        self.record = record; self.journalProblem = journalProblem; self.refusal = refusal
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
    /// Written into the `pending` record, so other processes can tell a send in flight here from one
    /// whose process is gone (`SendPolicy.pendingState`).
    let sender: SendingProcess?
    /// Tells whether the process of an earlier `pending` record of the number still runs.
    let probe: any ProcessProbe

    public init(configuration: ClientConfiguration, transport: any Transport,
                sleeper: any Sleeper = TaskSleeper(), clock: any Clock = SystemClock(),
                sender: SendingProcess? = .current, probe: any ProcessProbe = LocalProcessProbe()) {
        self.configuration = configuration
        self.transport = transport
        self.sleeper = sleeper
        self.clock = clock
        self.sender = sender
        self.probe = probe
    }

    /// Sends and returns the final record. Never throws: a request that could not be sent (invalid
    /// fields, history not writable) comes back as a `rejected` record with 0 attempts whose error
    /// message starts with "not sent:"; such a record is not written to the journal.
    public func send(_ request: PreSendRequest, journal: any SendJournal, operator: String?, mode: SendMode) async -> SendRecord {
        await sendReporting(request, journal: journal, operator: `operator`, mode: mode).record
    }

    /// Like `send`, and says when the final record could not be written (the console warns, as the CLI
    /// does: the log then shows the send as interrupted).
    public func sendReporting(_ request: PreSendRequest, journal: any SendJournal, operator: String?,
                              mode: SendMode) async -> SendReport {
        do {
            return try await execute(request, journal: journal, operator: `operator`, mode: mode)
        } catch {
            let category: ErrorCategory
            switch error {
            case .invalidRequest: category = .invalidRequest
            case .numberReused: category = .requestNoConflict
            case .sendingElsewhere, .journalUnavailable, .signingFailed: category = .other
            }
            return SendReport(record: SendRecord(time: SendRecord.timestamp(clock.now()), operator: `operator`, mode: mode.rawValue,
                                                 flavor: configuration.flavor, request: request, outcome: .rejected,
                                                 error: SendError(category: category, message: error.description), attempts: 0),
                              refusal: error)
        }
    }

    /// Like `send`, but says precisely why nothing was sent, and reports a failure to write the final
    /// record (the CLI maps these to exit codes).
    public func execute(_ request: PreSendRequest, journal: any SendJournal, operator: String?,
                        mode: SendMode) async throws(SendRefusal) -> SendReport {
        let problems = request.fieldProblems().map(RequestProblem.field) + [configuration.callerProblem(request)].compactMap { $0 }
        guard problems.isEmpty else { throw .invalidRequest(problems) }
        let earlier: [SendRecord]
        do { earlier = try journal.records(forSendRequestNo: request.sendRequestNo) } catch {
            throw .journalUnavailable(Phrase(describing: error))
        }
        // A send made in the other flavor is resolved in that flavor only: it went through another door
        // of WeChat Pay, and only the same request through the same door resolves it.
        if let newest = earlier.last, newest.outcome == .pending || newest.outcome == .unknown,
           newest.request == request, newest.flavor != configuration.flavor {
            throw .numberReused(.unresolvedInOtherFlavor(number: request.sendRequestNo, time: newest.time, flavor: newest.flavor))
        }
        if let inUse = SendPolicy.numberInUse(for: request, history: earlier) {
            throw .numberReused(.inUse(inUse))
        }
        // The same request still in flight in another process (a console's Ctrl-S on an unknown send
        // while `coupondesk resend` of it runs, say): wait for its result instead of racing it.
        if let newest = earlier.last,
           case .sendingElsewhere(let other)? = SendPolicy.pendingState(of: newest, probe: probe, now: clock.now()) {
            throw .sendingElsewhere(InFlightElsewhere(sender: other, since: newest.time))
        }
        let started = clock.now()
        let startedMonotonic = DispatchTime.now()
        let call = PreSendCall(request: request, baseURL: configuration.baseURL, flavor: configuration.flavor)
        let runner = CallRunner(configuration: configuration, transport: transport, sleeper: sleeper)
        // Sign the first attempt before the write-ahead record: if signing cannot work, nothing is sent
        // and nothing is recorded.
        let first: HTTPRequest
        do { first = try runner.sign(call.apiRequest) } catch { throw .signingFailed(Phrase(describing: error)) }

        let time = SendRecord.timestamp(started)
        let pending = SendRecord(time: time, operator: `operator`, mode: mode.rawValue, flavor: configuration.flavor,
                                 request: request, outcome: .pending, sender: sender)
        do { try journal.append(pending) } catch { throw .journalUnavailable(Phrase(describing: error)) }

        // A resend of a send whose outcome is unknown starts out uncertain: its earlier attempt may
        // have pre-sent the coupon, so a refusal now (say a 429) is no definite no either.
        let finished = await runner.run(call.apiRequest, first: first, expecting: .token,
                                        uncertainty: Self.uncertainty(of: earlier.last), isWrite: true)
        let result = finished.result
        let attempts = finished.attempts

        let elapsed = Int((DispatchTime.now().uptimeNanoseconds - startedMonotonic.uptimeNanoseconds) / 1_000_000)
        let record = SendRecord(time: time, operator: `operator`, mode: mode.rawValue, flavor: configuration.flavor, request: request,
                                outcome: result.outcome, token: result.token, error: result.error,
                                httpStatus: result.httpStatus, requestID: result.requestID,
                                attempts: attempts, elapsedMs: elapsed)
        var journalProblem: Phrase? = nil
        do { try journal.append(record) } catch { journalProblem = Phrase(describing: error) }
        return SendReport(record: record, journalProblem: journalProblem)
    }

    /// The uncertainty an earlier, unresolved send of the same number leaves (nil when it was settled).
    static func uncertainty(of newest: SendRecord?) -> AttemptResult? {
        guard let newest, newest.outcome == .pending || newest.outcome == .unknown else { return nil }
        let what = newest.outcome == .pending ? "was interrupted before its result was recorded"
            : "ended unknown (\(newest.error?.message ?? newest.error?.category.rawValue ?? ErrorCategory.networkError.rawValue))"
        return CallRunner.uncertainty(what: "the send at \(newest.time) \(what)", error: newest.error,
                                      httpStatus: newest.httpStatus, requestID: newest.requestID)
    }
}

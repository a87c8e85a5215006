import Foundation

/// How a confirm ended. `pending` is the write-ahead state before the first attempt.
public enum ConfirmOutcome: String, Codable, CaseIterable, Sendable {
    case pending
    /// A verified 2xx: the coupon is confirmed (`coupon_state` says what it reported, EFFECTIVE).
    case confirmed
    /// A definite no from WeChat Pay (the coupon is not CONFIRMING, not found, ...).
    case rejected
    /// Timeout, lost connection, 5xx, unverifiable answer: it may or may not have been confirmed. Only
    /// the same confirm again (same out_request_no) resolves it.
    case unknown
}

/// One line of the history log for a confirm (PROTOCOL §9): written ahead (`pending`) and after, like a
/// pre-send's records, and told apart from them by `"action": "confirm"` (DESIGN §5).
///
/// A confirm belongs to a send (`pre_send_request_no`) but never changes that send's state: it holds
/// no `send_request_no` and no `request` key, so the history's index — and a build that predates
/// confirms, which skips the line as unreadable — never takes it for the send's newest record.
///
///     {"action":"confirm","attempts":1,"confirm":{"appid":"…","brand_id":"…","coupon_code":"…",
///      "openid":"…","out_request_no":"…","product_coupon_id":"…","stock_id":"…"},
///      "coupon_state":"EFFECTIVE","elapsed_ms":35,"error":null,"http_status":200,"mode":"live",
///      "operator":"alice","outcome":"confirmed","pre_send_request_no":"…","request_id":"…","time":"…","v":1}
public struct ConfirmRecord: Codable, Equatable, Sendable, HistoryLogLine {
    public static let action = "confirm"

    public var v: Int
    public var time: String
    public var `operator`: String?
    public var mode: String
    /// As `SendRecord.flavor`: absent = partner, nil = a flavor this build does not know.
    public var flavor: APIFlavor?
    /// The send_request_no of the pre-send whose coupon this confirms; nil for a coupon sent by another
    /// system (`confirm --openid O --coupon-code C`) that carries no number this history knows.
    public var preSendRequestNo: String?
    public var request: ConfirmRequest
    public var outcome: ConfirmOutcome
    /// The coupon's state as the confirm's answer reported it (EFFECTIVE once confirmed).
    public var couponState: String?
    public var error: SendError?
    public var httpStatus: Int?
    public var requestID: String?
    public var attempts: Int
    public var elapsedMs: Int
    /// Who is confirming: on a `pending` record only (as `SendRecord.sender`).
    public var sender: SendingProcess?

    public init(v: Int = SendRecord.currentVersion, time: String, operator: String?, mode: String,
                flavor: APIFlavor? = .partner, preSendRequestNo: String?, request: ConfirmRequest,
                outcome: ConfirmOutcome, couponState: String? = nil, error: SendError? = nil,
                httpStatus: Int? = nil, requestID: String? = nil, attempts: Int = 0, elapsedMs: Int = 0,
                sender: SendingProcess? = nil) {
        self.v = v; self.time = time; self.operator = `operator`; self.mode = mode; self.flavor = flavor
        self.preSendRequestNo = preSendRequestNo; self.request = request; self.outcome = outcome
        self.couponState = couponState; self.error = error; self.httpStatus = httpStatus
        self.requestID = requestID; self.attempts = attempts; self.elapsedMs = elapsedMs; self.sender = sender
    }

    enum CodingKeys: String, ExchangeRecordKeys {
        case v, time, mode, flavor, outcome, error, attempts, sender, action
        case `operator`
        case request = "confirm"
        case preSendRequestNo = "pre_send_request_no"
        case couponState = "coupon_state"
        case httpStatus = "http_status"
        case requestID = "request_id"
        case elapsedMs = "elapsed_ms"
    }

    /// Not a confirm line (no `"action": "confirm"`).
    public struct NotAConfirm: Error {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard (try? c.decode(String.self, forKey: .action)) == Self.action else { throw NotAConfirm() }
        v = (try? c.decodeIfPresent(Int.self, forKey: .v)) ?? 1
        time = try c.decode(String.self, forKey: .time)
        `operator` = try? c.decodeIfPresent(String.self, forKey: .operator)
        mode = (try? c.decodeIfPresent(String.self, forKey: .mode)) ?? SendMode.unrecorded.rawValue
        if c.contains(.flavor), (try? c.decodeNil(forKey: .flavor)) != true {
            flavor = (try? c.decode(String.self, forKey: .flavor)).flatMap(APIFlavor.init(rawValue:))
        } else {
            flavor = .partner
        }
        preSendRequestNo = try? c.decodeIfPresent(String.self, forKey: .preSendRequestNo)
        request = try c.decode(ConfirmRequest.self, forKey: .request)
        // A newer build's outcome word reads as unknown: never taken for a definite answer.
        outcome = ((try? c.decode(String.self, forKey: .outcome)).flatMap(ConfirmOutcome.init(rawValue:))) ?? .unknown
        couponState = try? c.decodeIfPresent(String.self, forKey: .couponState)
        error = (try? c.decodeIfPresent(SendError.self, forKey: .error)) ?? nil
        httpStatus = try? c.decodeIfPresent(Int.self, forKey: .httpStatus)
        requestID = try? c.decodeIfPresent(String.self, forKey: .requestID)
        attempts = (try? c.decodeIfPresent(Int.self, forKey: .attempts)) ?? 0
        elapsedMs = (try? c.decodeIfPresent(Int.self, forKey: .elapsedMs)) ?? 0
        sender = (try? c.decodeIfPresent(SendingProcess.self, forKey: .sender)) ?? nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.action, forKey: .action)
        try c.encodeHead(v: v, time: time, operator: `operator`, mode: mode, flavor: flavor)
        try c.encode(preSendRequestNo, forKey: .preSendRequestNo)
        try c.encode(request, forKey: .request)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(couponState, forKey: .couponState)
        try c.encodeExchange(error: error, httpStatus: httpStatus, requestID: requestID, attempts: attempts,
                             elapsedMs: elapsedMs, sender: sender)
    }

    /// The mode word read as a `SendMode` (as `SendRecord.sendMode`).
    public var sendMode: SendMode? { SendMode(rawValue: mode) }
}

/// Where a confirm writes its records (write-ahead and final). CouponHistory's store implements it on
/// the same log as the pre-sends.
public protocol ConfirmJournal: Sendable {
    /// Must not return before the record is durable.
    func append(_ record: ConfirmRecord) throws
    /// Every confirm record in the log, oldest first.
    func confirmRecords() throws -> [ConfirmRecord]
}

extension ConfirmJournal {
    /// Every record of one out_request_no, oldest first.
    public func confirmRecords(forOutRequestNo number: String) throws -> [ConfirmRecord] {
        try confirmRecords().filter { $0.request.outRequestNo == number }
    }
}

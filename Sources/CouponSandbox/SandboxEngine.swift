import Foundation
import WeChatPayCore

/// How a reply must be delivered. Most are answered at once; some faults change the delivery.
public enum SandboxDelivery: Equatable, Sendable {
    case immediately
    /// Answer only after this many milliseconds (`delay_after_commit`).
    case afterDelay(milliseconds: Int)
    /// Close the connection without answering (`drop_connection_after_commit`).
    case dropConnection
}

/// What the engine answers one request with.
public struct SandboxReply: Sendable {
    public var response: HTTPResponse
    public var delivery: SandboxDelivery
}

/// The protocol-faithful emulator of the partner pre-send endpoint (PROTOCOL §1–§5). Pure Swift; the
/// HTTP listener and `InProcessTransport` both hand it the exact bytes received.
///
/// Checks run in the order the real service is understood to run them: authentication (401), rate
/// limit (429), route (404/405), body (400 PARAM_ERROR), idempotent replay or conflict, brand / coupon /
/// stock (404), appid (400), stock state (400), coupon_code mode (400), re-entry, limits, commit.
/// Everything from the idempotency lookup to the commit runs under one lock, so parallel requests
/// see a consistent state and a limit is never overrun.
public final class SandboxEngine: @unchecked Sendable {
    public static let preSendPathPrefix = "/v3/marketing/partner/product-coupon/users/"
    public static let preSendPathSuffix = "/pre-send-coupon"
    static let maxBodyBytes = 64 * 1024

    public let configuration: SandboxConfiguration
    let keys: SandboxKeys
    let statePath: String?
    let clock: any Clock
    let rateLimiter = RateLimiter()

    private let lock = NSLock()
    private var state: SandboxState
    /// (openid, stock) → the request number being answered slowly, and until when (re-entry).
    private var inFlight: [String: (sendRequestNo: String, until: Date)] = [:]
    /// send_request_no → how many of its requests a fault has hit (faults with `times`).
    private var faultHits: [String: Int] = [:]

    /// - Parameter statePath: where state persists; nil keeps it in memory only.
    public init(configuration: SandboxConfiguration, keys: SandboxKeys, statePath: String?,
                clock: any Clock = SystemClock()) throws {
        self.configuration = configuration
        self.keys = keys
        self.statePath = statePath
        self.clock = clock
        self.state = try statePath.map { try SandboxState.load(path: $0) } ?? SandboxState()
    }

    /// Loads `sandbox.json`, the keys and `state.json` from a sandbox directory.
    public convenience init(directory: SandboxDirectory, clock: any Clock = SystemClock()) throws {
        try self.init(configuration: try directory.loadConfiguration(), keys: try directory.loadServerKeys(),
                      statePath: directory.statePath, clock: clock)
    }

    /// A copy of the current state (tests, `sandbox serve` diagnostics).
    public func snapshot() -> SandboxState {
        lock.lock(); defer { lock.unlock() }
        return state
    }

    public func usage(stockID: String) -> SandboxState.StockUsage {
        snapshot().stocks[stockID] ?? SandboxState.StockUsage()
    }

    // MARK: Handling a request

    public func handle(_ request: HTTPRequest) -> SandboxReply {
        let now = clock.now()
        do {
            return try process(request, now: now)
        } catch let error as SandboxAPIError {
            return SandboxReply(response: respond(error: error, now: now), delivery: .immediately)
        } catch {
            return SandboxReply(response: respond(error: .systemError, now: now), delivery: .immediately)
        }
    }

    private func process(_ request: HTTPRequest, now: Date) throws -> SandboxReply {
        try authenticate(request, now: now)
        guard rateLimiter.admit(configuration.mchid, at: now, limit: configuration.rateLimitPerSecond) else {
            throw SandboxAPIError.rateLimited
        }
        let openid = try route(request)
        let body = try parseBody(request.body)
        let sendRequestNo = body["send_request_no"] as? String ?? ""

        let fault = configuration.fault(forOpenID: openid)
        if let fault, [.systemError, .rateLimited, .controlCharsInMessage].contains(fault.kind),
           takeFaultHit(fault, sendRequestNo: sendRequestNo) {
            switch fault.kind {
            case .systemError: throw SandboxAPIError.systemError
            case .rateLimited: throw SandboxAPIError.rateLimited
            default: throw SandboxAPIError.hostileMessage
            }
        }

        let preSend = try validate(body, openid: openid)
        let delay = fault.flatMap { $0.kind == .delayAfterCommit ? $0.ms : nil }
        let token = try commit(preSend, now: now, inFlightMilliseconds: delay)
        let tokenBody = (try? JSONSerialization.data(withJSONObject: ["token": token], options: [.withoutEscapingSlashes]))
            ?? Data()

        guard let fault, fault.kind.appliesAfterCommit, takeFaultHit(fault, sendRequestNo: sendRequestNo) else {
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .immediately)
        }
        return afterCommit(fault, tokenBody: tokenBody, token: token, now: now)
    }

    /// Counts a fault hit for this request number; false once the fault's `times` are used up.
    private func takeFaultHit(_ fault: SandboxConfiguration.Fault, sendRequestNo: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let key = "\(fault.openidPrefix)\u{0}\(sendRequestNo)"
        let hits = faultHits[key, default: 0]
        if let times = fault.times, hits >= times { return false }
        faultHits[key] = hits + 1
        return true
    }

    private func afterCommit(_ fault: SandboxConfiguration.Fault, tokenBody: Data, token: String, now: Date) -> SandboxReply {
        switch fault.kind {
        case .delayAfterCommit:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .afterDelay(milliseconds: fault.ms ?? 0))
        case .dropConnectionAfterCommit:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .dropConnection)
        case .badSignature:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .wrongBytes), delivery: .immediately)
        case .probeSignature:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .probe), delivery: .immediately)
        case .staleTimestamp:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .stale), delivery: .immediately)
        case .unsigned:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .none), delivery: .immediately)
        case .malformedJSON:
            // Cut short mid-string: a proxy truncating the body, say. Signed, so only parsing fails.
            let truncated = Data("{\"token\":\"\(token.prefix(8))".utf8)
            return SandboxReply(response: respond(status: 200, body: truncated, numericCode: 0, now: now),
                                delivery: .immediately)
        case .systemError, .rateLimited, .controlCharsInMessage:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .immediately)
        }
    }

    // MARK: Route and body

    /// The openid of a pre-send path, percent-decoded.
    private func route(_ request: HTTPRequest) throws -> String {
        let path = String(request.canonicalURL.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard path.hasPrefix(Self.preSendPathPrefix), path.hasSuffix(Self.preSendPathSuffix),
              path.count > Self.preSendPathPrefix.count + Self.preSendPathSuffix.count else {
            throw SandboxAPIError.routeNotFound
        }
        let segment = String(path.dropFirst(Self.preSendPathPrefix.count).dropLast(Self.preSendPathSuffix.count))
        guard !segment.contains("/") else { throw SandboxAPIError.routeNotFound }
        guard request.method == "POST" else { throw SandboxAPIError.methodNotAllowed(request.method) }
        guard let openid = segment.removingPercentEncoding else {
            throw SandboxAPIError.parameter("openid", "openid格式错误：路径中的百分号编码无效", issue: "invalid percent-encoding",
                                            value: segment, location: "path", numeric: SandboxAPIError.Numeric.invalidOpenid)
        }
        if let problem = PreSendField.openid.problem(with: openid) {
            throw SandboxAPIError.parameter("openid", "openid格式错误，无法解析", issue: problem, value: openid,
                                            location: "path", numeric: SandboxAPIError.Numeric.invalidOpenid)
        }
        return openid
    }

    private func parseBody(_ body: Data) throws -> [String: Any] {
        guard body.count <= Self.maxBodyBytes else {
            throw SandboxAPIError.parameter("body", "请求体过大", issue: "body larger than \(Self.maxBodyBytes) bytes",
                                            numeric: SandboxAPIError.Numeric.parameterTooLong)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw SandboxAPIError.parameter("body", "请求体不是合法的JSON对象", issue: "body is not a JSON object")
        }
        return object
    }

    /// The body's fields against the rules of PROTOCOL §1 (the shared `PreSendField` table).
    private func validate(_ body: [String: Any], openid: String) throws -> PreSendRequest {
        var values: [PreSendField: String] = [.openid: openid]
        for field in PreSendField.allCases where field != .openid {
            guard let raw = body[field.rawValue], !(raw is NSNull) else {
                if field.isRequired {
                    throw SandboxAPIError.parameter(field.rawValue, "缺少必填参数\(field.rawValue)", issue: "\(field.rawValue): required")
                }
                continue
            }
            guard let text = raw as? String else {
                throw SandboxAPIError.parameter(field.rawValue, "参数\(field.rawValue)类型错误，应为字符串",
                                                issue: "\(field.rawValue): expected a string")
            }
            if let problem = field.problem(with: text) {
                throw SandboxAPIError.parameter(field.rawValue, "参数\(field.rawValue)不符合规则：\(field.rule)",
                                                issue: problem, value: text)
            }
            values[field] = text
        }
        func value(_ f: PreSendField) -> String { values[f] ?? "" }
        func optional(_ f: PreSendField) -> String? { values[f].flatMap { $0.isEmpty ? nil : $0 } }
        return PreSendRequest(openid: openid, brandID: value(.brandID), productCouponID: value(.productCouponID),
                              stockID: value(.stockID), appid: value(.appid), sendRequestNo: value(.sendRequestNo),
                              couponCode: optional(.couponCode), attach: optional(.attach))
    }

    // MARK: Business rules and the commit

    /// Returns the token for this pre-send: the stored one for an idempotent replay, or a new one
    /// after every limit allowed it and the state was durably written.
    private func commit(_ request: PreSendRequest, now: Date, inFlightMilliseconds: Int?) throws -> String {
        lock.lock(); defer { lock.unlock() }
        // Another process (a second demo console, `sandbox serve` on the same directory) may have
        // committed since: take the directory's lock and start from what is on disk.
        let fileLock = try statePath.map { try StateFileLock(statePath: $0) }
        defer { fileLock?.unlock() }
        if let statePath {
            do { state = try SandboxState.load(path: statePath) } catch { throw SandboxAPIError.systemError }
        }
        let sendKey = SandboxState.sendKey(brandID: request.brandID, sendRequestNo: request.sendRequestNo)
        let userKey = "\(request.openid)\u{0}\(request.stockID)"
        if var existing = state.sends[sendKey] {
            guard existing.request == request else { throw SandboxAPIError.requestNoConflict }
            if now.timeIntervalSince1970 - existing.tokenIssuedAt < Double(configuration.tokenValiditySeconds) {
                return existing.token
            }
            // The old token expired: hand out a new one for the same pre-send; nothing is counted again.
            existing.token = Self.newToken()
            existing.tokenIssuedAt = now.timeIntervalSince1970
            var next = state
            next.sends[sendKey] = existing
            try persist(next)
            return existing.token
        }

        guard let brand = configuration.brand(request.brandID) else {
            throw SandboxAPIError.notFound("品牌", field: "brand_id", value: request.brandID)
        }
        guard let coupon = brand.productCoupons.first(where: { $0.productCouponID == request.productCouponID }) else {
            throw SandboxAPIError.notFound("商品券", field: "product_coupon_id", value: request.productCouponID)
        }
        guard let stock = coupon.stocks.first(where: { $0.stockID == request.stockID }) else {
            throw SandboxAPIError.notFound("商品券批次", field: "stock_id", value: request.stockID)
        }
        guard brand.appids.contains(request.appid) else { throw SandboxAPIError.appidNotLinked }
        guard stock.state == .sending else { throw SandboxAPIError.stockNotSending(stock.state.rawValue) }
        switch (stock.couponCodeMode, request.couponCode) {
        case (.apiAssign, nil):
            throw SandboxAPIError.parameter("coupon_code", "批次券码模式为API_ASSIGN，必须传入coupon_code",
                                            issue: "coupon_code: required when the stock's coupon_code_mode is API_ASSIGN")
        case (.wechatpay, .some), (.upload, .some):
            throw SandboxAPIError.parameter("coupon_code", "批次券码模式为\(stock.couponCodeMode.rawValue)，不能传入coupon_code",
                                            issue: "coupon_code: must be absent when the stock's coupon_code_mode is \(stock.couponCodeMode.rawValue)")
        default:
            break
        }
        if let flight = inFlight[userKey], flight.until > now, flight.sendRequestNo != request.sendRequestNo {
            throw SandboxAPIError.reentry
        }

        var usage = state.stocks[stock.stockID] ?? SandboxState.StockUsage()
        let day = ShanghaiDay.key(now)
        guard usage.issued < stock.maxCount else { throw SandboxAPIError.totalBudgetExhausted }
        if let perDay = stock.maxCountPerDay, usage.issuedByDay[day, default: 0] >= perDay {
            throw SandboxAPIError.dailyBudgetExhausted
        }
        if let perUser = stock.maxCountPerUser, usage.issuedByUser[request.openid, default: 0] >= perUser {
            throw SandboxAPIError.userLimitReached
        }
        usage.issued += 1
        usage.issuedByDay[day, default: 0] += 1
        usage.issuedByUser[request.openid, default: 0] += 1
        let token = Self.newToken()
        var next = state
        next.stocks[stock.stockID] = usage
        next.sends[sendKey] = SandboxState.IssuedSend(request: request, token: token,
                                                      tokenIssuedAt: now.timeIntervalSince1970,
                                                      committedAt: now.timeIntervalSince1970)
        try persist(next)
        if let ms = inFlightMilliseconds {
            inFlight[userKey] = (request.sendRequestNo, now.addingTimeInterval(Double(ms) / 1000))
        }
        return token
    }

    /// Writes `next` and only then adopts it: a failed write leaves memory and disk agreeing.
    private func persist(_ next: SandboxState) throws {
        if let statePath {
            do { try next.save(path: statePath) } catch { throw SandboxAPIError.systemError }
        }
        state = next
    }

    /// Token shape like the documented example (`ABBpZjCfAAABAAAAAACmTrRvExc7XKea-`): URL-safe Base64.
    static func newToken() -> String {
        Data(SecureRandom.bytes(24)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}

extension SandboxConfiguration.Fault.Kind {
    /// Faults that let the pre-send commit and then spoil the answer.
    var appliesAfterCommit: Bool {
        switch self {
        case .delayAfterCommit, .dropConnectionAfterCommit, .badSignature, .probeSignature, .staleTimestamp,
             .unsigned, .malformedJSON:
            return true
        case .systemError, .rateLimited, .controlCharsInMessage:
            return false
        }
    }
}

extension SandboxEngine {
    /// The answer to a body the listener stopped reading past `maxBodyBytes`.
    func oversizedBodyReply() -> SandboxReply {
        let error = SandboxAPIError.parameter("body", "请求体过大", issue: "body larger than \(Self.maxBodyBytes) bytes",
                                              numeric: SandboxAPIError.Numeric.parameterTooLong)
        return SandboxReply(response: respond(error: error, now: clock.now()), delivery: .immediately)
    }
}

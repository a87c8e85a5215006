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

/// One request the engine answered, as a test or the fault matrix sees it.
public struct SandboxExchange: Sendable, Equatable {
    public var time: Date
    public var openid: String?
    public var sendRequestNo: String?
    public var status: Int
    /// The numeric code of the answer's Request-ID (0 on success).
    public var numericCode: Int?
    public var delivery: SandboxDelivery
    public var fault: SandboxConfiguration.Fault.Kind?
    /// The flavor of the path the request came to (nil: neither pre-send path).
    public var flavor: APIFlavor? = nil
    /// The Authorization header as received. Kept in memory only, never printed: it lets a test
    /// check that no request signature leaks into the client's output or history.
    public var authorization: String? = nil
    /// Which call the request was (nil: none of the product-coupon paths).
    public var call: SandboxCall? = nil
}

/// What the engine answers one request with.
public struct SandboxReply: Sendable {
    public var response: HTTPResponse
    public var delivery: SandboxDelivery
    /// The fault that shaped this answer, if one did.
    public var fault: SandboxConfiguration.Fault.Kind? = nil
}

/// The protocol-faithful emulator of the pre-send endpoint (PROTOCOL §1–§5), in both flavors at once
/// (§7): the partner path and the brand-direct path share one state — budgets, limits, idempotency
/// and faults — because the same stock is the same stock whichever door a send comes through. Pure
/// Swift; the HTTP listener and `InProcessTransport` both hand it the exact bytes received.
///
/// Checks run in the order the real service is understood to run them: authentication (401), rate
/// limit (429), route (404/405), body (400 PARAM_ERROR), idempotent replay or conflict, brand / coupon /
/// stock (404), appid (400), stock state (400), coupon_code mode (400), re-entry, limits, commit.
/// Everything from the idempotency lookup to the commit is one transaction of the `SandboxStore`, so
/// parallel requests see a consistent state and a limit is never overrun; an answer leaves only once
/// what it committed is durable.
public final class SandboxEngine: @unchecked Sendable {
    // Unchecked: the mutable state (`exchangeLog`, `observer`) is only touched with `lock` held; the
    // rest is `let` (the store guards the sandbox's state itself).
    public static let preSendPathSuffix = "/pre-send-coupon"

    /// `P/users/` of a flavor's pre-send path.
    static func preSendPrefix(of flavor: APIFlavor) -> String { flavor.productCouponPathPrefix + "/users/" }
    /// The partner's `P/users/`.
    public static let preSendPathPrefix = preSendPrefix(of: .partner)

    /// The flavor whose product-coupon prefix `path` is under; partner for anything else (it is
    /// answered 404 after authentication, as before the brand flavor).
    static func flavor(ofPath path: String) -> APIFlavor {
        APIFlavor.allCases.first { path.hasPrefix($0.productCouponPathPrefix + "/") } ?? .partner
    }

    /// The flavor and the still-escaped openid segment of a pre-send path, or nil.
    static func preSendSegment(_ path: String) -> (flavor: APIFlavor, segment: String)? {
        let flavor = flavor(ofPath: path), prefix = preSendPrefix(of: flavor)
        guard path.hasPrefix(prefix), path.hasSuffix(preSendPathSuffix),
              path.count > prefix.count + preSendPathSuffix.count else { return nil }
        return (flavor, String(path.dropFirst(prefix.count).dropLast(preSendPathSuffix.count)))
    }
    static let maxBodyBytes = 64 * 1024

    public let configuration: SandboxConfiguration
    let keys: SandboxKeys
    let store: SandboxStore
    let clock: any Clock
    let rateLimiter = RateLimiter()

    private let lock = NSLock()
    private var exchangeLog: [SandboxExchange] = []
    private var observer: (@Sendable (SandboxExchange) -> Void)?
    /// The exchange log keeps roughly the latest this many requests.
    static let maxExchangeLog = 10_000

    /// - Parameter statePath: where state persists; nil keeps it in memory only.
    public init(configuration: SandboxConfiguration, keys: SandboxKeys, statePath: String?,
                clock: any Clock = SystemClock()) throws {
        self.configuration = configuration
        self.keys = keys
        self.clock = clock
        self.store = try SandboxStore(statePath: statePath)
    }

    /// Loads `sandbox.json`, the keys and `state.json` from a sandbox directory.
    public convenience init(directory: SandboxDirectory, clock: any Clock = SystemClock()) throws {
        try self.init(configuration: try directory.loadConfiguration(), keys: try directory.loadServerKeys(),
                      statePath: directory.statePath, clock: clock)
    }

    /// A copy of the current state (tests, `sandbox serve` diagnostics).
    public func snapshot() -> SandboxState { store.snapshot() }

    public func usage(stockID: String) -> SandboxState.StockUsage {
        snapshot().stocks[stockID] ?? SandboxState.StockUsage()
    }

    // MARK: Handling a request

    public func handle(_ request: HTTPRequest) -> SandboxReply {
        let now = clock.now()
        let reply: SandboxReply
        let parts = RequestParts(request)
        do {
            reply = try process(parts, now: now)
        } catch let error as SandboxAPIError {
            reply = SandboxReply(response: respond(error: error, now: now), delivery: .immediately)
        } catch {
            reply = SandboxReply(response: respond(error: .systemError, now: now), delivery: .immediately)
        }
        record(parts, reply: reply, at: now)
        return reply
    }

    /// Every request this engine answered, oldest first (in memory): lets a test check how many
    /// attempts arrived and that each carried the same send_request_no.
    public func exchanges() -> [SandboxExchange] {
        lock.lock(); defer { lock.unlock() }
        return exchangeLog
    }

    private func record(_ answered: RequestParts, reply: SandboxReply, at date: Date) {
        let request = answered.request
        // The path is the text before the first "?" — unless that is empty, where it is the first
        // text between question marks (`split`, which skips empty pieces).
        let parts = !answered.path.isEmpty ? answered
            : RequestParts(request, path: request.canonicalURL.split(separator: "?").first.map(String.init) ?? "")
        let preSend = parts.preSend
        let lookup = parts.lookup
        let openid = parts.openid ?? lookup?.openid
        let numeric = Self.header("Request-ID", in: reply.response.headers).flatMap(Self.numericCode(ofRequestID:))
        let exchange = SandboxExchange(time: date, openid: openid, sendRequestNo: parts.body?["send_request_no"] as? String,
                                       status: reply.response.status, numericCode: numeric, delivery: reply.delivery,
                                       fault: reply.fault, flavor: preSend?.flavor ?? lookup.map { _ in parts.flavor },
                                       authorization: header("Authorization", in: request),
                                       call: preSend != nil ? .preSend : lookup?.call)
        lock.lock()
        exchangeLog.append(exchange)
        if exchangeLog.count > Self.maxExchangeLog { exchangeLog.removeFirst(exchangeLog.count / 2) }
        let observer = self.observer
        lock.unlock()
        observer?(exchange)
    }

    /// Calls `observer` after every answered request (`sandbox serve` prints a line per request).
    public func observe(_ observer: @escaping @Sendable (SandboxExchange) -> Void) {
        lock.lock(); self.observer = observer; lock.unlock()
    }

    private func process(_ parts: RequestParts, now: Date) throws -> SandboxReply {
        let request = parts.request
        let flavor = parts.flavor
        let caller = try authenticate(request, flavor: flavor, now: now)
        // Per partner, or per brand_id for brand-direct (PROTOCOL §7).
        guard rateLimiter.admit("\(flavor.rawValue) \(caller)", at: now, limit: configuration.rateLimitPerSecond) else {
            throw SandboxAPIError.rateLimited(limitPerSecond: configuration.rateLimitPerSecond)
        }
        if let lookup = parts.lookup {
            return try processLookup(lookup, request, query: parts.query, flavor: flavor, caller: caller, now: now)
        }
        let openid = try route(parts)
        let body = try parseBody(parts)
        let sendRequestNo = body["send_request_no"] as? String ?? ""

        let fault = configuration.fault(forOpenID: openid, call: .preSend)
        if let fault, let early = try faultBeforeCommit(fault, key: sendRequestNo, now: now) { return early }

        let preSend = try validate(body, openid: openid, flavor: flavor, caller: caller)
        let (token, faultHit) = try commit(preSend, now: now, fault: fault.flatMap { $0.kind.appliesAfterCommit ? $0 : nil })
        let tokenBody = FlatJSONObject.tokenBody(token)
        guard let fault, faultHit else {
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .immediately)
        }
        return afterCommit(fault, tokenBody: tokenBody, token: token, now: now)
    }

    /// The answer of a fault that refuses before anything is committed, when `fault` is one and still
    /// hits requests of `key` (a send_request_no, or a look-up's or confirm's own key); nil otherwise.
    func faultBeforeCommit(_ fault: SandboxConfiguration.Fault, key: String, now: Date) throws -> SandboxReply? {
        guard !fault.kind.appliesAfterCommit, try transact({ $0.takeHit(of: fault, sendRequestNo: key) }) else { return nil }
        let error: SandboxAPIError
        switch fault.kind {
        case .systemError: error = .systemError
        case .rateLimited: error = .rateLimited(limitPerSecond: nil)
        case .htmlErrorPage:
            let page = Data("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n".utf8)
            return SandboxReply(response: HTTPResponse(status: 502, headers: ["Content-Type": "text/html"], body: page),
                                delivery: .immediately, fault: fault.kind)
        default: error = .hostileMessage
        }
        return SandboxReply(response: respond(error: error, now: now), delivery: .immediately, fault: fault.kind)
    }

    /// Runs `body` on the current state as one transaction (`SandboxStore.transact`): it sees every
    /// commit of other processes on the directory, and returns once what it changed is durable. A
    /// throwing `body` changes nothing.
    func transact<T>(_ body: (inout SandboxState) throws -> T) throws -> T { try store.transact(body) }

    /// Folds the journal into state.json (`sandbox serve` does at start and stop).
    public func compactState() throws { try store.compact() }

    // MARK: Route and body

    /// The openid of a pre-send path of `flavor`, percent-decoded. An openid that cannot be parsed
    /// gets the flavor's own numeric code (PROTOCOL §7).
    private func route(_ parts: RequestParts) throws -> String {
        let flavor = parts.flavor
        guard let (routed, segment) = parts.preSend, routed == flavor, !segment.contains("/") else {
            throw SandboxAPIError.routeNotFound
        }
        guard parts.request.method == "POST" else { throw SandboxAPIError.methodNotAllowed(parts.request.method) }
        guard let openid = parts.openid else {
            throw SandboxAPIError.parameter("openid", "openid格式错误：路径中的百分号编码无效", issue: "invalid percent-encoding",
                                            value: segment, location: "path", numeric: flavor.unparsableOpenidCode)
        }
        if let problem = PreSendField.openid.problem(with: openid) {
            throw SandboxAPIError.parameter("openid", "openid格式错误，无法解析", issue: problem, value: openid,
                                            location: "path", numeric: flavor.unparsableOpenidCode)
        }
        return openid
    }

    func parseBody(_ body: Data) throws -> [String: Any] { try checkedBody(size: body.count) { FlatJSONObject.object(body) } }

    func parseBody(_ parts: RequestParts) throws -> [String: Any] { try checkedBody(size: parts.request.body.count) { parts.body } }

    /// The body as a JSON object (read only when it is not too large), or a PARAM_ERROR.
    private func checkedBody(size: Int, _ read: () -> [String: Any]?) throws -> [String: Any] {
        guard size <= Self.maxBodyBytes else {
            throw SandboxAPIError.parameter("body", "请求体过大", issue: "body larger than \(Self.maxBodyBytes) bytes",
                                            numeric: SandboxAPIError.Numeric.parameterTooLong)
        }
        guard let object = read() else {
            throw SandboxAPIError.parameter("body", "请求体不是合法的JSON对象", issue: "body is not a JSON object")
        }
        return object
    }

    /// The body's fields against the rules of PROTOCOL §1 (the shared `PreSendField` table). For
    /// brand-direct the brand is the caller: a body naming a brand is refused (this sandbox is strict
    /// where the real service is not documented, so a client that sends it is caught here).
    private func validate(_ body: [String: Any], openid: String, flavor: APIFlavor, caller: String) throws -> PreSendRequest {
        var values: [PreSendField: String] = [.openid: openid]
        if !flavor.namesBrandInRequest {
            if body[PreSendField.brandID.rawValue] != nil {
                throw SandboxAPIError.parameter("brand_id", "品牌直连接口的请求体不应包含brand_id，品牌即调用方",
                                                issue: "brand_id: not part of a \(flavor.displayName) body (the brand is the caller)")
            }
            values[.brandID] = caller
        }
        for field in PreSendField.allCases where field != .openid && values[field] == nil {
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

    /// Returns the token for this pre-send — the stored one for an idempotent replay, or a new one
    /// after every limit allowed it — and whether `fault` (an after-commit fault) hits this answer.
    /// Everything is decided and written in one transaction.
    private func commit(_ request: PreSendRequest, now: Date,
                        fault: SandboxConfiguration.Fault?) throws -> (token: String, faultHit: Bool) {
        try transact { state in
            state.inFlight.removeAll { $0.until <= now.timeIntervalSince1970 }
            let token = try issue(request, now: now, in: &state)
            guard let fault, state.takeHit(of: fault, sendRequestNo: request.sendRequestNo) else { return (token, false) }
            if fault.kind == .delayAfterCommit, let ms = fault.ms {
                // While the answer is held back, the send is in flight (re-entry).
                state.inFlight[SandboxState.userKey(openid: request.openid, stockID: request.stockID)] =
                    .init(sendRequestNo: request.sendRequestNo, until: now.timeIntervalSince1970 + Double(ms) / 1000)
            }
            return (token, true)
        }
    }

    private func issue(_ request: PreSendRequest, now: Date, in state: inout SandboxState) throws -> String {
        let sendKey = SandboxState.sendKey(brandID: request.brandID, sendRequestNo: request.sendRequestNo)
        let userKey = SandboxState.userKey(openid: request.openid, stockID: request.stockID)
        if var existing = state.sends[sendKey] {
            guard existing.request == request else { throw SandboxAPIError.requestNoConflict }
            if now.timeIntervalSince1970 - existing.tokenIssuedAt < Double(configuration.tokenValiditySeconds) {
                return existing.token
            }
            // The old token expired: hand out a new one for the same pre-send; nothing is counted again.
            existing.token = Self.newToken()
            existing.tokenIssuedAt = now.timeIntervalSince1970
            state.sends[sendKey] = existing
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
        guard stock.state == .sending else { throw SandboxAPIError.stockNotSending(stock.state.rawValue, stockID: stock.stockID) }
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
        if let flight = state.inFlight[userKey], flight.until > now.timeIntervalSince1970,
           flight.sendRequestNo != request.sendRequestNo {
            throw SandboxAPIError.reentry
        }

        let day = ShanghaiDay.key(now)
        guard state.stocks.issued(stock.stockID) < stock.maxCount else {
            throw SandboxAPIError.totalBudgetExhausted(stockID: stock.stockID, maxCount: stock.maxCount)
        }
        if let perDay = stock.maxCountPerDay, state.stocks.issued(stock.stockID, day: day) >= perDay {
            throw SandboxAPIError.dailyBudgetExhausted(stockID: stock.stockID, maxCountPerDay: perDay, day: day)
        }
        if let perUser = stock.maxCountPerUser, state.stocks.issued(stock.stockID, openid: request.openid) >= perUser {
            throw SandboxAPIError.userLimitReached(stockID: stock.stockID, maxCountPerUser: perUser)
        }
        state.stocks.countIssue(stockID: stock.stockID, day: day, openid: request.openid)
        let token = Self.newToken()
        state.sends[sendKey] = SandboxState.IssuedSend(request: request, token: token,
                                                       tokenIssuedAt: now.timeIntervalSince1970,
                                                       committedAt: now.timeIntervalSince1970)
        return token
    }

    /// Token shape like the documented example (`ABBpZjCfAAABAAAAAACmTrRvExc7XKea-`): URL-safe Base64.
    static func newToken() -> String { SandboxEncoding.urlSafeBase64(SandboxRandom.bytes(24)) }
}

extension SandboxEngine {
    /// The answer to a body the listener stopped reading past `maxBodyBytes`.
    func oversizedBodyReply() -> SandboxReply {
        let error = SandboxAPIError.parameter("body", "请求体过大", issue: "body larger than \(Self.maxBodyBytes) bytes",
                                              numeric: SandboxAPIError.Numeric.parameterTooLong)
        return SandboxReply(response: respond(error: error, now: clock.now()), delivery: .immediately)
    }
}

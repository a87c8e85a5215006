import Foundation

/// Why a look-up has no answer.
public enum LookupFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field breaks its rule: nothing was sent.
    case invalidQuery([String])
    /// The request could not be signed (an OpenSSL failure, or brand-direct without Wechatpay-Serial).
    case signingFailed(String)
    /// WeChat Pay answered with a definite no (not found, no permission, a bad parameter, ...).
    case refused(SendError, requestID: String?)
    /// No trustworthy answer: timeout, lost connection, 5xx after the retries, a signature that does
    /// not verify, a body that is not what the call answers with.
    case unknown(SendError, requestID: String?)

    public var description: String {
        switch self {
        case .invalidQuery(let problems): return "not sent: " + problems.joined(separator: "; ")
        case .signingFailed(let m): return "not sent: the request could not be signed (\(m))"
        case .refused(let error, let requestID), .unknown(let error, let requestID):
            var said = [error.category.summary]
            if let status = error.httpStatus { said.append("HTTP \(status)") }
            if let code = error.code { said.append(TerminalText.sanitize(code)) }
            if let numeric = error.numericCode { said.append("code \(numeric)") }
            if let message = error.message { said.append(TerminalText.sanitize(message)) }
            said.append("Request-ID \(TerminalText.sanitize(requestID ?? "none (no response)"))")
            return said.joined(separator: "  ")
        }
    }

    /// The error WeChat Pay (or the network) gave, if the request was sent.
    public var error: SendError? {
        switch self {
        case .refused(let error, _), .unknown(let error, _): return error
        case .invalidQuery, .signingFailed: return nil
        }
    }
}

/// The user's coupons, every page followed (up to `LookupClient.maxPages`).
public struct UserCouponList: Sendable, Equatable {
    /// Every entry of every page, in the order returned.
    public var entries: [UserCoupon]
    /// The first page's `total_count`, if it said.
    public var totalCount: Int?
    public var pages: Int
    /// False when paging stopped before the last page: after `LookupClient.maxPages` pages, or when
    /// the server handed back a page token it had already given (it would never end).
    public var isComplete: Bool
    /// Why paging stopped early, in words; nil when complete.
    public var incompleteReason: String?
    /// The Request-ID of each page.
    public var requestIDs: [String]

    public init(entries: [UserCoupon], totalCount: Int?, pages: Int, isComplete: Bool, incompleteReason: String?, requestIDs: [String]) {
        self.entries = entries; self.totalCount = totalCount; self.pages = pages; self.isComplete = isComplete
        self.incompleteReason = incompleteReason; self.requestIDs = requestIDs
    }
}

/// The look-ups of PROTOCOL §8 — the user's coupons (all pages), one coupon, the stock — through the
/// same signing, verification, classification and retries as the pre-send (`CallRunner`).
/// A look-up changes nothing, so retrying it is always safe and it needs no journal.
public struct LookupClient: Sendable {
    public let configuration: ClientConfiguration
    let runner: CallRunner

    /// Paging stops after this many pages (1000 coupons at 20 a page), saying so: a user with more is
    /// better looked up by stock or state, and a server that never ends its pages must not hold us.
    public static let maxPages = 50

    public init(configuration: ClientConfiguration, transport: any Transport, sleeper: any Sleeper = TaskSleeper()) {
        self.configuration = configuration
        runner = CallRunner(configuration: configuration, transport: transport, sleeper: sleeper)
    }

    var flavor: APIFlavor { configuration.flavor }

    /// Every coupon of the user that `query` selects, following `next_page_token` to the end.
    public func userCoupons(_ query: UserCouponsQuery) async -> Result<UserCouponList, LookupFailure> {
        let problems = query.problems(flavor: flavor)
        guard problems.isEmpty else { return .failure(.invalidQuery(problems)) }
        var list = UserCouponList(entries: [], totalCount: nil, pages: 0, isComplete: true, incompleteReason: nil, requestIDs: [])
        var token: String? = nil
        var tokensSeen = Set<String>()
        while true {
            let page: JSONValue
            switch await call(query.request(pageToken: token, baseURL: configuration.baseURL, flavor: flavor)) {
            case .failure(let failure): return .failure(failure)
            case .success(let answer):
                page = answer.body
                if let id = answer.requestID { list.requestIDs.append(id) }
            }
            list.pages += 1
            if list.pages == 1 { list.totalCount = page["total_count"]?.intValue }
            switch page["user_coupon_list"] {
            case nil, .null?: break
            case .array(let items)?: list.entries += items.map(UserCoupon.init(raw:))
            case .some:
                return .failure(.unknown(SendError(category: .malformedResponse, httpStatus: 200,
                                                   message: "user_coupon_list is not a list"), requestID: list.requestIDs.last))
            }
            guard let next = page["next_page_token"]?.stringValue, !next.isEmpty else { return .success(list) }
            guard tokensSeen.insert(next).inserted else {
                list.isComplete = false
                list.incompleteReason = "the server gave page token \(TerminalText.sanitize(String(next.prefix(64)))) a second time; stopped after \(list.pages) pages (\(list.entries.count) coupons)"
                return .success(list)
            }
            guard list.pages < Self.maxPages else {
                list.isComplete = false
                list.incompleteReason = "stopped after \(Self.maxPages) pages (\(list.entries.count) coupons) and there are more; narrow the look-up by stock, product coupon or state"
                return .success(list)
            }
            token = next
        }
    }

    /// One coupon of the user.
    public func userCoupon(_ query: UserCouponQuery) async -> Result<UserCoupon, LookupFailure> {
        let problems = query.problems(flavor: flavor)
        guard problems.isEmpty else { return .failure(.invalidQuery(problems)) }
        return await call(query.request(baseURL: configuration.baseURL, flavor: flavor)).map { UserCoupon(raw: $0.body) }
    }

    /// The stock, its budget and what has been sent of it.
    public func stock(_ query: StockQuery) async -> Result<ProductCouponStock, LookupFailure> {
        let problems = query.problems(flavor: flavor)
        guard problems.isEmpty else { return .failure(.invalidQuery(problems)) }
        return await call(query.request(baseURL: configuration.baseURL, flavor: flavor)).map { ProductCouponStock(raw: $0.body) }
    }

    struct Answer: Sendable {
        var body: JSONValue
        var requestID: String?
    }

    /// One signed GET with its retries; a verified 2xx must be a JSON object.
    func call(_ request: WeChatPayRequest) async -> Result<Answer, LookupFailure> {
        let first: HTTPRequest
        do { first = try runner.sign(request) } catch { return .failure(.signingFailed(String(describing: error))) }
        let finished = await runner.run(request, first: first, expecting: .jsonObject, isWrite: false)
        let result = finished.result
        switch result.outcome {
        case .issued:
            guard let data = result.body, let body = JSONValue.parse(data) else {
                return .failure(.unknown(SendError(category: .malformedResponse, httpStatus: result.httpStatus,
                                                   message: "the body is not JSON"), requestID: result.requestID))
            }
            return .success(Answer(body: body, requestID: result.requestID))
        case .rejected:
            return .failure(.refused(result.error ?? SendError(category: .other), requestID: result.requestID))
        case .unknown, .pending:
            return .failure(.unknown(result.error ?? SendError(category: .networkError), requestID: result.requestID))
        }
    }
}

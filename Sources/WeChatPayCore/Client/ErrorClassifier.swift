import Foundation

/// Turns a WeChat Pay error response into an error category (PROTOCOL §4), from its signals, most
/// specific first: (0) the HTTP status where it settles the matter by itself (5xx, 429), (1) the numeric
/// code in `Request-ID`, (2) keywords in the message, (3) a specific JSON code, (4) the generic JSON code,
/// then the HTTP status. The JSON code alone never hides a budget reason, because budget refusals arrive
/// with generic codes (INVALID_REQUEST). Anything unrecognised is `other`, with the raw status, code and
/// message kept in the `SendError`.
///
/// All the knowledge is in the one `table` below, ordered by tier: the first row that matches decides,
/// and adding a newly learned code is one line.
public enum ErrorClassifier {
    /// One row of the classification table.
    public enum Signal: Sendable, Equatable {
        /// Tier 0: an HTTP status that decides whatever the body says (a 5xx may have been processed; a
        /// 429 was not accepted, even when its message reads like a budget).
        case decisiveStatus(ClosedRange<Int>)
        /// Tier 1: a numeric code (or an inclusive range) from the `Request-ID` suffix.
        case numericCode(ClosedRange<Int>)
        /// Tier 2: the message matches when, for every group, it contains at least one of the group's words.
        case keywords([[String]])
        /// Tiers 3 and 4: the JSON `code` field (specific codes are listed before generic ones).
        case jsonCode(String)
        /// Tier 4, last: the HTTP status alone.
        case httpStatus(ClosedRange<Int>)

        func matches(status: Int, numericCode: Int?, code: String?, message: String?) -> Bool {
            switch self {
            case .decisiveStatus(let range), .httpStatus(let range): return range.contains(status)
            case .numericCode(let range): return numericCode.map(range.contains) ?? false
            case .keywords(let groups):
                guard let message else { return false }
                return groups.allSatisfy { group in group.contains { message.contains($0) } }
            case .jsonCode(let expected): return code == expected
            }
        }
    }

    public struct Rule: Sendable, Equatable {
        public let signal: Signal
        public let category: ErrorCategory
        /// Where the row comes from, for people reading the table.
        public let note: String
    }

    static func numeric(_ code: Int, _ category: ErrorCategory, _ note: String) -> Rule {
        Rule(signal: .numericCode(code...code), category: category, note: note)
    }

    static let dayWords = ["每日", "每天", "当日", "当天", "今日", "单日", "单天", "日预算"]

    /// The table, in tier order; within a tier the first matching row wins, so more specific rows come first.
    public static let table: [Rule] = [
        // (0) Statuses that settle the matter (PROTOCOL §4).
        Rule(signal: .decisiveStatus(500...599), category: .serverError, note: "5xx: may have been processed"),
        Rule(signal: .decisiveStatus(429...429), category: .rateLimited, note: "429: not accepted (每日调用次数 is a call quota)"),

        // (1) Numeric codes published for product coupons (PROTOCOL §4).
        numeric(272756740, .userLimitReached, "用户领取券张数已达上限"),
        numeric(268577984, .stockNotSending, "商品券批次状态不是发放中"),
        numeric(268578927, .requestNoConflict, "same send_request_no, different data"),
        numeric(272755200, .reentry, "same user and stock in flight under another send_request_no"),
        numeric(270924289, .rateLimited, "频率过快"),
        numeric(268579803, .authFailed, "partner has no permission (NO_AUTH)"),
        numeric(268578704, .invalidRequest, "AppID invalid or not linked"),
        numeric(268578526, .invalidRequest, "openid cannot be parsed for this AppID"),
        numeric(268578532, .invalidRequest, "解析 OpenID 错误 (brand flavor)"),
        numeric(268578101, .invalidRequest, "入参不合法"),
        numeric(268578224, .invalidRequest, "参数错误"),
        Rule(signal: .numericCode(268435461...268435464), category: .invalidRequest,
             note: "parameter invalid / too long / too short / out of range"),
        numeric(268578608, .notFound, "object does not exist or is not yours"),
        numeric(268578851, .notFound, "用户券不存在"),
        numeric(268578776, .invalidRequest, "用户券已过期"),
        numeric(268578367, .invalidRequest, "用户券状态非法"),
        numeric(272756769, .invalidRequest, "券已被删除"),
        numeric(272756790, .invalidRequest, "券已过期"),
        // SANDBOX CODES: WeChat Pay has not published the codes of the two budget refusals; these are
        // the CouponDesk sandbox's own. Add the real ones here when they are known.
        numeric(268579001, .totalBudgetExhausted, "sandbox code: total budget exhausted"),
        numeric(268579002, .dailyBudgetExhausted, "sandbox code: daily budget exhausted"),

        // (2) Message keywords (PROTOCOL §4). Daily before total: "每日预算不足" names both.
        Rule(signal: .keywords([dayWords, ["预算"]]), category: .dailyBudgetExhausted, note: "day word + 预算"),
        Rule(signal: .keywords([["总预算", "预算不足", "预算耗尽", "已发完", "库存不足"]]), category: .totalBudgetExhausted,
             note: "total budget words"),
        // 限领 also decides REQUEST_BLOCKED: 用户被限领拦截 is the user's limit, not the merchant's permission.
        Rule(signal: .keywords([["每人", "用户领取", "领取上限", "限领"]]), category: .userLimitReached,
             note: "per-user words"),
        Rule(signal: .keywords([dayWords, ["上限"]]), category: .dailyBudgetExhausted, note: "day word + 上限"),

        // (3) Specific JSON codes, from the voucher (代金券) send API's table (PROTOCOL §4).
        Rule(signal: .jsonCode("NOT_ENOUGH"), category: .totalBudgetExhausted, note: "403 批次预算不足"),
        Rule(signal: .jsonCode("USER_ACCOUNT_ABNORMAL"), category: .other,
             note: "403 用户非法: the user's account, not the operator's credentials"),
        // REQUEST_BLOCKED has no row of its own: its 限领 wording is caught above, anything else falls to its status.

        // (4) Generic JSON codes (PROTOCOL §4 table).
        Rule(signal: .jsonCode("PARAM_ERROR"), category: .invalidRequest, note: "400"),
        Rule(signal: .jsonCode("INVALID_REQUEST"), category: .invalidRequest, note: "400 business rule"),
        Rule(signal: .jsonCode("SIGN_ERROR"), category: .authFailed, note: "401 signature check failed"),
        Rule(signal: .jsonCode("NO_AUTH"), category: .authFailed, note: "403 no permission"),
        Rule(signal: .jsonCode("RESOURCE_NOT_EXISTS"), category: .notFound, note: "404"),
        Rule(signal: .jsonCode("NOT_FOUND"), category: .notFound, note: "404"),
        Rule(signal: .jsonCode("RATELIMIT_EXCEEDED"), category: .rateLimited, note: "429"),
        Rule(signal: .jsonCode("FREQUENCY_LIMITED"), category: .rateLimited, note: "429"),
        Rule(signal: .jsonCode("FREQUENCY_LIMIT_EXCEED"), category: .rateLimited, note: "429 (voucher API)"),
        Rule(signal: .jsonCode("SYSTEM_ERROR"), category: .serverError, note: "500"),
        Rule(signal: .jsonCode("SERVICE_UNAVAILABLE"), category: .serverError, note: "502/503"),

        // (4, last) HTTP status alone.
        Rule(signal: .httpStatus(401...401), category: .authFailed, note: "unauthorized"),
        Rule(signal: .httpStatus(403...403), category: .authFailed, note: "forbidden"),
        Rule(signal: .httpStatus(404...404), category: .notFound, note: "not found"),
    ]

    /// The row that decides a response, nil when none does (the response is then `other`).
    public static func decidingRule(status: Int, requestID: String?, code: String?, message: String?) -> Rule? {
        let numeric = numericCode(fromRequestID: requestID)
        return table.first { $0.signal.matches(status: status, numericCode: numeric, code: code, message: message) }
    }

    /// The numeric business code of a `Request-ID` (`{id}-{code}`); nil when absent, not numeric, or 0
    /// (`-0` means success).
    public static func numericCode(fromRequestID requestID: String?) -> Int? {
        guard let requestID, let dash = requestID.lastIndex(of: "-") else { return nil }
        let digits = requestID[requestID.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCII),
              let code = Int(digits), code != 0 else { return nil }
        return code
    }

    /// The error body `{"code": "...", "message": "...", "detail": {...}}`; nil when it is not such an object.
    public struct ErrorBody: Sendable, Equatable {
        public var code: String?
        public var message: String?
    }

    public static func parseErrorBody(_ body: Data) -> ErrorBody? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        let code = object["code"] as? String
        let message = object["message"] as? String
        guard code != nil || message != nil else { return nil }
        return ErrorBody(code: code, message: message)
    }

    /// Longest message kept in a record: enough for any real message, bounded against a hostile server.
    static let maxMessageCharacters = 1000

    /// Classifies an error response by the first row of `table` that matches it.
    public static func classify(status: Int, requestID: String?, code: String?, message: String?) -> SendError {
        let category = decidingRule(status: status, requestID: requestID, code: code, message: message)?.category ?? .other
        return SendError(category: category, httpStatus: status, code: code.map { String($0.prefix(64)) },
                         numericCode: numericCode(fromRequestID: requestID),
                         message: message.map { String($0.prefix(maxMessageCharacters)) })
    }
}

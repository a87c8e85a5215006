import Foundation

/// Turns a WeChat Pay error response into an error category (PROTOCOL §4), from three signals, most
/// specific first: (1) the numeric code in `Request-ID`, (2) keywords in the message, (3) the JSON code,
/// then the HTTP status. The JSON code alone never hides a budget reason, because budget refusals arrive
/// with generic codes (INVALID_REQUEST). Anything unrecognised is `other`, with the raw status, code and
/// message kept in the `SendError`.
///
/// All the knowledge is in the one `table` below: adding a newly learned code is one line.
public enum ErrorClassifier {
    /// One row of the classification table.
    public enum Signal: Sendable, Equatable {
        /// A numeric code (or an inclusive range) from the `Request-ID` suffix.
        case numericCode(ClosedRange<Int>)
        /// The message matches when, for every group, it contains at least one of the group's words.
        case keywords([[String]])
        /// The JSON `code` field.
        case jsonCode(String)
        /// The HTTP status (used last).
        case httpStatus(ClosedRange<Int>)
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

    static let dayWords = ["每日", "当日", "今日", "日预算"]

    /// The table. Within a tier the first matching row wins, so more specific rows come first.
    public static let table: [Rule] = [
        // (1) Numeric codes published for product coupons (PROTOCOL §4).
        numeric(272756740, .userLimitReached, "用户领取券张数已达上限"),
        numeric(268577984, .stockNotSending, "商品券批次状态不是发放中"),
        numeric(268578927, .requestNoConflict, "same send_request_no, different data"),
        numeric(272755200, .reentry, "same user and stock in flight under another send_request_no"),
        numeric(270924289, .rateLimited, "频率过快"),
        numeric(268579803, .authFailed, "partner has no permission (NO_AUTH)"),
        numeric(268578704, .invalidRequest, "AppID invalid or not linked"),
        numeric(268578526, .invalidRequest, "openid cannot be parsed for this AppID"),
        numeric(268578532, .invalidRequest, "brand-direct: openid cannot be parsed (解析 OpenID 错误)"),
        Rule(signal: .numericCode(268435461...268435464), category: .invalidRequest,
             note: "parameter invalid / too long / too short / out of range"),
        numeric(268578608, .notFound, "object does not exist or is not yours"),
        // SANDBOX CODES: WeChat Pay has not published the codes of the two budget refusals; these are
        // the CouponDesk sandbox's own. Add the real ones here when they are known.
        numeric(268579001, .totalBudgetExhausted, "sandbox code: total budget exhausted"),
        numeric(268579002, .dailyBudgetExhausted, "sandbox code: daily budget exhausted"),

        // (2) Message keywords (PROTOCOL §4). Daily before total: "每日预算不足" names both.
        Rule(signal: .keywords([dayWords, ["预算"]]), category: .dailyBudgetExhausted, note: "day word + 预算"),
        Rule(signal: .keywords([["总预算", "预算不足", "已发完", "库存不足"]]), category: .totalBudgetExhausted,
             note: "total budget words"),
        Rule(signal: .keywords([["每人", "用户领取", "领取上限"]]), category: .userLimitReached,
             note: "per-user words"),
        Rule(signal: .keywords([dayWords, ["上限"]]), category: .dailyBudgetExhausted, note: "day word + 上限"),

        // (3) Generic JSON codes (PROTOCOL §4 table).
        Rule(signal: .jsonCode("PARAM_ERROR"), category: .invalidRequest, note: "400"),
        Rule(signal: .jsonCode("INVALID_REQUEST"), category: .invalidRequest, note: "400 business rule"),
        Rule(signal: .jsonCode("SIGN_ERROR"), category: .authFailed, note: "401 signature check failed"),
        Rule(signal: .jsonCode("NO_AUTH"), category: .authFailed, note: "403 no permission"),
        Rule(signal: .jsonCode("RESOURCE_NOT_EXISTS"), category: .notFound, note: "404"),
        Rule(signal: .jsonCode("NOT_FOUND"), category: .notFound, note: "404"),
        Rule(signal: .jsonCode("RATELIMIT_EXCEEDED"), category: .rateLimited, note: "429"),
        Rule(signal: .jsonCode("FREQUENCY_LIMITED"), category: .rateLimited, note: "429"),
        Rule(signal: .jsonCode("SYSTEM_ERROR"), category: .serverError, note: "500"),
        Rule(signal: .jsonCode("SERVICE_UNAVAILABLE"), category: .serverError, note: "502/503"),

        // (3, last) HTTP status alone.
        Rule(signal: .httpStatus(401...401), category: .authFailed, note: "unauthorized"),
        Rule(signal: .httpStatus(403...403), category: .authFailed, note: "forbidden"),
        Rule(signal: .httpStatus(404...404), category: .notFound, note: "not found"),
        Rule(signal: .httpStatus(429...429), category: .rateLimited, note: "too many requests"),
        Rule(signal: .httpStatus(500...599), category: .serverError, note: "server error"),
    ]

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

    /// Classifies an error response. A 5xx is always `server_error` (the request may have been
    /// processed), whatever else it says.
    public static func classify(status: Int, requestID: String?, code: String?, message: String?) -> SendError {
        let numeric = numericCode(fromRequestID: requestID)
        let keptMessage = message.map { String($0.prefix(maxMessageCharacters)) }
        let keptCode = code.map { String($0.prefix(64)) }
        func result(_ category: ErrorCategory) -> SendError {
            SendError(category: category, httpStatus: status, code: keptCode, numericCode: numeric, message: keptMessage)
        }
        if (500...599).contains(status) { return result(.serverError) }
        if let numeric, let rule = table.first(where: {
            if case .numericCode(let range) = $0.signal { return range.contains(numeric) } else { return false }
        }) { return result(rule.category) }
        if let message, let rule = table.first(where: {
            if case .keywords(let groups) = $0.signal {
                return groups.allSatisfy { group in group.contains { message.contains($0) } }
            } else { return false }
        }) { return result(rule.category) }
        if let code, let rule = table.first(where: { $0.signal == .jsonCode(code) }) { return result(rule.category) }
        if let rule = table.first(where: {
            if case .httpStatus(let range) = $0.signal { return range.contains(status) } else { return false }
        }) { return result(rule.category) }
        return result(.other)
    }
}

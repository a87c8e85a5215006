import CouponDeskText
import Foundation

/// How a send ended (DESIGN §4). `pending` is the write-ahead state before the first attempt.
public enum Outcome: String, Codable, CaseIterable, Sendable {
    case pending, issued, rejected, unknown
}

/// Stable error categories (DESIGN §4). The raw values are part of the CLI/history contract.
public enum ErrorCategory: String, Codable, CaseIterable, Sendable {
    // Rejected: a definite no.
    case totalBudgetExhausted = "total_budget_exhausted"
    case dailyBudgetExhausted = "daily_budget_exhausted"
    case userLimitReached = "user_limit_reached"
    case stockNotSending = "stock_not_sending"
    case requestNoConflict = "request_no_conflict"
    case reentry
    case rateLimited = "rate_limited"
    case invalidRequest = "invalid_request"
    case authFailed = "auth_failed"
    case notFound = "not_found"
    case other
    // Unknown: the coupon may or may not have been pre-sent.
    case serverError = "server_error"
    case timeout
    case networkError = "network_error"
    case signatureInvalid = "signature_invalid"
    case malformedResponse = "malformed_response"

    /// The outcome a final result in this category has.
    public var outcome: Outcome {
        switch self {
        case .serverError, .timeout, .networkError, .signatureInvalid, .malformedResponse: return .unknown
        default: return .rejected
        }
    }

    /// Words for people, in English (the core's own messages); the console and the command line word
    /// it in their language from the same table (`CategoryText`).
    public var summary: String { Texts.english.category(rawValue) }
}

/// The error part of a history record (DESIGN §5).
public struct SendError: Codable, Equatable, Sendable {
    public var category: ErrorCategory
    public var httpStatus: Int?
    public var code: String?
    public var numericCode: Int?
    public var message: String?

    public init(category: ErrorCategory, httpStatus: Int? = nil, code: String? = nil,
                numericCode: Int? = nil, message: String? = nil) {
        self.category = category; self.httpStatus = httpStatus; self.code = code
        self.numericCode = numericCode; self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case category, code, message
        case httpStatus = "http_status"
        case numericCode = "numeric_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // An unknown category (a newer build's) is kept readable as `other` rather than failing the record.
        let raw = try c.decodeIfPresent(String.self, forKey: .category) ?? "other"
        category = ErrorCategory(rawValue: raw) ?? .other
        httpStatus = try c.decodeIfPresent(Int.self, forKey: .httpStatus)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        numericCode = try c.decodeIfPresent(Int.self, forKey: .numericCode)
        message = try c.decodeIfPresent(String.self, forKey: .message)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(category, forKey: .category)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(code, forKey: .code)
        try c.encode(numericCode, forKey: .numericCode)
        try c.encode(message, forKey: .message)
    }
}

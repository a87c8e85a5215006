import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct ErrorClassifierTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let status: Int
        let requestID: String?
        let code: String?
        let message: String?
        let expected: ErrorCategory
        var testDescription: String { "\(status) \(requestID ?? "-") \(code ?? "-") \(message ?? "-") → \(expected.rawValue)" }
    }

    // Tier 0: a status that settles the matter whatever the body says.
    static let decisiveStatusRows: [Row] = [
        Row(status: 429, requestID: nil, code: "RATELIMIT_EXCEEDED", message: "每日调用次数超过上限", expected: .rateLimited),
        Row(status: 429, requestID: "AB12-272756740", code: "INVALID_REQUEST", message: "批次总预算不足", expected: .rateLimited),
        Row(status: 503, requestID: "AB12-268579001", code: "INVALID_REQUEST", message: "商品券已发完", expected: .serverError),
    ]

    // Tier 1: each numeric code of PROTOCOL §4 (plus the two sandbox codes), behind a generic JSON code.
    static let numericRows: [Row] = [
        Row(status: 400, requestID: "AB12-272756740", code: "INVALID_REQUEST", message: "x", expected: .userLimitReached),
        Row(status: 400, requestID: "AB12-268577984", code: "INVALID_REQUEST", message: "x", expected: .stockNotSending),
        Row(status: 400, requestID: "AB12-268578927", code: "INVALID_REQUEST", message: "x", expected: .requestNoConflict),
        Row(status: 400, requestID: "AB12-272755200", code: "INVALID_REQUEST", message: "x", expected: .reentry),
        Row(status: 400, requestID: "AB12-270924289", code: "INVALID_REQUEST", message: "x", expected: .rateLimited),
        Row(status: 403, requestID: "AB12-268579803", code: "NO_AUTH", message: "x", expected: .authFailed),
        Row(status: 400, requestID: "AB12-268578704", code: "INVALID_REQUEST", message: "x", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268578526", code: "PARAM_ERROR", message: "x", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268435461", code: "PARAM_ERROR", message: "x", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268435464", code: "PARAM_ERROR", message: "x", expected: .invalidRequest),
        Row(status: 404, requestID: "AB12-268578608", code: "RESOURCE_NOT_EXISTS", message: "x", expected: .notFound),
        Row(status: 400, requestID: "AB12-268578532", code: "PARAM_ERROR", message: "解析 OpenID 错误", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268578101", code: "PARAM_ERROR", message: "入参不合法", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268578224", code: "PARAM_ERROR", message: "参数错误", expected: .invalidRequest),
        Row(status: 404, requestID: "AB12-268578851", code: "RESOURCE_NOT_EXISTS", message: "用户券不存在", expected: .notFound),
        Row(status: 400, requestID: "AB12-268578776", code: "INVALID_REQUEST", message: "用户券已过期", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268578367", code: "INVALID_REQUEST", message: "用户券状态非法", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-272756769", code: "INVALID_REQUEST", message: "券已被删除", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-272756790", code: "INVALID_REQUEST", message: "券已过期", expected: .invalidRequest),
        Row(status: 400, requestID: "AB12-268579001", code: "INVALID_REQUEST", message: "x", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: "AB12-268579002", code: "INVALID_REQUEST", message: "x", expected: .dailyBudgetExhausted),
    ]

    // Tier 2: message keywords, with no known numeric code.
    static let keywordRows: [Row] = [
        Row(status: 400, requestID: "AB12-999", code: "INVALID_REQUEST", message: "批次总预算已用完", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "预算不足", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "商品券已发完", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "库存不足", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "批次每日预算已用完", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "今日预算不足", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "当日发放已达上限", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "日预算耗尽", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "超过每人限领数量", expected: .userLimitReached),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "用户领取券张数已达上限", expected: .userLimitReached),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "已达领取上限", expected: .userLimitReached),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "批次预算耗尽", expected: .totalBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "每天预算已用完", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "当天发放已达上限", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "单日预算不足", expected: .dailyBudgetExhausted),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "单天发券数量已达上限", expected: .dailyBudgetExhausted),
        Row(status: 403, requestID: nil, code: "REQUEST_BLOCKED", message: "用户被限领拦截", expected: .userLimitReached),
    ]

    // Tier 3: specific JSON codes from the voucher API's table.
    static let specificCodeRows: [Row] = [
        Row(status: 403, requestID: nil, code: "NOT_ENOUGH", message: "批次不可发", expected: .totalBudgetExhausted),
        Row(status: 403, requestID: nil, code: "NOT_ENOUGH", message: "批次预算不足", expected: .totalBudgetExhausted),
        Row(status: 403, requestID: nil, code: "USER_ACCOUNT_ABNORMAL", message: "用户非法", expected: .other),
        Row(status: 403, requestID: nil, code: "REQUEST_BLOCKED", message: "商户无权发券", expected: .authFailed),
    ]

    // Tier 3: generic JSON codes, then the HTTP status alone.
    static let genericRows: [Row] = [
        Row(status: 400, requestID: "AB12-0", code: "PARAM_ERROR", message: "参数错误", expected: .invalidRequest),
        Row(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "AppID与商户号不匹配", expected: .invalidRequest),
        Row(status: 401, requestID: nil, code: "SIGN_ERROR", message: "签名错误", expected: .authFailed),
        Row(status: 403, requestID: nil, code: "NO_AUTH", message: "无权限", expected: .authFailed),
        Row(status: 404, requestID: nil, code: "RESOURCE_NOT_EXISTS", message: "不存在", expected: .notFound),
        Row(status: 400, requestID: nil, code: "RATELIMIT_EXCEEDED", message: "频率超限", expected: .rateLimited),
        Row(status: 400, requestID: nil, code: "FREQUENCY_LIMITED", message: "频率超限", expected: .rateLimited),
        Row(status: 400, requestID: nil, code: "FREQUENCY_LIMIT_EXCEED", message: "频率超限", expected: .rateLimited),
        Row(status: 400, requestID: nil, code: "NOT_FOUND", message: "不存在", expected: .notFound),
        Row(status: 403, requestID: nil, code: nil, message: nil, expected: .authFailed),
        Row(status: 500, requestID: nil, code: "SYSTEM_ERROR", message: "系统错误", expected: .serverError),
        Row(status: 503, requestID: nil, code: "SERVICE_UNAVAILABLE", message: "服务不可用", expected: .serverError),
        Row(status: 400, requestID: nil, code: "SYSTEM_ERROR", message: "系统错误", expected: .serverError),
        Row(status: 400, requestID: nil, code: "SERVICE_UNAVAILABLE", message: "服务不可用", expected: .serverError),
        Row(status: 401, requestID: nil, code: nil, message: nil, expected: .authFailed),
        Row(status: 404, requestID: nil, code: nil, message: nil, expected: .notFound),
        Row(status: 429, requestID: nil, code: nil, message: nil, expected: .rateLimited),
        Row(status: 502, requestID: nil, code: nil, message: nil, expected: .serverError),
        Row(status: 400, requestID: "AB12-123456", code: "SOMETHING_NEW", message: "新的错误", expected: .other),
        Row(status: 409, requestID: nil, code: nil, message: "?", expected: .other),
    ]

    static let allRows = decisiveStatusRows + numericRows + keywordRows + specificCodeRows + genericRows

    @Test(arguments: allRows)
    func classifies(_ row: Row) throws {
        let error = ErrorClassifier.classify(status: row.status, requestID: row.requestID, code: row.code, message: row.message)
        #expect(error.category == row.expected)
    }

    /// One row per fact, each with a test: a table row that no example reaches is either dead or untested.
    @Test func everyRowOfTheTableDecidesAtLeastOneExample() throws {
        let reached = Self.allRows.compactMap {
            ErrorClassifier.decidingRule(status: $0.status, requestID: $0.requestID, code: $0.code, message: $0.message)
        }
        let unreached = ErrorClassifier.table.filter { !reached.contains($0) }
        #expect(unreached.isEmpty, "rows without an example: \(unreached.map(\.note))")
    }

    @Test func numericCodeWinsOverAContradictingMessage() throws {
        let error = ErrorClassifier.classify(status: 400, requestID: "X-268577984", code: "INVALID_REQUEST", message: "每日预算已用完")
        #expect(error.category == .stockNotSending)
    }

    @Test func budgetReasonIsNeverHiddenBehindTheGenericCode() throws {
        let error = ErrorClassifier.classify(status: 400, requestID: nil, code: "INVALID_REQUEST", message: "批次总预算不足，无法发放")
        #expect(error.category == .totalBudgetExhausted)
    }

    @Test func fiveHundredIsAlwaysServerErrorWhateverItSays() throws {
        let error = ErrorClassifier.classify(status: 500, requestID: "X-272756740", code: "SYSTEM_ERROR", message: "每人领取上限")
        #expect(error.category == .serverError)
        #expect(error.category.outcome == .unknown)
    }

    @Test func unrecognisedKeepsRawStatusCodeMessageAndNumericCode() throws {
        let error = ErrorClassifier.classify(status: 418, requestID: "ZZ-123456789", code: "TEAPOT", message: "我是茶壶")
        #expect(error == SendError(category: .other, httpStatus: 418, code: "TEAPOT", numericCode: 123456789, message: "我是茶壶"))
    }

    @Test func numericCodeIsTheRequestIDSuffix() throws {
        #expect(ErrorClassifier.numericCode(fromRequestID: "08F0A1B2C3D4-272756740") == 272756740)
        #expect(ErrorClassifier.numericCode(fromRequestID: "08F0A1B2C3D4-0") == nil)
        #expect(ErrorClassifier.numericCode(fromRequestID: "no-dash-digits-x") == nil)
        #expect(ErrorClassifier.numericCode(fromRequestID: nil) == nil)
    }

    @Test func sandboxCodesAreMarkedAsSuchInTheTable() throws {
        let sandboxRows = ErrorClassifier.table.filter { $0.note.hasPrefix("sandbox code") }
        #expect(sandboxRows.map(\.signal) == [.numericCode(268579001...268579001), .numericCode(268579002...268579002)])
    }

    @Test func messageIsBoundedInTheRecord() throws {
        let error = ErrorClassifier.classify(status: 400, requestID: nil, code: "X", message: String(repeating: "长", count: 5000))
        #expect(error.message?.count == ErrorClassifier.maxMessageCharacters)
    }
}

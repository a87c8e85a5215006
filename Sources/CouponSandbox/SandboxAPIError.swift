import Foundation

/// An error the sandbox answers with: the HTTP status, the JSON `code`, the numeric code that goes
/// into `Request-ID` (`{id}-{numeric}`), a Chinese message as the real service writes them, and an
/// optional `detail` object.
///
/// Numeric codes: the published ones of PROTOCOL §4 where one exists; for the cases WeChat Pay has
/// not published, sandbox codes in 268579001–268579599 (documented in the README). The client's
/// classifier knows 268579001 (total budget) and 268579002 (daily budget).
struct SandboxAPIError: Error {
    let status: Int
    let code: String
    let numericCode: Int
    let message: String
    let detail: [String: any Sendable]?

    init(status: Int, code: String, numericCode: Int, message: String, detail: [String: any Sendable]? = nil) {
        self.status = status; self.code = code; self.numericCode = numericCode
        self.message = message; self.detail = detail
    }

    /// `{"code","message","detail"}`; detail omitted when there is none.
    var body: Data {
        var object: [String: Any] = ["code": code, "message": message]
        if let detail { object["detail"] = detail }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{\"code\":\"\(code)\",\"message\":\"\"}".utf8)
    }

    // MARK: Numeric codes

    enum Numeric {
        static let userLimit = 272756740
        static let stockNotSending = 268577984
        static let requestNoConflict = 268578927
        static let reentry = 272755200
        static let rateLimited = 270924289
        static let appidNotLinked = 268578704
        static let parameterInvalid = 268435461
        static let parameterTooLong = 268435462
        static let notFound = 268578608
        // Sandbox codes for cases WeChat Pay has not published.
        static let totalBudgetExhausted = 268579001
        static let dailyBudgetExhausted = 268579002
        static let signError = 268579401
        static let systemError = 268579500
    }

    // MARK: Authentication (401)

    static func signError(_ message: String, issue: String, field: String = "authorization",
                          signInformation: [String: any Sendable]? = nil) -> SandboxAPIError {
        var detail: [String: any Sendable] = ["field": field, "location": "authorization", "issue": issue]
        if let signInformation { detail["sign_information"] = signInformation }
        return SandboxAPIError(status: 401, code: "SIGN_ERROR", numericCode: Numeric.signError,
                               message: message, detail: detail)
    }

    // MARK: Parameters (400 PARAM_ERROR)

    static func parameter(_ field: String, _ message: String, issue: String, value: String? = nil,
                          location: String = "body", numeric: Int = Numeric.parameterInvalid) -> SandboxAPIError {
        var detail: [String: any Sendable] = ["field": field, "location": location, "issue": issue]
        if let value { detail["value"] = String(value.prefix(64)) }
        return SandboxAPIError(status: 400, code: "PARAM_ERROR", numericCode: numeric, message: message, detail: detail)
    }

    // MARK: Business rules

    static func notFound(_ what: String, field: String, value: String) -> SandboxAPIError {
        SandboxAPIError(status: 404, code: "RESOURCE_NOT_EXISTS", numericCode: Numeric.notFound,
                        message: "\(what)不存在，请检查\(field)是否正确",
                        detail: ["field": field, "value": String(value.prefix(64)), "location": "body"])
    }

    static let routeNotFound = SandboxAPIError(status: 404, code: "RESOURCE_NOT_EXISTS", numericCode: Numeric.notFound,
                                               message: "请求的资源不存在，请检查请求路径",
                                               detail: ["location": "path", "issue": "no such endpoint in the sandbox"])

    static func methodNotAllowed(_ method: String) -> SandboxAPIError {
        SandboxAPIError(status: 405, code: "METHOD_NOT_ALLOWED", numericCode: Numeric.parameterInvalid,
                        message: "不支持的请求方法\(method.prefix(16))，请使用POST",
                        detail: ["location": "method", "value": String(method.prefix(16))])
    }

    static let appidNotLinked = SandboxAPIError(
        status: 400, code: "INVALID_REQUEST", numericCode: Numeric.appidNotLinked,
        message: "AppID无效或未与品牌关联，请检查appid", detail: ["field": "appid", "location": "body"])

    static func stockNotSending(_ state: String, stockID: String) -> SandboxAPIError {
        SandboxAPIError(status: 400, code: "INVALID_REQUEST", numericCode: Numeric.stockNotSending,
                        message: "商品券批次状态不是发放中，当前状态：\(state)",
                        detail: ["stock_id": stockID, "state": state])
    }

    static let requestNoConflict = SandboxAPIError(
        status: 400, code: "INVALID_REQUEST", numericCode: Numeric.requestNoConflict,
        message: "发放请求单号重复，且请求参数与首次请求不一致，请更换send_request_no或使用原参数重试",
        detail: ["field": "send_request_no", "location": "body"])

    static let reentry = SandboxAPIError(
        status: 400, code: "INVALID_REQUEST", numericCode: Numeric.reentry,
        message: "该用户在此批次有处理中的发放请求，请稍后使用原发放请求单号重试",
        detail: ["field": "send_request_no", "location": "body",
                 "issue": "another send_request_no for this openid and stock is still being processed"])

    static func totalBudgetExhausted(stockID: String, maxCount: Int) -> SandboxAPIError {
        SandboxAPIError(status: 400, code: "INVALID_REQUEST", numericCode: Numeric.totalBudgetExhausted,
                        message: "商品券批次总预算已发完，无法继续发放",
                        detail: ["stock_id": stockID, "max_count": maxCount])
    }

    static func dailyBudgetExhausted(stockID: String, maxCountPerDay: Int, day: String) -> SandboxAPIError {
        SandboxAPIError(status: 400, code: "INVALID_REQUEST", numericCode: Numeric.dailyBudgetExhausted,
                        message: "商品券批次今日发放数量已达每日预算上限，请次日0点后再试",
                        detail: ["stock_id": stockID, "max_count_per_day": maxCountPerDay, "day": day])
    }

    static func userLimitReached(stockID: String, maxCountPerUser: Int) -> SandboxAPIError {
        SandboxAPIError(status: 400, code: "INVALID_REQUEST", numericCode: Numeric.userLimit,
                        message: "用户领取券张数已达上限",
                        detail: ["stock_id": stockID, "max_count_per_user": maxCountPerUser])
    }

    static func rateLimited(limitPerSecond: Int?) -> SandboxAPIError {
        SandboxAPIError(status: 429, code: "RATELIMIT_EXCEEDED", numericCode: Numeric.rateLimited,
                        message: "频率过快，请降低请求频率后重试",
                        detail: limitPerSecond.map { ["limit_per_second": $0] } ?? ["issue": "sandbox fault rate_limited"])
    }

    static let systemError = SandboxAPIError(
        status: 500, code: "SYSTEM_ERROR", numericCode: Numeric.systemError,
        message: "系统繁忙，请稍后使用相同的发放请求单号重试",
        detail: ["issue": "retry with the same send_request_no"])

    /// The `control_chars_in_message` fault: a refusal whose text tries to clear the screen, retitle
    /// the window, write the clipboard (OSC 52) and fake a line with a carriage return.
    static let hostileMessage = SandboxAPIError(
        status: 400, code: "INVALID_REQUEST", numericCode: Numeric.parameterInvalid,
        message: "\u{1B}[2J\u{1B}[H\u{1B}]0;pwned\u{07}\u{1B}]52;c;cHduZWQ=\u{07}请求被拒绝\r\u{1B}[31missued\u{1B}[0m\u{9B}6n\u{202E}\u{08}\u{00}",
        detail: ["issue": "\u{1B}[5mcontrol characters\u{1B}[0m"])
}

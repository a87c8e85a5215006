/// Words for the core's machine values, keyed by their raw strings (`Outcome`, `ErrorCategory`,
/// `PreSendField`, `FieldProblem.Kind`, coupon states, flavors), so this target needs no other.
/// `CoreText(machine: "total_budget_exhausted")`-style lookups live in `Texts`' helpers below.
public enum OutcomeName: String, TextCatalogue {
    case pending, issued, rejected, unknown, confirmed

    public static let english: [Self: String] = [
        .pending: "pending", .issued: "issued", .rejected: "rejected", .unknown: "unknown", .confirmed: "confirmed",
    ]
    public static let chinese: [Self: String] = [
        .pending: "待定", .issued: "已发放", .rejected: "被拒绝", .unknown: "结果未知", .confirmed: "已确认",
    ]
}

/// The reason of each error category (DESIGN §4), for people.
public enum CategoryText: String, TextCatalogue {
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
    case serverError = "server_error"
    case timeout
    case networkError = "network_error"
    case signatureInvalid = "signature_invalid"
    case malformedResponse = "malformed_response"

    public static let english: [Self: String] = [
        .totalBudgetExhausted: "total budget exhausted",
        .dailyBudgetExhausted: "daily budget exhausted — resets 00:00 CST",
        .userLimitReached: "per-user limit reached",
        .stockNotSending: "stock is not sending (paused, stopped or not yet active)",
        .requestNoConflict: "send_request_no already used with different data",
        .reentry: "same user and stock already in flight under another send_request_no",
        .rateLimited: "rate limited — not accepted, try again shortly",
        .invalidRequest: "invalid request",
        .authFailed: "authentication or permission failed",
        .notFound: "brand, coupon or stock not found",
        .other: "refused",
        .serverError: "WeChat Pay server error — outcome unknown, resend",
        .timeout: "timed out — outcome unknown, resend",
        .networkError: "network error — outcome unknown, resend",
        .signatureInvalid: "response signature invalid — not trusted, outcome unknown",
        .malformedResponse: "malformed response — outcome unknown, resend",
    ]
    public static let chinese: [Self: String] = [
        .totalBudgetExhausted: "总预算已用完",
        .dailyBudgetExhausted: "单日预算已用完 — 北京时间 00:00 重置",
        .userLimitReached: "每人限领已达上限",
        .stockNotSending: "批次不在发放中（已暂停、已停止或尚未开始）",
        .requestNoConflict: "send_request_no 已用于另一组数据",
        .reentry: "同一用户同一批次已有另一个 send_request_no 正在发放",
        .rateLimited: "请求过于频繁 — 未受理，请稍后再试",
        .invalidRequest: "请求参数有误",
        .authFailed: "签名验证或权限失败",
        .notFound: "品牌、商品券或批次不存在",
        .other: "被拒绝",
        .serverError: "微信支付服务器错误 — 结果未知，请重发",
        .timeout: "请求超时 — 结果未知，请重发",
        .networkError: "网络错误 — 结果未知，请重发",
        .signatureInvalid: "应答签名无效 — 不可信，结果未知",
        .malformedResponse: "应答格式有误 — 结果未知，请重发",
    ]
}

/// A pre-send field's label: the API name (what WeChat Pay's documents and errors use), and in
/// Chinese the support desk's word beside it.
public enum FieldLabel: String, TextCatalogue {
    case brandID = "brand_id"
    case productCouponID = "product_coupon_id"
    case stockID = "stock_id"
    case appid
    case openid
    case couponCode = "coupon_code"
    case attach
    case sendRequestNo = "send_request_no"

    public static let english: [Self: String] = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.rawValue) })
    public static let chinese: [Self: String] = [
        .brandID: "品牌 brand_id", .productCouponID: "商品券 product_coupon_id", .stockID: "批次 stock_id",
        .appid: "AppID appid", .openid: "用户 openid", .couponCode: "券码 coupon_code", .attach: "附加信息 attach",
        .sendRequestNo: "发券单号 send_request_no",
    ]
}

/// A field's rule in words (PROTOCOL §1), keyed by the field's API name.
public enum FieldRule: String, TextCatalogue {
    case sendRequestNo = "send_request_no"
    case couponCode = "coupon_code"
    case attach
    case identifier

    public static let english: [Self: String] = [
        .sendRequestNo: "6–40 characters of 0-9 A-Z a-z _ -",
        .couponCode: "optional; at most 40 characters of 0-9 A-Z a-z _ -",
        .attach: "optional; at most 150 characters",
        .identifier: "required; 1–128 printable ASCII characters, no spaces",
    ]
    public static let chinese: [Self: String] = [
        .sendRequestNo: "6–40 个字符，只能是 0-9 A-Z a-z _ -",
        .couponCode: "选填；最多 40 个字符，只能是 0-9 A-Z a-z _ -",
        .attach: "选填；最多 150 个字符",
        .identifier: "必填；1–128 个可打印 ASCII 字符，不含空格",
    ]
}

/// What is wrong with a field's value, keyed by `FieldProblem.Kind`'s raw value.
public enum FieldProblemText: String, TextCatalogue {
    case notUTF8 = "not_utf8"
    case required
    case requiredWithRule = "required_with_rule"
    case outsideCharacterSet = "outside_character_set"
    case length
    case controlCharacters = "control_characters"
    case notPrintableASCII = "not_printable_ascii"
    case dotSegment = "dot_segment"

    public static let english: [Self: String] = [
        .notUTF8: "{field}: holds �, the mark of a byte that was not UTF-8 text; remove it",
        .required: "{field}: required",
        .requiredWithRule: "{field}: required; {rule}",
        .outsideCharacterSet: "{field}: {rule}, got a character outside that set",
        .length: "{field}: {rule}, got {count}",
        .controlCharacters: "{field}: control characters are not allowed",
        .notPrintableASCII: "{field}: {rule}, got a space, control or non-ASCII character",
        .dotSegment: "{field}: {rule}, and not \"{value}\"",
    ]
    public static let chinese: [Self: String] = [
        .notUTF8: "{field}：含有 �（不是 UTF-8 文本的字节），请删除",
        .required: "{field}：必填",
        .requiredWithRule: "{field}：必填；{rule}",
        .outsideCharacterSet: "{field}：{rule}，含有范围外的字符",
        .length: "{field}：{rule}，现为 {count} 个",
        .controlCharacters: "{field}：不能含控制字符",
        .notPrintableASCII: "{field}：{rule}，含有空格、控制字符或非 ASCII 字符",
        .dotSegment: "{field}：{rule}，且不能是 \"{value}\"",
    ]
}

/// A coupon's state (PROTOCOL §8) in words, keyed by the state's raw value.
public enum CouponStateText: String, TextCatalogue {
    case confirming = "CONFIRMING", pending = "PENDING", effective = "EFFECTIVE", used = "USED"
    case expired = "EXPIRED", deleted = "DELETED", deactivated = "DEACTIVATED"
    case unrecognised, none

    public static let english: [Self: String] = [
        .confirming: "claimed, not confirmed: the user sees it but cannot use it", .pending: "not yet in effect",
        .effective: "usable", .used: "used", .expired: "expired", .deleted: "deleted by the user",
        .deactivated: "deactivated by the brand", .unrecognised: "a state this build does not know", .none: "no state given",
    ]
    public static let chinese: [Self: String] = [
        .confirming: "已领取、未确认：用户能看到，但还不能使用", .pending: "尚未生效",
        .effective: "可使用", .used: "已核销", .expired: "已过期", .deleted: "用户已删除",
        .deactivated: "品牌已失效处理", .unrecognised: "本版本不认识的状态", .none: "未给出状态",
    ]
}

/// The two flavors (PROTOCOL §7) and how a caller is named, keyed by the flavor's config value.
public enum FlavorText: String, TextCatalogue {
    case partner, brand
    case partnerCaller = "partner_caller", brandCaller = "brand_caller"

    public static let english: [Self: String] = [
        .partner: "partner", .brand: "brand-direct", .partnerCaller: "mchid {id}", .brandCaller: "brand {id}",
    ]
    public static let chinese: [Self: String] = [
        .partner: "服务商", .brand: "品牌直连", .partnerCaller: "商户号 mchid {id}", .brandCaller: "品牌 brand_id {id}",
    ]
}

// MARK: Machine values by their raw strings

extension Texts {
    /// An outcome (`issued`, …) in words; an unknown raw value is shown as it is.
    public func outcome(_ raw: String) -> String { OutcomeName(rawValue: raw).map { self($0) } ?? raw }
    /// An error category's reason; an unknown raw value is shown as it is.
    public func category(_ raw: String) -> String { CategoryText(rawValue: raw).map { self($0) } ?? raw }
    /// A pre-send field's label (`brand_id`; `品牌 brand_id`).
    public func fieldLabel(_ raw: String) -> String { FieldLabel(rawValue: raw).map { self($0) } ?? raw }
    /// A pre-send field's rule: its own, or the identifiers' one.
    public func fieldRule(_ raw: String) -> String { self(FieldRule(rawValue: raw) ?? .identifier) }
    /// A field problem: `kind` is `FieldProblem.Kind`'s raw value, `field` the field's API name.
    public func fieldProblem(kind: String, field: String, count: Int?, value: String) -> String {
        guard let key = FieldProblemText(rawValue: kind) else { return "\(field): \(kind)" }
        return self(key, ["field": fieldLabel(field), "rule": fieldRule(field), "count": count.map(String.init) ?? "",
                          "value": value])
    }
    /// What a coupon state means (nil: none given).
    public func couponState(_ raw: String?) -> String {
        guard let raw else { return self(CouponStateText.none) }
        return self(CouponStateText(rawValue: raw) ?? .unrecognised)
    }
    /// A flavor's name by its config value (`partner`, `brand`).
    public func flavor(_ raw: String) -> String { FlavorText(rawValue: raw).map { self($0) } ?? raw }
    /// The caller of a flavor: `mchid 1900000001`, `brand 120344`.
    public func caller(flavor raw: String, id: String) -> String {
        self(raw == FlavorText.brand.rawValue ? FlavorText.brandCaller : .partnerCaller, ["id": id])
    }
}

/// Why a send is not resent as is (`SendPolicy.ResendRefusal`), shared by the console and `resend`.
public enum PolicyText: String, TextCatalogue {
    case otherMode, alreadyIssued, definitelyRefused, sendingElsewhere, process

    public static let english: [Self: String] = [
        .otherMode: "it was sent in {recorded} mode but this is {current} mode; resend it where it was sent",
        .alreadyIssued: "it was already issued (token {token}, Request-ID {requestID}); nothing to resolve",
        .definitelyRefused: "WeChat Pay definitely refused it ({category}: {reason}); sending it again as is will not help — fix the cause and send it with a new send_request_no",
        .sendingElsewhere: "it is being sent right now by {process} (since {since}); wait for its result",
        .process: "pid {pid} on {host}",
    ]
    public static let chinese: [Self: String] = [
        .otherMode: "它是在 {recorded} 模式下发送的，而当前是 {current} 模式；请在原来的地方重发",
        .alreadyIssued: "它已发放成功（token {token}，Request-ID {requestID}）；无需处理",
        .definitelyRefused: "微信支付已明确拒绝（{category}：{reason}）；原样再发也没用 — 请先排除原因，再用新的 send_request_no 发送",
        .sendingElsewhere: "{process} 正在发送它（自 {since} 起）；请等待结果",
        .process: "{host} 上的进程 pid {pid}",
    ]
}

/// The core's errors shown to a person: the config's problems (their frame: which file, which key; a
/// value's reason stays as the core words it) and a look-up's failure.
public enum CoreErrorText: String, TextCatalogue {
    case configNoConfig, configNotFound, configUnreadable, configNotJSON, configUnknownKey, configDidYouMean
    case configMissingKey, configMissingKeyBecause, configWrongType, configInvalidValue, configKeyFile
    case numericCode, requestID, noResponse

    public static let english: [Self: String] = [
        .configNoConfig: "no config file: pass --config FILE, set COUPONDESK_CONFIG, or create {path} (see README, Configuration)",
        .configNotFound: "config {path}: file not found",
        .configUnreadable: "config {path}: cannot read ({reason})",
        .configNotJSON: "config {path}: not a JSON object ({detail})",
        .configUnknownKey: "config {path}: unknown key \"{key}\"{suggestion}; remove or rename it",
        .configDidYouMean: " (did you mean \"{key}\"?)",
        .configMissingKey: "config {path}: missing required key \"{key}\"",
        .configMissingKeyBecause: "config {path}: missing required key \"{key}\": {reason}",
        .configWrongType: "config {path}: \"{key}\" must be {expected}",
        .configInvalidValue: "config {path}: \"{key}\": {reason}",
        .configKeyFile: "config {key}: {problem}",
        .numericCode: "code {code}",
        .requestID: "Request-ID {id}",
        .noResponse: "none (no response)",
    ]
    public static let chinese: [Self: String] = [
        .configNoConfig: "没有配置文件：请用 --config FILE 指定、设置 COUPONDESK_CONFIG，或创建 {path}（见 README 的 Configuration 一节）",
        .configNotFound: "配置 {path}：文件不存在",
        .configUnreadable: "配置 {path}：无法读取（{reason}）",
        .configNotJSON: "配置 {path}：不是 JSON 对象（{detail}）",
        .configUnknownKey: "配置 {path}：未知的键 \"{key}\"{suggestion}；请删除或改名",
        .configDidYouMean: "（是否想写 \"{key}\"？）",
        .configMissingKey: "配置 {path}：缺少必填的键 \"{key}\"",
        .configMissingKeyBecause: "配置 {path}：缺少必填的键 \"{key}\"：{reason}",
        .configWrongType: "配置 {path}：\"{key}\" 必须是 {expected}",
        .configInvalidValue: "配置 {path}：\"{key}\"：{reason}",
        .configKeyFile: "配置 {key}：{problem}",
        .numericCode: "错误码 {code}",
        .requestID: "Request-ID {id}",
        .noResponse: "无（没有应答）",
    ]
}

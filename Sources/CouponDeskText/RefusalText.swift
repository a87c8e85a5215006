/// Why the core sent (or confirmed) nothing: `SendRefusal`, `ConfirmRefusal` and what they carry —
/// a number reused for other data, a send in flight in another process, the history log or the
/// signature failing. Users must never be left guessing whether a user got a coupon, so these are as
/// plain in Chinese as in English.
public enum RefusalText: String, TextCatalogue {
    case notSent, notConfirmed
    case journalUnavailable, signingFailed, notTheCaller
    case numberInUse, earlierIssued, earlierRejected, earlierUnknown, earlierUnresolved, earlierPending
    case sendOfOtherFlavor, unknownFlavor, matchingFlavor
    case confirmNumberInUse, confirmOfOtherFlavor, confirmingElsewhere

    public static let english: [Self: String] = [
        .notSent: "not sent: {why}",
        .notConfirmed: "not confirmed: {why}",
        .journalUnavailable: "the history log cannot be written ({problem})",
        .signingFailed: "the request could not be signed ({problem})",
        .notTheCaller: "brand_id: in the {flavor} flavor the brand is the caller ({caller} in the config), got {got}",
        .numberInUse: "send_request_no {number} already belongs to the send of {time} to openid {openid}, stock {stock} ({state}) with different data; use a new send_request_no for this request",
        .earlierIssued: "issued, token {token}",
        .earlierRejected: "rejected: {category}",
        .earlierUnknown: "outcome unknown: {category} — resend it unchanged to resolve it",
        .earlierUnresolved: "unresolved",
        .earlierPending: "interrupted or still being sent — outcome unknown",
        .sendOfOtherFlavor: "send_request_no {number} belongs to an unresolved send of {time} made in the {flavor} flavor; resolve it with a {sameFlavor} config, or use a new number",
        .unknownFlavor: "unknown",
        .matchingFlavor: "matching",
        .confirmNumberInUse: "out_request_no {number} already belongs to the confirm of {time} of coupon {coupon} (openid {openid}) with different data; use a new out_request_no",
        .confirmOfOtherFlavor: "out_request_no {number} belongs to an unresolved confirm made in the {flavor} flavor; resolve it with a config of that flavor",
        .confirmingElsewhere: "it is being confirmed right now by {process} (since {since}); wait for its result",
    ]
    public static let chinese: [Self: String] = [
        .notSent: "未发送：{why}",
        .notConfirmed: "未确认：{why}",
        .journalUnavailable: "发券记录无法写入（{problem}）",
        .signingFailed: "请求无法签名（{problem}）",
        .notTheCaller: "brand_id：{flavor}模式下调用方就是品牌（配置中为 {caller}），而请求中为 {got}",
        .numberInUse: "send_request_no {number} 已属于 {time} 发给用户 openid {openid}、批次 {stock} 的另一笔发券（{state}），数据不同；请为本次请求换一个新的 send_request_no",
        .earlierIssued: "已发放，token {token}",
        .earlierRejected: "被拒绝：{category}",
        .earlierUnknown: "结果未知：{category} — 原样重发即可确定结果",
        .earlierUnresolved: "未确定",
        .earlierPending: "已中断或仍在发送 — 结果未知",
        .sendOfOtherFlavor: "send_request_no {number} 属于 {time} 以{flavor}模式发出、结果未定的一笔发券；请用{sameFlavor}模式的配置确定其结果，或换一个新单号",
        .unknownFlavor: "未知",
        .matchingFlavor: "相同",
        .confirmNumberInUse: "out_request_no {number} 已属于 {time} 对券 {coupon}（openid {openid}）的另一笔确认，数据不同；请换一个新的 out_request_no",
        .confirmOfOtherFlavor: "out_request_no {number} 属于以{flavor}模式发出、结果未定的一笔确认；请用该模式的配置确定其结果",
        .confirmingElsewhere: "{process} 正在确认它（自 {since} 起）；请等待结果",
    ]
}

/// Why a look-up (or a confirm's fields) was not sent, as the core words it in `LookupFailure` and
/// `RequestProblem.rule`; matched by `Texts.reword`.
public enum LookupRuleText: String, TextCatalogue {
    case notSent, notSigned, required, printable, tooLong, dotSegment, pageSize

    public static let english: [Self: String] = [
        .notSent: "not sent: {why}",
        .notSigned: "not sent: the request could not be signed ({problem})",
        .required: "{field}: required",
        .printable: "{field}: 1–128 printable ASCII characters, got a space, control or non-ASCII character",
        .tooLong: "{field}: at most {max} characters, got {count}",
        .dotSegment: "{field}: not \"{value}\"",
        .pageSize: "page_size: at least 1",
    ]
    public static let chinese: [Self: String] = [
        .notSent: "未发送：{why}",
        .notSigned: "未发送：请求无法签名（{problem}）",
        .required: "{field}：必填",
        .printable: "{field}：1–128 个可打印 ASCII 字符，含有空格、控制字符或非 ASCII 字符",
        .tooLong: "{field}：最多 {max} 个字符，现为 {count} 个",
        .dotSegment: "{field}：不能是 \"{value}\"",
        .pageSize: "page_size：至少为 1",
    ]
}

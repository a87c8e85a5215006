/// The details of an attempt that got no usable answer, as the core writes them into a record's
/// error message (English in the log, a machine interface) — the network's failures (libcurl, the
/// in-process sandbox) and the answers that could not be used. Shown in a person's language with
/// `Texts.reword`; WeChat Pay's own messages match none of these and stay as WeChat Pay wrote them.
public enum NetworkText: String, TextCatalogue {
    case connectTimeout, responseTimeout, refused, cannotResolve, tlsFailed, closedWithoutResponse, connectionLost
    case libcurl, libcurlCouldNotStart, cancelled, tooLarge, bodyTooLarge
    case sandboxTimeout, sandboxClosed, sandboxCancelled
    case notJSONObject, noToken, notErrorObject
    case laterRateLimited, laterRefused
    // A response whose signature was not accepted (ResponseVerifier's reasons).
    case notTrusted, errorNotTrusted, verifyMissingHeader, verifyUnsupportedType, verifyBadTimestamp
    case verifyAhead, verifyBehind, verifyUnknownSerial, verifyNotBase64, verifyMismatch
    case sendInterrupted, sendEndedUnknown, confirmInterrupted, confirmEndedUnknown
    // What `doctor`'s connection probe found.
    case probeDNSTimeout, probeCannotResolve, probeTCPTimeout, probeCouldNotConnect, probeTLSTimeout, probeTLSFailed
    case probeHTTPTimeout, probeHTTPClosed, probeHTTPFailed

    public static let english: [Self: String] = [
        .notTrusted: "not trusted: {detail}",
        .errorNotTrusted: "error response not trusted: {detail}",
        .verifyMissingHeader: "response has no {header} header (a proxy may be stripping Wechatpay-* headers)",
        .verifyUnsupportedType: "unsupported Wechatpay-Signature-Type {type}",
        .verifyBadTimestamp: "Wechatpay-Timestamp is not a Unix time: {value}",
        .verifyAhead: "Wechatpay-Timestamp is {seconds} s ahead of this machine's clock (limit 300 s)",
        .verifyBehind: "Wechatpay-Timestamp is {seconds} s behind this machine's clock (limit 300 s)",
        .verifyUnknownSerial: "Wechatpay-Serial {serial} matches no configured WeChat Pay public key or platform certificate",
        .verifyNotBase64: "Wechatpay-Signature is not Base64",
        .verifyMismatch: "Wechatpay-Signature does not verify over the response body",
        .connectTimeout: "timed out: could not connect to {host} within {duration}",
        .responseTimeout: "timed out: no complete response within {duration}",
        .refused: "could not connect to {host} (connection refused)",
        .cannotResolve: "cannot resolve {host}",
        .tlsFailed: "TLS connection to {host} failed (certificate or handshake)",
        .closedWithoutResponse: "{host} closed the connection without a complete HTTP response",
        .connectionLost: "connection to {host} lost before a complete response",
        .libcurl: "{message} (libcurl error {code})",
        .libcurlCouldNotStart: "libcurl could not start",
        .cancelled: "cancelled",
        .tooLarge: "response larger than {bytes} bytes",
        .bodyTooLarge: "response body larger than {bytes} bytes",
        .sandboxTimeout: "timed out: no response from the sandbox within {seconds} s",
        .sandboxClosed: "the sandbox closed the connection without a response",
        .sandboxCancelled: "cancelled while waiting for the sandbox",
        .notJSONObject: "the body is not a JSON object",
        .noToken: "no usable token in the body",
        .notErrorObject: "the body is not a WeChat Pay error object",
        .laterRateLimited: "{earlier}; a later attempt was rate limited (HTTP {status})",
        .laterRefused: "{earlier}; a later attempt was refused as {category} (HTTP {status})",
        .sendInterrupted: "the send at {time} was interrupted before its result was recorded",
        .sendEndedUnknown: "the send at {time} ended unknown ({earlier})",
        .confirmInterrupted: "the confirm at {time} was interrupted before its result was recorded",
        .confirmEndedUnknown: "the confirm at {time} ended unknown ({earlier})",
        .probeDNSTimeout: "the name {host} did not resolve within {duration}",
        .probeCannotResolve: "cannot resolve {host} ({said})",
        .probeTCPTimeout: "no TCP connection to {host} within {duration} (no answer to the connection request)",
        .probeCouldNotConnect: "could not connect to {host} ({said})",
        .probeTLSTimeout: "the TLS handshake with {host} did not finish within {duration}",
        .probeTLSFailed: "TLS with {host} failed ({said})",
        .probeHTTPTimeout: "connected, but no HTTP answer within {duration}",
        .probeHTTPClosed: "connected, but {host} closed the connection without an HTTP answer",
        .probeHTTPFailed: "connected, but the HTTP exchange failed ({said})",
    ]
    public static let chinese: [Self: String] = [
        .notTrusted: "应答不可信：{detail}",
        .errorNotTrusted: "错误应答不可信：{detail}",
        .verifyMissingHeader: "应答没有 {header} 头（可能有代理去掉了 Wechatpay-* 头）",
        .verifyUnsupportedType: "不支持的 Wechatpay-Signature-Type {type}",
        .verifyBadTimestamp: "Wechatpay-Timestamp 不是 Unix 时间：{value}",
        .verifyAhead: "Wechatpay-Timestamp 比本机时钟快 {seconds} 秒（上限 300 秒）",
        .verifyBehind: "Wechatpay-Timestamp 比本机时钟慢 {seconds} 秒（上限 300 秒）",
        .verifyUnknownSerial: "Wechatpay-Serial {serial} 与配置的微信支付公钥或平台证书都不匹配",
        .verifyNotBase64: "Wechatpay-Signature 不是 Base64",
        .verifyMismatch: "Wechatpay-Signature 对应答正文验签不通过",
        .connectTimeout: "超时：{duration} 内未能连接到 {host}",
        .responseTimeout: "超时：{duration} 内未收到完整应答",
        .refused: "无法连接到 {host}（连接被拒绝）",
        .cannotResolve: "无法解析域名 {host}",
        .tlsFailed: "与 {host} 的 TLS 连接失败（证书或握手）",
        .closedWithoutResponse: "{host} 关闭了连接，未返回完整的 HTTP 应答",
        .connectionLost: "与 {host} 的连接在收到完整应答前中断",
        .libcurl: "{message}（libcurl 错误 {code}）",
        .libcurlCouldNotStart: "libcurl 无法启动",
        .cancelled: "已取消",
        .tooLarge: "应答超过 {bytes} 字节",
        .bodyTooLarge: "应答正文超过 {bytes} 字节",
        .sandboxTimeout: "超时：沙箱在 {seconds} 秒内没有应答",
        .sandboxClosed: "沙箱关闭了连接，没有应答",
        .sandboxCancelled: "等待沙箱时已取消",
        .notJSONObject: "应答正文不是 JSON 对象",
        .noToken: "应答正文中没有可用的 token",
        .notErrorObject: "应答正文不是微信支付的错误对象",
        .laterRateLimited: "{earlier}；之后的一次尝试因请求过于频繁被拒（HTTP {status}）",
        .laterRefused: "{earlier}；之后的一次尝试被拒，类别 {category}（HTTP {status}）",
        .sendInterrupted: "{time} 的发券在记录结果之前中断",
        .sendEndedUnknown: "{time} 的发券结果未知（{earlier}）",
        .confirmInterrupted: "{time} 的确认在记录结果之前中断",
        .confirmEndedUnknown: "{time} 的确认结果未知（{earlier}）",
        .probeDNSTimeout: "域名 {host} 在 {duration} 内未能解析",
        .probeCannotResolve: "无法解析域名 {host}（{said}）",
        .probeTCPTimeout: "{duration} 内未能与 {host} 建立 TCP 连接（连接请求没有回应）",
        .probeCouldNotConnect: "无法连接到 {host}（{said}）",
        .probeTLSTimeout: "与 {host} 的 TLS 握手在 {duration} 内未完成",
        .probeTLSFailed: "与 {host} 的 TLS 失败（{said}）",
        .probeHTTPTimeout: "已连接，但 {duration} 内没有 HTTP 应答",
        .probeHTTPClosed: "已连接，但 {host} 关闭了连接，没有 HTTP 应答",
        .probeHTTPFailed: "已连接，但 HTTP 交换失败（{said}）",
    ]
}

extension Texts {
    /// A record's error message in this language when the core wrote it (a network failure, an
    /// unusable answer); WeChat Pay's own message as it is.
    public func errorMessage(_ message: String) -> String { reword(message, NetworkText.self) }
}

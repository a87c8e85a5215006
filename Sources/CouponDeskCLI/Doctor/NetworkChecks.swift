import CouponDeskText
import Foundation
import WeChatPayCore

/// Reaching the `base_url` host — DNS, TCP, TLS (https only), an HTTP answer, each with its time — and
/// this machine's clock against the server's `Date` header: WeChat Pay refuses a request whose
/// timestamp is 300 s or more away from its own clock (PROTOCOL §3), and coupondesk refuses such answers.
enum NetworkChecks {
    /// Skew at which the clock line warns, and at which it fails (WeChat Pay's limit).
    static let warnSkewSeconds = 60.0
    static let failSkewSeconds = Double(ResponseVerifier.maxSkewSeconds)

    /// What the probe GETs: the base URL with `/` — it asks nothing of the API, any answer will do.
    static func probeURL(_ base: URL) -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false) else { return base }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path + "/"
        return components.url ?? base
    }

    static func connection(_ result: ConnectionProbeResult, url: URL) -> [Diagnosis] {
        let host = url.host ?? "?"
        let https = url.scheme?.lowercased() == "https"
        let loopback = ConfigLocation.isLoopback(host: host)
        let failed = result.failure
        var lines: [Diagnosis] = []
        func timing(_ seconds: Double?) -> [String: DiagnosisDetail] { seconds.map { ["ms": .number(milliseconds($0))] } ?? [:] }

        if let failed, failed.stage == .dns {
            lines.append(.failure(.dns, .rendered { [message = failed.message] in $0.errorMessage(message) }, advice: Words(.dnsAdvice)))
        } else if isAddress(host) {
            lines.append(.ok(.dns, Words(.dnsIsAddress, ["host": v(host)]), details: timing(result.dnsSeconds)))
        } else {
            lines.append(.ok(.dns, Words(.dnsResolved, ["host": v(host), "address": v(result.address ?? "?"), "time": v(shown(result.dnsSeconds))]),
                             details: timing(result.dnsSeconds)))
        }

        let target = "\(result.address ?? host):\(result.port.map(String.init) ?? "?")"
        if !result.reached(.tcp) && failed?.stage != .tcp {
            lines.append(.skipped(.tcp, Words(.tcpNotTried)))
        } else if let failed, failed.stage == .tcp {
            lines.append(.failure(.tcp, .rendered { [message = failed.message] in $0.errorMessage(message) },
                                  advice: loopback ? Words(.tcpLoopbackAdvice) : Words(.tcpAdvice, ["host": v(host), "port": v(url.port ?? 443)])))
        } else {
            lines.append(.ok(.tcp, Words(.tcpConnected, ["target": v(target), "time": v(shown(result.tcpSeconds))]), details: timing(result.tcpSeconds)))
        }

        if https {
            if let failed, failed.stage == .tls {
                lines.append(.failure(.tls, .rendered { [message = failed.message] in $0.errorMessage(message) }, advice: Words(.tlsAdvice)))
            } else if !result.reached(.tls) {
                lines.append(.skipped(.tls, Words(.tlsNotTried)))
            } else {
                lines.append(.ok(.tls, Words(.tlsHandshake, ["host": v(host), "time": v(shown(result.tlsSeconds))]), details: timing(result.tlsSeconds)))
            }
        }

        if let failed, failed.stage == .http {
            lines.append(.failure(.http, .rendered { [message = failed.message] in $0.errorMessage(message) },
                                  advice: loopback ? Words(.httpLoopbackAdvice, ["target": v(target)]) : Words(.httpAdvice, ["host": v(host)])))
        } else if !result.reached(.http) {
            lines.append(.skipped(.http, Words(.httpNotTried)))
        } else {
            let status = result.response.map { v("HTTP \($0.status)") } ?? Words(.anAnswer)
            lines.append(.ok(.http, Words(.httpAnswered, ["status": status, "time": v(shown(result.answerSeconds)),
                                                         "path": v(url.path.isEmpty ? "/" : url.path)]),
                             details: timing(result.answerSeconds)))
        }
        return lines
    }

    /// This machine's clock against the server's, read from the answer's `Date` header (else its
    /// `Wechatpay-Timestamp`), taken when the answer arrived.
    static func clock(_ result: ConnectionProbeResult, now: Date) -> Diagnosis {
        guard let response = result.response else {
            return .skipped(.clock, Words(.clockNoAnswer))
        }
        let server: Date, source: Words
        if let text = response.header("Date"), let date = httpDate(text) {
            server = date; source = Words(.dateHeader)
        } else if let text = response.header("Wechatpay-Timestamp"), let seconds = Double(text) {
            server = Date(timeIntervalSince1970: seconds); source = v("Wechatpay-Timestamp")
        } else {
            return .skipped(.clock, Words(.clockNoDate))
        }
        // The header has whole seconds: the offset is known to ±1 s, far below the limits.
        let skew = (now.timeIntervalSince(server)).rounded()
        let size = Int(abs(skew))
        let skewWords: [String: Words] = ["seconds": v(size), "source": source]
        let details: [String: DiagnosisDetail] = ["skew_seconds": .number(skew)]
        let sync = Words(.clockSync)
        if abs(skew) >= failSkewSeconds {
            return .failure(.clock, Words(skew > 0 ? .clockAheadFail : .clockBehindFail, skewWords), advice: sync, details: details)
        }
        if abs(skew) > warnSkewSeconds {
            return .warning(.clock, Words(skew > 0 ? .clockAheadWarn : .clockBehindWarn, skewWords), advice: sync, details: details)
        }
        return .ok(.clock, Words(size == 0 ? .clockAgrees : .clockWithin, skewWords), details: details)
    }

    /// An RFC 7231 date (`Tue, 02 Dec 2026 12:00:00 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }

    static func isAddress(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1
    }

    static func milliseconds(_ seconds: Double) -> Double { (seconds * 10_000).rounded() / 10 }

    /// `0.4 ms`, `12 ms`, `1.3 s`.
    static func shown(_ seconds: Double?) -> String {
        guard let seconds else { return "?" }
        if seconds >= 1 { return String(format: "%.1f s", seconds) }
        let ms = seconds * 1000
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }
}

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
            lines.append(.failure(.dns, failed.message,
                                  advice: "check the host of base_url (WeChat Pay: api.mch.weixin.qq.com, backup api2.mch.weixin.qq.com) and this machine's DNS (/etc/resolv.conf, a proxy)"))
        } else if isAddress(host) {
            lines.append(.ok(.dns, "\(host) is an address: nothing to resolve", details: timing(result.dnsSeconds)))
        } else {
            lines.append(.ok(.dns, "\(host) → \(result.address ?? "?") in \(shown(result.dnsSeconds))", details: timing(result.dnsSeconds)))
        }

        let target = "\(result.address ?? host):\(result.port.map(String.init) ?? "?")"
        if !result.reached(.tcp) && failed?.stage != .tcp {
            lines.append(.skipped(.tcp, "not tried: the name did not resolve"))
        } else if let failed, failed.stage == .tcp {
            lines.append(.failure(.tcp, failed.message,
                                  advice: loopback ? "is `coupondesk sandbox serve` (or your test server) running, and is base_url the address it printed?"
                                                   : "check that this machine may open connections to \(host) port \(url.port ?? 443) (firewall, proxy); WeChat Pay's backup host is api2.mch.weixin.qq.com"))
        } else {
            lines.append(.ok(.tcp, "connected to \(target) in \(shown(result.tcpSeconds))", details: timing(result.tcpSeconds)))
        }

        if https {
            if let failed, failed.stage == .tls {
                lines.append(.failure(.tls, failed.message,
                                      advice: "check the system's CA certificates (the ca-certificates package), a proxy that intercepts TLS, and the clock (a certificate looks invalid when it is far off)"))
            } else if !result.reached(.tls) {
                lines.append(.skipped(.tls, "not tried: no TCP connection"))
            } else {
                lines.append(.ok(.tls, "handshake with \(host) in \(shown(result.tlsSeconds)), its certificate verified", details: timing(result.tlsSeconds)))
            }
        }

        if let failed, failed.stage == .http {
            lines.append(.failure(.http, failed.message,
                                  advice: loopback ? "something listens at \(target) but does not answer HTTP: is base_url the address `coupondesk sandbox serve` printed?"
                                                   : "the host accepts connections but does not answer: check base_url, and any proxy between this machine and \(host)"))
        } else if !result.reached(.http) {
            lines.append(.skipped(.http, "not tried: no connection"))
        } else {
            let status = result.response.map { "HTTP \($0.status)" } ?? "an answer"
            lines.append(.ok(.http, "\(status) in \(shown(result.answerSeconds)) (a plain GET of \(url.path.isEmpty ? "/" : url.path): any answer shows the server is there)",
                             details: timing(result.answerSeconds)))
        }
        return lines
    }

    /// This machine's clock against the server's, read from the answer's `Date` header (else its
    /// `Wechatpay-Timestamp`), taken when the answer arrived.
    static func clock(_ result: ConnectionProbeResult, now: Date) -> Diagnosis {
        guard let response = result.response else {
            return .skipped(.clock, "no answer from the server to read its clock from")
        }
        let server: Date, source: String
        if let text = response.header("Date"), let date = httpDate(text) {
            server = date; source = "Date header"
        } else if let text = response.header("Wechatpay-Timestamp"), let seconds = Double(text) {
            server = Date(timeIntervalSince1970: seconds); source = "Wechatpay-Timestamp"
        } else {
            return .skipped(.clock, "the server's answer carries no Date header to compare with")
        }
        // The header has whole seconds: the offset is known to ±1 s, far below the limits.
        let skew = (now.timeIntervalSince(server)).rounded()
        let size = Int(abs(skew))
        let direction = skew > 0 ? "ahead of" : "behind"
        let details: [String: DiagnosisDetail] = ["skew_seconds": .number(skew)]
        let sync = "turn on time synchronisation (timedatectl set-ntp true, or chrony / ntpd)"
        if abs(skew) >= failSkewSeconds {
            return .failure(.clock, "this machine's clock is \(size) s \(direction) the server's (\(source)): WeChat Pay refuses every request from 300 s on, and coupondesk every answer",
                            advice: sync, details: details)
        }
        if abs(skew) > warnSkewSeconds {
            return .warning(.clock, "this machine's clock is \(size) s \(direction) the server's (\(source)); WeChat Pay refuses requests from 300 s on",
                            advice: sync, details: details)
        }
        return .ok(.clock, size == 0 ? "agrees with the server's (\(source))" : "within \(size) s of the server's (\(source))", details: details)
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

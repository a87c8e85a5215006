import CouponDeskTestSupport
import Foundation
import WeChatPayCore
@testable import CouponDeskCLI

/// A probe that answers what the test says, and remembers the URL it was asked for.
final class FakeProbe: ConnectionProbing, @unchecked Sendable {
    let result: ConnectionProbeResult
    private let lock = NSLock()
    private var asked: [URL] = []

    init(_ result: ConnectionProbeResult) { self.result = result }

    func probe(_ url: URL) async -> ConnectionProbeResult {
        lock.withLock { asked.append(url) }
        return result
    }

    var urls: [URL] { lock.withLock { asked } }

    /// A healthy https exchange: resolved, connected, TLS, HTTP 404 with a Date header of `serverTime`.
    static func healthy(serverTime: Date = Date()) -> FakeProbe {
        FakeProbe(ConnectionProbeResult(address: "101.226.103.0", port: 443, dnsSeconds: 0.012, tcpSeconds: 0.020,
                                        tlsSeconds: 0.045, answerSeconds: 0.090,
                                        response: HTTPResponse(status: 404, headers: ["Date": httpDate(serverTime)], body: Data())))
    }

    static func failing(at stage: ConnectionProbeResult.Stage, _ message: String) -> FakeProbe {
        var result = ConnectionProbeResult(address: stage == .dns ? nil : "101.226.103.0", port: 443)
        if stage != .dns { result.dnsSeconds = 0.01 }
        if stage == .tls || stage == .http { result.tcpSeconds = 0.02 }
        if stage == .http { result.tlsSeconds = 0.04 }
        result.failure = .init(stage: stage, message: message)
        return FakeProbe(result)
    }
}

/// `text` as a URL, or an error naming it.
func link(_ text: String) throws -> URL {
    guard let url = URL(string: text) else { throw FixtureError(message: "not a URL: \(text)") }
    return url
}

func httpDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
}

/// "WeChat Pay" as a transport: answers every request with the status and body the test gives,
/// signed (PROTOCOL §3) with `signingKey` under `serial`, or unsigned; and keeps the requests.
final class FakeWeChatPay: Transport, @unchecked Sendable {
    var status = 200
    var body = Data(#"{"stock_id":"1000000013001","state":"SENDING"}"#.utf8)
    /// nil: the answer carries no Wechatpay-* headers.
    var signingKey: RSAPrivateKey?
    var serial = DoctorFixture.publicKeyID
    var failure: TransportError?
    private let lock = NSLock()
    private var received: [HTTPRequest] = []

    init(signingKeyFile: String?) throws {
        signingKey = try signingKeyFile.map { try RSAPrivateKey(file: $0) }
    }

    var requests: [HTTPRequest] { lock.withLock { received } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        lock.withLock { received.append(request) }
        if let failure { throw failure }
        var headers = ["Content-Type": "application/json", "Request-ID": "08F1A2B3C4D5-\(status < 300 ? 0 : 268579401)"]
        if let signingKey {
            let timestamp = String(Int64(Date().timeIntervalSince1970)), nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
            let signature = (try? signingKey.sign(SignatureMessage.response(timestamp: timestamp, nonce: nonce, body: body))) ?? Data()
            headers["Wechatpay-Serial"] = serial
            headers["Wechatpay-Timestamp"] = timestamp
            headers["Wechatpay-Nonce"] = nonce
            headers["Wechatpay-Signature"] = signature.base64EncodedString()
            headers["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048"
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// "WeChat Pay" signing with its own key (the fixture's pub_key.pem is its public half).
    static func signing(_ fixture: DoctorFixture) throws -> FakeWeChatPay {
        try FakeWeChatPay(signingKeyFile: try DoctorKeyFiles.shared.get().folder + "/wechatpay_key.pem")
    }
}

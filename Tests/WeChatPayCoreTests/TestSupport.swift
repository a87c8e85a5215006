import CouponDeskTestSupport
import Foundation
@testable import WeChatPayCore

/// Keys and fakes shared by the client tests. The "WeChat Pay" key signs fake responses the way the
/// service does (PROTOCOL §3); the merchant key is the published vector's (`SigningVectorFixture`).
/// Nothing here traps: a missing fixture or a failed key generation fails the test that asked for the key.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_764_300_000)
    static let publicKeyID = "PUB_KEY_ID_0112345678901234567890"
    private static let generatedWechatpayKey = Result { try RSAPrivateKey.generate() }
    private static let vectorMerchantKey = Result { try RSAPrivateKey(file: SigningVectorFixture.privateKeyPath()) }
    static var wechatpayKey: RSAPrivateKey { get throws { try generatedWechatpayKey.get() } }
    static var merchantKey: RSAPrivateKey { get throws { try vectorMerchantKey.get() } }

    static func signer(clock: any Clock = FixedClock(now)) throws -> RequestSigner {
        RequestSigner(mchid: "1900000001", serialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                      privateKey: try merchantKey, clock: clock)
    }

    static func verifier(clock: any Clock = FixedClock(now)) throws -> ResponseVerifier {
        ResponseVerifier(publicKeyID: publicKeyID, publicKey: try wechatpayKey.publicKey, clock: clock)
    }

    static func configuration(retry: RetryPolicy = .standard) throws -> ClientConfiguration {
        guard let baseURL = URL(string: "https://api.mch.weixin.qq.com") else { throw URLError(.badURL) }
        return ClientConfiguration(baseURL: baseURL, signer: try signer(), verifier: try verifier(),
                                   wechatpayPublicKeyID: publicKeyID, retryPolicy: retry)
    }

    static let request = PreSendRequest(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", brandID: "120344",
                                        productCouponID: "1000000013", stockID: "1000000013001",
                                        appid: "wx233544546545989", sendRequestNo: "CD20261128_000001")

    /// A response signed like WeChat Pay signs it (timestamp, nonce, signature over the raw body).
    static func signedResponse(status: Int, body: String, requestID: String = "08F0A1B2C3D4-0",
                               timestamp: Date = now, serial: String = publicKeyID,
                               key: RSAPrivateKey? = nil, extraHeaders: [String: String] = [:]) throws -> HTTPResponse {
        let bodyData = Data(body.utf8)
        let ts = String(Int64(timestamp.timeIntervalSince1970))
        let nonce = "n0nce\(Int.random(in: 1000...9999))"
        let signature = try (key ?? wechatpayKey).sign(SignatureMessage.response(timestamp: ts, nonce: nonce, body: bodyData)).base64EncodedString()
        var headers = ["Wechatpay-Timestamp": ts, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
                       "Wechatpay-Serial": serial, "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
                       "Request-ID": requestID, "Content-Type": "application/json"]
        for (k, v) in extraHeaders { headers[k] = v }
        return HTTPResponse(status: status, headers: headers, body: bodyData)
    }

    static func errorBody(_ code: String, _ message: String) -> String {
        // Two strings in an object always serialise; the fallback only keeps this free of a trap.
        let data = (try? JSONSerialization.data(withJSONObject: ["code": code, "message": message])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A transport that answers from a script and remembers every request it was given.
final class ScriptedTransport: Transport, @unchecked Sendable {
    enum Step { case respond(HTTPResponse), fail(TransportError) }
    private let lock = NSLock()
    private var steps: [Step]
    private(set) var requests: [HTTPRequest] = []

    init(_ steps: [Step]) { self.steps = steps }

    var sent: [HTTPRequest] { lock.withLock { requests } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let step: Step = lock.withLock {
            requests.append(request)
            return steps.count > 1 ? steps.removeFirst() : steps[0]
        }
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }
}

/// Records the waits instead of waiting.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Double] = []
    var recorded: [Double] { lock.withLock { waits } }
    func sleep(seconds: Double) async { lock.withLock { waits.append(seconds) } }
}

/// A journal in memory; can be told to fail.
final class MemoryJournal: SendJournal, @unchecked Sendable {
    struct Broken: Error, CustomStringConvertible { var description: String { "disk full" } }
    private let lock = NSLock()
    private var stored: [SendRecord] = []
    let failing: Bool
    init(failing: Bool = false) { self.failing = failing }
    var records: [SendRecord] { lock.withLock { stored } }
    func append(_ record: SendRecord) throws {
        if failing { throw Broken() }
        lock.withLock { stored.append(record) }
    }
    func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] {
        if failing { throw Broken() }
        return records.filter { $0.request.sendRequestNo == sendRequestNo }
    }
}

/// Runs the `openssl` command (the test oracle) to completion: its exit status and stdout.
@discardableResult
func runOpenSSL(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, output: Data) {
    let result = try runChild("openssl", arguments, stdin: stdin)
    return (result.status, result.stdoutData)
}

import CouponDeskTestSupport
import Foundation
@testable import CouponSandbox
import WeChatPayCore

/// A clock tests move by hand.
final class TestClock: WeChatPayCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { lock.lock(); defer { lock.unlock() }; return date }
    func advance(seconds: TimeInterval) { lock.lock(); date += seconds; lock.unlock() }
}

/// 2026-11-28 12:00:00 Asia/Shanghai (04:00 UTC).
let noonInShanghai = Date(timeIntervalSince1970: 1_795_838_400)

/// A sandbox in a temporary directory, an engine on it, and a client that signs like a merchant.
final class SandboxFixture: @unchecked Sendable {
    /// Holds the sandbox's directory; removes it when the fixture goes.
    let folder: TempDir
    let directory: SandboxDirectory
    let configuration: SandboxConfiguration
    let clock: TestClock
    let engine: SandboxEngine

    init(clock: TestClock = TestClock(noonInShanghai),
         customise: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        folder = try TempDir()
        directory = try SandboxDirectory.create(at: folder.file("sandbox"), keys: (TestKeys.merchant, TestKeys.wechatpay),
                                                brandKey: TestKeys.brand, customise: customise)
        configuration = try directory.loadConfiguration()
        self.clock = clock
        engine = try SandboxEngine(directory: directory, clock: clock)
    }

    /// A fresh engine on the same directory, as after a restart.
    func restartedEngine() throws -> SandboxEngine {
        try SandboxEngine(directory: directory, clock: clock)
    }

    var signer: RequestSigner {
        get throws {
            RequestSigner(mchid: configuration.mchid, serialNo: configuration.merchantSerialNo,
                          privateKey: try TestKeys.merchant, clock: clock)
        }
    }

    var verifier: ResponseVerifier {
        get throws {
            ResponseVerifier(publicKeyID: configuration.wechatpayPublicKeyID,
                             publicKey: try TestKeys.wechatpay.publicKey, clock: clock)
        }
    }

    static func body(openid: String = "o-user-1", stockID: String = DemoData.StockID.plenty,
                     sendRequestNo: String = SendRequestNumber.generate(), couponCode: String? = nil,
                     attach: String? = nil, appid: String = DemoData.appid,
                     brandID: String = DemoData.brandID,
                     productCouponID: String = DemoData.productCouponID) -> [String: String] {
        var fields = ["brand_id": brandID, "product_coupon_id": productCouponID, "stock_id": stockID,
                      "appid": appid, "send_request_no": sendRequestNo]
        if let couponCode { fields["coupon_code"] = couponCode }
        if let attach { fields["attach"] = attach }
        return fields
    }

    static func path(openid: String) -> String {
        SandboxEngine.preSendPathPrefix
            + (openid.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/+"))) ?? openid)
            + SandboxEngine.preSendPathSuffix
    }

    /// A correctly signed pre-send request for `fields` (JSON-encoded with sorted keys).
    func request(openid: String = "o-user-1", fields: [String: String],
                 baseURL: String = "http://127.0.0.1") throws -> HTTPRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try signedRequest(path: Self.path(openid: openid), body: try encoder.encode(fields), baseURL: baseURL)
    }

    func signedRequest(method: String = "POST", path: String, body: Data,
                       baseURL: String = "http://127.0.0.1",
                       signer customSigner: RequestSigner? = nil) throws -> HTTPRequest {
        let authorization = try (customSigner ?? signer).authorization(method: method, canonicalURL: path, body: body)
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        return HTTPRequest(method: method, url: url, canonicalURL: path,
                           headers: ["Authorization": authorization.value, "Content-Type": "application/json",
                                     "Accept": "application/json",
                                     "Wechatpay-Serial": configuration.wechatpayPublicKeyID],
                           body: body)
    }

    /// Sends `fields` for `openid` and returns the engine's reply.
    func send(openid: String = "o-user-1", _ fields: [String: String]) throws -> SandboxReply {
        engine.handle(try request(openid: openid, fields: fields))
    }
}

/// The parts of an error body tests look at.
struct ErrorBody: Decodable {
    let code: String
    let message: String
}

extension HTTPResponse {
    var errorBody: ErrorBody? { try? JSONDecoder().decode(ErrorBody.self, from: body) }
    var token: String? { (try? JSONDecoder().decode([String: String].self, from: body))?["token"] }
    /// The numeric code after the last `-` of Request-ID.
    var numericCode: Int? { header("Request-ID").flatMap { $0.split(separator: "-").last.flatMap { Int($0) } } }
}

/// Runs blocking work (file locks, fsync) on a Dispatch thread, so parallel tests never starve the
/// cooperative pool that every test's timing depends on.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}

import CouponDeskTestSupport
import CouponSandbox
import Foundation
import WeChatPayCore

/// Key pairs shared by the served sandboxes of this target (RSA generation is the slow part).
enum ServedSandboxKeys {
    static let keys = Result { (merchant: try RSAPrivateKey.generate(), wechatpay: try RSAPrivateKey.generate(), brand: try RSAPrivateKey.generate()) }
}

/// A sandbox served over real loopback HTTP (libmicrohttpd) in this process, its config.json pointed
/// at it: a command line run in-process talks to it through libcurl, as a script would.
final class ServedSandbox: @unchecked Sendable {
    let dir: TempDir
    let directory: SandboxDirectory
    let engine: SandboxEngine
    let listener: SandboxListener

    init(timeoutSeconds: Double = 5, customise: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        dir = try TempDir()
        let keys = try ServedSandboxKeys.keys.get()
        directory = try SandboxDirectory.create(at: dir.file("sbx"), timeoutSeconds: timeoutSeconds,
                                                keys: (keys.merchant, keys.wechatpay), brandKey: keys.brand) {
            $0.autoClaimSeconds = nil
            customise(&$0)
        }
        engine = try SandboxEngine(directory: directory)
        listener = try SandboxListener(engine: engine)
        try directory.setClientBaseURL(listener.baseURL)
    }

    deinit { listener.stop() }

    var config: String { directory.clientConfigPath }
    var brandConfig: String { directory.brandClientConfigPath }
    var history: String { dir.file() }

    /// `coupondesk ARGUMENTS --config CONFIG --history HISTORY`.
    func run(_ arguments: [String], config: String? = nil) async throws -> CommandLineRun {
        try await CommandLineRun.coupondesk(arguments + ["--config", config ?? self.config, "--history", history])
    }

    /// Pre-sends through the command line; the send must be issued.
    @discardableResult
    func send(openid: String, number: String = SendRequestNumber.generate(), stock: String = DemoData.StockID.plenty) async throws -> String {
        let run = try await self.run(["send", "--openid", openid, "--brand-id", DemoData.brandID, "--product-coupon-id", DemoData.productCouponID,
                                      "--stock-id", stock, "--appid", DemoData.appid, "--send-request-no", number])
        guard run.status == 0 else { throw SendFailed(stderr: run.stderr + run.stdout) }
        return number
    }

    /// `coupondesk sandbox claim DIR NUMBER`.
    func claim(_ number: String) async throws -> CommandLineRun {
        try await CommandLineRun.coupondesk(["sandbox", "claim", directory.path, number])
    }

    func exchanges(_ call: SandboxCall) -> [SandboxExchange] { engine.exchanges().filter { $0.call == call } }

    struct SendFailed: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "the send was not issued: \(stderr)" }
    }
}

/// One JSON object of a line of output.
func jsonObject(_ text: Substring) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw CocoaError(.coderReadCorrupt)
    }
    return object
}

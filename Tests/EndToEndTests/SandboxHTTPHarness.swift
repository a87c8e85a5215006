import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import WeChatPayCore

/// The whole chain over real HTTP: a sandbox directory made by `SandboxDirectory.create` (what
/// `sandbox init` does), its engine behind the libmicrohttpd listener on a free loopback port, and the
/// client built from the sandbox's own `config.json` by the ordinary config loader — PreSendClient with
/// CurlTransport and a real history file.
///
/// Retries back off 10 ms instead of 1-2-4 s so the suite stays fast; their number (3) is the standard one.
final class SandboxHTTPHarness: @unchecked Sendable {
    /// Holds the sandbox's directory; removes it when the harness goes.
    let folder: TempDir
    let directory: SandboxDirectory
    let engine: SandboxEngine
    let listener: SandboxListener
    let config: CouponDeskConfig
    let client: PreSendClient
    let history: HistoryStore

    /// - Parameters:
    ///   - timeoutSeconds: the client's `timeout_seconds`.
    ///   - editClientConfig: changes to config.json before it is loaded (e.g. a wrong serial).
    init(timeoutSeconds: Double = 5, delayMilliseconds: Int = 1_500,
         editClientConfig: (inout [String: Any]) -> Void = { _ in },
         customise: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        folder = try TempDir()
        directory = try SandboxDirectory.create(at: folder.file("sandbox"), timeoutSeconds: timeoutSeconds,
                                                keys: (TestKeys.merchant, TestKeys.wechatpay),
                                                brandKey: TestKeys.brand) {
            $0.faults = DemoData.faults(delayMilliseconds: delayMilliseconds)
            customise(&$0)
        }
        engine = try SandboxEngine(directory: directory)
        listener = try SandboxListener(engine: engine)
        try directory.setClientBaseURL(listener.baseURL)
        let configURL = URL(fileURLWithPath: directory.clientConfigPath)
        guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        editClientConfig(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: configURL)

        config = try CouponDeskConfig.load(path: directory.clientConfigPath)
        var configuration = try config.makeClientConfiguration()
        configuration.retryPolicy = RetryPolicy(backoffSeconds: [0.01, 0.01, 0.01])
        client = PreSendClient(configuration: configuration, transport: config.makeTransport())
        history = HistoryStore(path: config.historyFile ?? directory.historyPath)
    }

    deinit { listener.stop() }

    func request(openid: String, stockID: String = DemoData.StockID.plenty, appid: String = DemoData.appid,
                 couponCode: String? = nil, attach: String? = nil,
                 sendRequestNo: String = SendRequestNumber.generate()) -> PreSendRequest {
        PreSendRequest(openid: openid, brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                       stockID: stockID, appid: appid, sendRequestNo: sendRequestNo,
                       couponCode: couponCode, attach: attach)
    }

    func send(_ request: PreSendRequest) async -> SendRecord {
        await client.send(request, journal: history, operator: "e2e", mode: .live)
    }

    func send(openid: String, stockID: String = DemoData.StockID.plenty) async -> SendRecord {
        await send(request(openid: openid, stockID: stockID))
    }

    /// How many distinct pre-sends the sandbox counted against `stockID`.
    func counted(_ stockID: String = DemoData.StockID.plenty) -> Int { engine.usage(stockID: stockID).issued }

    /// The requests that reached the sandbox for `sendRequestNo`.
    func attempts(_ sendRequestNo: String) -> [SandboxExchange] {
        engine.exchanges().filter { $0.sendRequestNo == sendRequestNo }
    }

    /// The history records of `sendRequestNo`, oldest first.
    func records(_ sendRequestNo: String) throws -> [SendRecord] {
        try history.records(forSendRequestNo: sendRequestNo)
    }
}

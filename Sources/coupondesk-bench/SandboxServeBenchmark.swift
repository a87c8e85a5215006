import CouponSandbox
import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// `sandbox`: pre-sends per second that `coupondesk sandbox serve` (the built executable beside this
/// one, a process of its own) answers over loopback HTTP to `clients` concurrent clients, each a real
/// `PreSendClient` (libcurl, signing, verifying), for `seconds` per phase: once on a fresh sandbox and
/// once on a sandbox whose state already holds `prefilledSends` pre-sends (the state the server must
/// carry across every request). The sandbox's rate limit is lifted and the stock's budgets are large,
/// so every send is issued. No history is written: this measures the sandbox, not the client's log.
enum SandboxServeBenchmark {
    static let clients = 16
    static let seconds = 5.0
    static let prefilledSends = 20_000
    static let stockID = "9000000000001"

    static func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("coupondesk").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            print("sandbox: \(executable) is not built; run `swift build -c release --product coupondesk` first")
            return
        }
        let folder = NSTemporaryDirectory() + "coupondesk-bench-sandbox-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (label, prefill) in [("fresh state", 0), ("state of \(prefilledSends) sends", prefilledSends)] {
            let directory = try SandboxDirectory.create(at: folder + "/\(prefill)") {
                $0.rateLimitPerSecond = 1_000_000
                $0.brands[0].productCoupons[0].stocks.append(.init(stockID: stockID, maxCount: 100_000_000))
            }
            if prefill > 0 { try prefilledState(sends: prefill).write(to: URL(fileURLWithPath: directory.statePath)) }
            let rate = try await measure(executable: executable, directory: directory)
            print(String(format: "sandbox serve, %2d clients, %@: %8.1f sends/s", clients, label as NSString, rate))
        }
    }

    /// Starts `sandbox serve`, lets `clients` clients send for `seconds`, stops it; issued sends per second.
    static func measure(executable: String, directory: SandboxDirectory) async throws -> Double {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = ["sandbox", "serve", directory.path, "--port", "0"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        // The first line, `listening on URL`, is printed once config.json points at the server.
        var first = Data()
        while !first.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
            first.append(chunk)
        }
        let config = try CouponDeskConfig.load(path: directory.clientConfigPath)
        let client = PreSendClient(configuration: try config.makeClientConfiguration(), transport: config.makeTransport())
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let issued = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var count = 0, n = 0
                    while Date() < deadline {
                        n += 1
                        let request = PreSendRequest(openid: "oBench\(worker)_\(n)", brandID: DemoData.brandID,
                                                     productCouponID: DemoData.productCouponID, stockID: stockID,
                                                     appid: DemoData.appid, sendRequestNo: SendRequestNumber.generate())
                        let record = await client.send(request, journal: NoJournal(), operator: "bench", mode: .live)
                        if record.outcome == .issued { count += 1 }
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        return Double(issued) / Date().timeIntervalSince(start)
    }

    /// state.json (the format every version reads) holding `sends` issued pre-sends of the bench stock.
    static func prefilledState(sends: Int) throws -> Data {
        var entries: [String: Any] = [:]
        var byUser: [String: Int] = [:]
        for i in 0..<sends {
            let number = String(format: "PREFILL%08d", i), openid = "oPrefill\(i)"
            byUser[openid] = 1
            entries["\(DemoData.brandID)/\(number)"] = [
                "request": ["openid": openid, "brand_id": DemoData.brandID, "product_coupon_id": DemoData.productCouponID,
                            "stock_id": stockID, "appid": DemoData.appid, "send_request_no": number],
                "token": "PREFILLTOKEN\(i)", "token_issued_at": 1_764_300_000.0, "committed_at": 1_764_300_000.0,
            ]
        }
        let state: [String: Any] = [
            "v": 1, "sends": entries,
            "stocks": [stockID: ["issued": sends, "issued_by_day": ["2025-11-28": sends], "issued_by_user": byUser]],
        ]
        return try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])
    }
}

/// A journal that keeps nothing: the benchmark measures the sandbox, not the client's history.
private struct NoJournal: SendJournal {
    func append(_ record: SendRecord) throws {}
    func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] { [] }
}

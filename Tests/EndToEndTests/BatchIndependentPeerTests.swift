import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Issue 13's check against an independent WeChat Pay-compatible server (`BatchPeer`): a campaign
/// mixing users who get coupons, budget refusals, server errors and timeouts, interrupted with SIGINT
/// half way and run again — no number the history holds as issued reaches the server again, unknown
/// rows are resent under their own numbers, and every row ends with one settled state. A bad file is
/// refused whole, naming its lines, and nothing reaches the server.
@Suite(.serialized) struct BatchIndependentPeerTests {
    static let options = ["--stock-id", DemoData.StockID.plenty, "--product-coupon-id", DemoData.productCouponID,
                          "--appid", DemoData.appid, "--brand-id", DemoData.brandID]

    /// Keys and a partner config from `SandboxDirectory.create` (1 s timeout), pointed at the peer.
    final class Setup: @unchecked Sendable {
        let folder: TempDir
        let directory: SandboxDirectory
        let server: BatchPeerServer
        let healed: String
        var history: String { folder.file("history.jsonl") }

        init() throws {
            folder = try TempDir()
            let path = folder.file("sandbox")
            directory = try SandboxDirectory.create(at: path, timeoutSeconds: 1, keys: (TestKeys.merchant, TestKeys.wechatpay),
                                                    brandKey: TestKeys.brand)
            let sandbox = try directory.loadConfiguration()
            healed = folder.file("HEALED")
            server = try BatchPeerServer(keyDirectory: path, publicKeyID: sandbox.wechatpayPublicKeyID, mchid: sandbox.mchid,
                                         healed: healed)
            try directory.setClientBaseURL(server.baseURL)
        }

        deinit { server.stop() }

        func arguments(_ file: String, _ extra: [String]) throws -> [String] {
            [try BuiltProduct.coupondesk(), "batch", file, "--config", directory.clientConfigPath, "--history", history]
                + BatchIndependentPeerTests.options + extra
        }

        func start(_ file: String, _ extra: [String]) throws -> ChildProcess {
            try ChildProcess.start(try arguments(file, extra), environment: testEnvironment(["COUPONDESK_CONFIG": nil]))
        }

        func records() throws -> [String: [SendRecord]] {
            var out: [String: [SendRecord]] = [:]
            guard FileManager.default.fileExists(atPath: history) else { return out }
            try HistoryReader(path: history, persistIndex: false).forEachRecord { record, _ in
                out[record.request.sendRequestNo, default: []].append(record)
            }
            return out
        }

        func waitForRequests(_ count: Int, timeout: TimeInterval = 30) throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if try server.seen().count >= count { return }
                usleep(20_000)
            }
            Issue.record("the peer never saw \(count) requests")
        }
    }

    /// 20 rows: problem rows first (so they are in flight when Ctrl-C comes), then users who get coupons.
    static let openids = ["o-slow-1", "o-5xx-1", "o-budget-1", "o-ok-1", "o-slow-2", "o-5xx-2", "o-budget-2"]
        + (2...14).map { "o-ok-\($0)" }

    @Test func aMixedCampaignInterruptedAndRunAgainSettlesEveryRowOnceAndResendsOnlyTheUnknown() async throws {
        let setup = try Setup()
        let file = try setup.folder.write("campaign.csv", "openid\n" + Self.openids.map { $0 + "\n" }.joined())

        let first = try setup.start(file, ["--rate", "10", "--concurrency", "3"])
        try setup.waitForRequests(6)
        first.signal(SIGINT)
        let stopped = await first.finished(timeout: 60)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        let afterStop = try setup.records()
        #expect(afterStop.count < Self.openids.count, "interrupted half way")
        let issuedBefore = Set(afterStop.filter { $0.value.last?.outcome == .issued }.keys)
        let unknownBefore = Set(afterStop.filter { [.unknown, .pending].contains($0.value.last?.outcome) }.keys)
        #expect(!unknownBefore.isEmpty, "a server error or a timeout was in flight: \(afterStop.mapValues { $0.map(\.outcome) })")
        let requestsBefore = try setup.server.seen().count

        // The server recovers; the same command finishes the batch.
        #expect(FileManager.default.createFile(atPath: setup.healed, contents: Data()))
        let rerun = try await ChildProcess.start(try setup.arguments(file, ["--rate", "50"]),
                                                 environment: testEnvironment(["COUPONDESK_CONFIG": nil])).finished(timeout: 60)
        #expect(rerun.status == 3, "some rows refused, none unknown: \(rerun.stderr)")

        let seen = try setup.server.seen()
        #expect(seen.allSatisfy { $0.verified }, "every request verified by openssl")
        let secondRun = seen[requestsBefore...]
        // No number issued in the first run reached the server again.
        #expect(secondRun.allSatisfy { !issuedBefore.contains($0.number) })
        // Every row unknown after the first run was resent under its own number.
        #expect(unknownBefore.allSatisfy { number in secondRun.contains { $0.number == number } })

        let records = try setup.records()
        #expect(records.count == Self.openids.count)
        for (number, rows) in records {
            let last = try #require(rows.last)
            let openid = last.request.openid
            if openid.hasPrefix("o-budget") {
                #expect(last.outcome == .rejected && last.error?.category == .totalBudgetExhausted, "\(number): \(rows)")
            } else {
                #expect(last.outcome == .issued, "\(number) \(openid): \(rows.map(\.outcome))")
                // The token is the one the server issued for that number, whichever request carried it.
                let tokens = Set(seen.filter { $0.number == number }.compactMap(\.token))
                #expect(tokens.count == 1 && tokens.first == last.token, "\(number): \(tokens)")
            }
        }
        // One coupon per user: the server issued one token per number, and one number per row.
        #expect(Set(records.keys).count == Self.openids.count)
    }

    @Test func aBadFileIsRefusedWholeNamingItsLinesAndNothingReachesTheServer() async throws {
        let setup = try Setup()
        let file = try setup.folder.write("bad.csv", "openid,attach\no-ok-1,a\no bad space,b\no-ok-2,c\n,d\n")
        let result = try await setup.start(file, []).finished(timeout: 60)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("line 3"), "\(result.stderr)")
        #expect(result.stderr.contains("line 5"), "\(result.stderr)")
        #expect(try setup.server.seen().isEmpty)
        #expect(try setup.records().isEmpty)
    }
}

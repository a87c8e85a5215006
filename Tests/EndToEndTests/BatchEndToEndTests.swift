import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// `coupondesk batch` as a support lead runs it: the real binary against `sandbox serve`, interrupted
/// with Ctrl-C or killed outright half way, then run again. Every row ends issued exactly once.
@Suite(.serialized) struct BatchEndToEndTests {
    static let options = ["--stock-id", DemoData.StockID.plenty, "--product-coupon-id", DemoData.productCouponID,
                          "--appid", DemoData.appid, "--brand-id", DemoData.brandID]

    /// A served sandbox, a campaign file of `rows` users and a history path, in one folder. The server
    /// is killed when the campaign goes, even when a test fails half way.
    final class Campaign {
        let folder: TempDir
        let sandbox: ServedSandbox
        let file: String
        let rows: Int
        var history: String { folder.file("history.jsonl") }

        init(rows: Int) throws {
            folder = try TempDir()
            sandbox = try ServedSandbox(binary: try BuiltProduct.coupondesk(), directory: folder.file("sandbox"),
                                        environment: testEnvironment())
            self.rows = rows
            file = try folder.write("campaign.csv", "openid,attach\n" + (0..<rows).map { "user-\($0),第\($0)行\n" }.joined())
        }

        deinit { sandbox.server.signal(SIGKILL) }

        func arguments(_ extra: [String] = []) throws -> [String] {
            [try BuiltProduct.coupondesk(), "batch", file, "--config", sandbox.configPath, "--history", history]
                + BatchEndToEndTests.options + extra
        }

        func start(_ extra: [String] = []) throws -> ChildProcess {
            try ChildProcess.start(try arguments(extra), environment: testEnvironment(["COUPONDESK_CONFIG": nil]))
        }

        /// Waits until the history holds at least `lines` lines.
        func waitForHistory(lines: Int, timeout: TimeInterval = 30) throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if fileBytes(history).filter({ $0 == 0x0A }).count >= lines { return }
                usleep(20_000)
            }
            Issue.record("the history never reached \(lines) lines")
        }

        /// Every record of the history, by number, oldest first.
        func records() throws -> [String: [SendRecord]] {
            var out: [String: [SendRecord]] = [:]
            try HistoryReader(path: history, persistIndex: false).forEachRecord { record, _ in
                out[record.request.sendRequestNo, default: []].append(record)
            }
            return out
        }

        /// Stops the server (SIGKILL: tests' children inherit a blocked SIGTERM) and returns, per
        /// send_request_no, how many pre-sends of it reached the server, from its request log.
        func stopServer() -> [String: Int] {
            sandbox.server.signal(SIGKILL)
            let log = sandbox.server.finish().stdout
            var hits: [String: Int] = [:]
            for line in log.split(separator: "\n") {
                guard let range = line.range(of: "send_request_no=") else { continue }
                let number = line[range.upperBound...].prefix { !$0.isWhitespace }
                hits[String(number), default: 0] += 1
            }
            return hits
        }

        /// What the sandbox's state holds once the server is gone: how many coupons the stock issued.
        func issuedByTheSandbox() throws -> Int {
            try SandboxEngine(directory: SandboxDirectory(path: sandbox.directory)).usage(stockID: DemoData.StockID.plenty).issued
        }
    }

    @Test func ctrlCHalfWayThenARerunIssuesEveryRowExactlyOnce() async throws {
        let campaign = try Campaign(rows: 100)
        let first = try campaign.start(["--rate", "40"])
        try campaign.waitForHistory(lines: 20)
        first.signal(SIGINT)
        let stopped = await first.finished(timeout: 30)
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("INTERRUPTED"))
        #expect(stopped.stderr.contains("--batch-id b"))
        // The in-flight sends finished: nothing is left pending.
        let afterStop = try campaign.records()
        #expect(afterStop.values.allSatisfy { $0.last?.outcome == .issued })
        #expect(afterStop.count < 100)

        let rerun = try await ChildProcess.start(try campaign.arguments(["--rate", "500"]),
                                                 environment: testEnvironment(["COUPONDESK_CONFIG": nil])).finished(timeout: 60)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("\(afterStop.count) done by an earlier run"))

        let records = try campaign.records()
        #expect(records.count == 100)
        #expect(records.values.allSatisfy { $0.map(\.outcome) == [.pending, .issued] })
        let hits = campaign.stopServer()
        #expect(records.keys.allSatisfy { hits[$0] == 1 }, "every number reached the server once")
        #expect(try campaign.issuedByTheSandbox() == 100)
    }

    @Test func sigkillMidBatchLosesNoCountedRowAndTheRerunSendsNoRowTwice() async throws {
        let campaign = try Campaign(rows: 100)
        let first = try campaign.start(["--rate", "40", "--json"])
        try campaign.waitForHistory(lines: 30)
        first.signal(SIGKILL)
        let killed = await first.finished(timeout: 30)
        #expect(killed.signal == SIGKILL)
        // Every row the batch counted (printed) has its final record in the history.
        let counted = try killed.stdout.split(separator: "\n").map { try JSONDecoder().decode(SendRecord.self, from: Data($0.utf8)) }
        let afterKill = try campaign.records()
        #expect(!counted.isEmpty)
        for record in counted {
            #expect(afterKill[record.request.sendRequestNo]?.last == record)
        }
        let settledBefore = Set(afterKill.filter { $0.value.last?.outcome == .issued }.keys)

        let rerun = try await ChildProcess.start(try campaign.arguments(["--rate", "500"]),
                                                 environment: testEnvironment(["COUPONDESK_CONFIG": nil])).finished(timeout: 60)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let records = try campaign.records()
        #expect(records.count == 100)
        #expect(records.values.allSatisfy { $0.last?.outcome == .issued })
        let hits = campaign.stopServer()
        // A row settled before the kill was not sent again; one pending at the kill was resent with
        // its own number (the sandbox answers a replay with the same coupon).
        #expect(settledBefore.allSatisfy { hits[$0] == 1 })
        #expect(try campaign.issuedByTheSandbox() == 100)
    }

    @Test func progressOnATerminalIsOneLineRedrawnInPlace() throws {
        let campaign = try Campaign(rows: 30)
        defer { _ = campaign.stopServer() }
        let result = try ChildProcess.runOnTerminal(try campaign.arguments(["--rate", "20"]),
                                                    environment: testEnvironment(["COUPONDESK_CONFIG": nil]))
        let screen = result.stdout
        let redraws = screen.components(separatedBy: "\r\u{1B}[K").dropFirst().filter { $0.contains("/30") }
        #expect(redraws.count >= 2, "\(screen)")
        #expect(redraws.allSatisfy { $0.contains("sends/s") && $0.contains("issued") && !$0.contains("\n") })
        #expect(screen.contains("issued           30"))
    }

    @Test func progressInAPipeIsNoRedrawnLine() async throws {
        let campaign = try Campaign(rows: 5)
        defer { _ = campaign.stopServer() }
        let result = try await campaign.start().finished(timeout: 60)
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\u{1B}"))
    }
}

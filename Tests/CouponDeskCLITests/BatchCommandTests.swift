import CouponBatch
import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// `coupondesk batch` run in-process against a sandbox served over loopback HTTP.
@Suite struct BatchCommandTests {
    static let stockOptions = ["--stock-id", DemoData.StockID.plenty, "--product-coupon-id", DemoData.productCouponID,
                               "--appid", DemoData.appid]
    static let partnerOptions = stockOptions + ["--brand-id", DemoData.brandID]

    /// A CSV of `openids` (with an attach column) in the sandbox's folder.
    static func file(_ sandbox: ServedSandbox, _ openids: [String], name: String = "campaign.csv") throws -> String {
        try sandbox.dir.write(name, "openid,attach\n" + openids.enumerated().map { "\($1),\"row \($0), with a comma\"\n" }.joined())
    }

    func sendRequests(_ sandbox: ServedSandbox) -> [SandboxExchange] { sandbox.exchanges(.preSend) }

    @Test func everyRowIsIssuedAndTheExitCodeIsZero() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, (0..<8).map { "user-\($0)" })
        let run = try await sandbox.run(["batch", file, "--concurrency", "4"] + Self.partnerOptions)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("issued           8"))
        #expect(Set(sendRequests(sandbox).compactMap(\.sendRequestNo)).count == 8)
    }

    @Test func jsonPrintsEachRowsHistoryRecordAsOneLine() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "user-b", "user-c"])
        let run = try await sandbox.run(["batch", file, "--json"] + Self.partnerOptions)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let records = try lines.map { try JSONDecoder().decode(SendRecord.self, from: Data($0.utf8)) }
        #expect(Set(records.map(\.request.openid)) == ["user-a", "user-b", "user-c"])
        #expect(records.allSatisfy { $0.outcome == .issued && $0.token != nil })
    }

    @Test func outputWritesTheInputColumnsAndEachRowsResult() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "user-b"])
        let output = sandbox.dir.file("results.csv")
        let run = try await sandbox.run(["batch", file, "--output", output] + Self.partnerOptions)
        #expect(run.status == 0)
        let results = try BatchFile.parse(try #require(FileManager.default.contents(atPath: output)))
        #expect(results.header == ["openid", "attach", "send_request_no", "outcome", "category", "token", "request_id"])
        #expect(results.rows.map { $0.fields[0] } == ["user-a", "user-b"])
        #expect(results.rows.map { $0.fields[1] } == ["row 0, with a comma", "row 1, with a comma"])
        #expect(results.rows.allSatisfy { $0.fields[3] == "issued" && !$0.fields[5].isEmpty && !$0.fields[6].isEmpty })
        #expect(results.rows[0].fields[2].hasSuffix("_000002"))
    }

    @Test func aBadFileIsRefusedWholeWithItsLinesAndNothingIsSent() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("bad.csv", "openid,attach\nuser-a,ok\nuser b,ok\nuser-c,\"x\u{07}\"\nuser-a,again\n")
        let run = try await sandbox.run(["batch", file] + Self.partnerOptions)
        #expect(run.status == 64)
        #expect(run.stderr.contains("line 3: openid"))
        #expect(run.stderr.contains("line 4: attach: control characters are not allowed"))
        #expect(run.stderr.contains("line 5: openid user-a already has a row for stock \(DemoData.StockID.plenty) on line 2"))
        #expect(run.stderr.contains("nothing was sent"))
        #expect(sendRequests(sandbox).isEmpty)
    }

    @Test func aNumberTheHistoryHoldsForOtherDataRefusesTheFile() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "user-b"])
        let batchID = BatchNumbering.defaultBatchID(of: try #require(FileManager.default.contents(atPath: file)))
        // An earlier send of another user under the number line 3 will get.
        try await sandbox.send(openid: "someone-else", number: BatchNumbering.number(batchID: batchID, line: 3))
        let before = sendRequests(sandbox).count
        let run = try await sandbox.run(["batch", file] + Self.partnerOptions)
        #expect(run.status == 64)
        #expect(run.stderr.contains("line 3: send_request_no \(batchID)_000003 already belongs to the send"))
        #expect(sendRequests(sandbox).count == before)
    }

    @Test func aDryRunSendsNothingAndSaysWhatItWouldSend() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "user-b", "user-c"])
        let run = try await sandbox.run(["batch", file, "--dry-run"] + Self.partnerOptions)
        #expect(run.status == 0)
        #expect(run.stdout.contains("would send      3"))
        #expect(run.stdout.contains("\(DemoData.StockID.plenty)  3"))
        #expect(sendRequests(sandbox).isEmpty)
    }

    @Test func aRefusedRowWithoutUnknownsExitsThree() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("c.csv", "openid,stock_id\nuser-a,\(DemoData.StockID.plenty)\nuser-b,\(DemoData.StockID.paused)\n")
        let run = try await sandbox.run(["batch", file] + Self.partnerOptions)
        #expect(run.status == 3)
        #expect(run.stderr.contains("stock_not_sending"))
        #expect(run.stderr.contains("--retry-rejected"))
    }

    @Test func anUnknownRowExitsFourAndSaysHowToResume() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "fault-system-error-1"])
        let run = try await sandbox.run(["batch", file] + Self.partnerOptions)
        #expect(run.status == 4)
        #expect(run.stderr.contains("server_error"))
        #expect(run.stderr.contains("run it again — no row is sent twice"))
        #expect(run.stderr.contains("--batch-id b"))
    }

    @Test func theRateAboveWeChatPaysLimitIsRefused() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a"])
        let run = try await sandbox.run(["batch", file, "--rate", "501"] + Self.partnerOptions)
        #expect(run.status == 64)
        #expect(run.stderr.contains("500/s is WeChat Pay's limit per partner or brand"))
        #expect(sendRequests(sandbox).isEmpty)
    }

    @Test func theConfigsDefaultsFillWhatTheOptionsLeaveOut() async throws {
        let sandbox = try ServedSandbox()
        let config = try sandbox.dir.write("with-defaults.json", try Self.configWithDefaults(sandbox.config))
        let file = try Self.file(sandbox, ["user-a"])
        let run = try await sandbox.run(["batch", file], config: config)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(sendRequests(sandbox).first?.flavor == .partner)
    }

    @Test func aBrandDirectConfigSendsEveryRowAsItsBrand() async throws {
        let sandbox = try ServedSandbox()
        let file = try Self.file(sandbox, ["user-a", "user-b"])
        let run = try await sandbox.run(["batch", file] + Self.stockOptions, config: sandbox.brandConfig)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(sendRequests(sandbox).map(\.flavor) == [.brand, .brand])
    }

    @Test func aBrandDirectBatchRefusesARowOfAnotherBrand() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("c.csv", "openid,brand_id\nuser-a,\(DemoData.brandID)\nuser-b,999999\n")
        let run = try await sandbox.run(["batch", file] + Self.stockOptions, config: sandbox.brandConfig)
        #expect(run.status == 64)
        #expect(run.stderr.contains("line 3: brand_id: in the"))
        #expect(sendRequests(sandbox).isEmpty)
    }

    @Test func helpSaysTheLimitIsWeChatPaysAndShared() async throws {
        let run = try await CommandLineRun.coupondesk(["batch", "--help"])
        #expect(run.status == 0)
        let words = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("500 requests per second per partner (mchid) or brand — one limit shared with everything else you run"))
    }

    /// The sandbox's config.json with `defaults` for its plenty stock.
    static func configWithDefaults(_ path: String) throws -> String {
        let data = try #require(FileManager.default.contents(atPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["defaults"] = ["brand_id": DemoData.brandID, "product_coupon_id": DemoData.productCouponID,
                              "stock_id": DemoData.StockID.plenty, "appid": DemoData.appid]
        let folder = (path as NSString).deletingLastPathComponent
        for key in ["private_key_file", "wechatpay_public_key_file"] {
            if let relative = object[key] as? String, !relative.hasPrefix("/") { object[key] = folder + "/" + relative }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

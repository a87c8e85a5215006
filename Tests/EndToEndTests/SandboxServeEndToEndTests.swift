import CouponDeskTestSupport
import CouponSandbox
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WeChatPayCore

/// `coupondesk sandbox init` and `sandbox serve` as a user runs them: the real binary, real files,
/// a real HTTP exchange against the served port, and SIGTERM.
@Suite(.serialized) struct SandboxServeEndToEndTests {
    /// Runs the binary to completion (waiting on a thread of its own, not the cooperative pool) with the
    /// test process's environment, or exactly `environment`.
    static func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> ChildResult {
        try await ChildProcess.start([try BuiltProduct.coupondesk()] + arguments,
                                     environment: environment ?? testEnvironment()).finished()
    }

    @Test func initPrintsTheFaultOpenidsAndRefusesToOverwrite() async throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let created = try await Self.run(["sandbox", "init", path])
        #expect(created.status == 0)
        for kind in SandboxConfiguration.Fault.Kind.allCases { #expect(created.stdout.contains(kind.rawValue), "\(kind)") }
        #expect(created.stdout.contains("fault-timeout-"))
        #expect(!created.stdout.contains("BEGIN PRIVATE KEY"))
        let again = try await Self.run(["sandbox", "init", path])
        #expect(again.status == 64)
        #expect(again.stderr.contains("already holds a sandbox"))
    }

    @Test func serveAnnouncesItsAddressRewritesTheConfigAnswersAndStopsOnSIGTERM() async throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        #expect(try await Self.run(["sandbox", "init", path]).status == 0)

        let server = try ChildProcess.start([try BuiltProduct.coupondesk(), "sandbox", "serve", path, "--port", "0"],
                                            environment: testEnvironment(), output: .merged)
        defer { server.signal(SIGKILL); server.finish() }
        let firstLine = Data((server.readLine(timeout: 20) ?? "").utf8)
        let line = String(decoding: firstLine, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let match = try #require(line.firstMatch(of: /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/))
        let baseURL = String(match.1)

        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/config.json"))) as? [String: Any])
        #expect(config["base_url"] as? String == baseURL)

        // A signed request built from the files `sandbox init` wrote, over real HTTP.
        let loaded = try CouponDeskConfig.load(path: path + "/config.json")
        let client = PreSendClient(configuration: try loaded.makeClientConfiguration(), transport: loaded.makeTransport())
        let request = PreSendRequest(openid: "o-serve", brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                     stockID: DemoData.StockID.plenty, appid: DemoData.appid,
                                     sendRequestNo: SendRequestNumber.generate())
        let record = await client.send(request, journal: DiscardingJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .issued)

        server.signal(SIGTERM)
        let stopped = await server.finished(timeout: 20)
        #expect(stopped.signal == nil, "it stopped on its own, not killed")
        #expect(stopped.status == 0)
        let state = try SandboxState.load(path: path + "/state.json")
        #expect(state.stocks[DemoData.StockID.plenty]?.issued == 1)
    }
}

/// `coupondesk demo send` as a user runs it: the demo sandbox made on first use under
/// `$XDG_DATA_HOME`, in-process, its own history.
@Suite(.serialized) struct DemoSendEndToEndTests {
    static func environment(_ root: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = root
        environment["XDG_CONFIG_HOME"] = root + "/config"
        return environment
    }

    @Test func aDemoSendIsIssuedAndRecordedInTheDemoHistory() async throws {
        let folder = try TempDir()
        let root = folder.path
        let result = try await SandboxServeEndToEndTests.run(["demo", "send", "--openid", "o-demo-1", "--json"],
                                                       environment: Self.environment(root))
        #expect(result.status == 0)
        let record = try JSONDecoder().decode(SendRecord.self, from: Data(result.stdout.utf8))
        #expect(record.outcome == .issued)
        #expect(record.mode == "demo")
        let history = try String(contentsOfFile: root + "/coupondesk/demo/history.jsonl", encoding: .utf8)
        #expect(history.split(separator: "\n").count == 2)
        #expect(history.contains(record.token ?? "no token"))
    }

    @Test func anUnknownDemoSendIsResolvedByDemoResend() async throws {
        let folder = try TempDir()
        let root = folder.path
        let arguments = ["demo", "send", "--openid", "fault-bad-signature-7", "--send-request-no", "DEMO_E2E_0001", "--json"]
        let first = try await SandboxServeEndToEndTests.run(arguments, environment: Self.environment(root))
        #expect(first.status == 4)
        let unknown = try JSONDecoder().decode(SendRecord.self, from: Data(first.stdout.utf8))
        #expect(unknown.error?.category == .signatureInvalid)
        #expect(unknown.token == nil)
        let second = try await SandboxServeEndToEndTests.run(["demo", "resend", "DEMO_E2E_0001", "--json"],
                                                       environment: Self.environment(root))
        #expect(second.status == 0)
        let issued = try JSONDecoder().decode(SendRecord.self, from: Data(second.stdout.utf8))
        let state = try SandboxState.load(path: root + "/coupondesk/demo/state.json")
        #expect(issued.token == state.sends["\(DemoData.brandID)/DEMO_E2E_0001"]?.token)
        #expect(state.stocks[DemoData.StockID.plenty]?.issued == 1)
        let third = try await SandboxServeEndToEndTests.run(["demo", "resend", "DEMO_E2E_0001"], environment: Self.environment(root))
        #expect(third.status == 64)
        #expect(third.stderr.contains("already issued"))
    }

    @Test func aRejectedDemoSendExitsWith3AndExplainsTheReason() async throws {
        let folder = try TempDir()
        let root = folder.path
        let result = try await SandboxServeEndToEndTests.run(["demo", "send", "--openid", "o-demo-2", "--stock-id", DemoData.StockID.paused],
                                                       environment: Self.environment(root))
        #expect(result.status == 3)
        #expect(result.stdout.contains("stock_not_sending"))
        #expect(result.stdout.contains("268577984"))
    }
}

/// A journal that keeps nothing (the serve test is about the server, not the log).
struct DiscardingJournal: SendJournal {
    func append(_ record: SendRecord) throws {}
    func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] { [] }
}

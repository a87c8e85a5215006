import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// `coupondesk doctor` and `coupondesk demo doctor` as command lines, in-process: the exit codes of
/// the issue (0 nothing failed, 1 a check failed, 78 only for a missing or non-JSON config), `--json`,
/// and the demo.
@Suite struct DoctorCommandTests {
    /// A config whose host refuses at once (nothing listens there), so no test waits on a network.
    func refusingHost(_ fixture: DoctorFixture) throws -> String {
        fixture.config["base_url"] = "http://127.0.0.1:\(try closedPort())"
        return try fixture.write()
    }

    @Test func aMissingConfigExits78() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", dir.file("none.json")])
        #expect(run.status == 78)
        #expect(run.stdout.contains("✗ Config"))
        #expect(run.stdout.contains("file not found"))
    }

    @Test func noConfigAnywhereExits78AndPointsAtTheDemo() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["doctor"], environment: ["XDG_CONFIG_HOME": dir.path, "HOME": dir.path])
        #expect(run.status == 78)
        #expect(run.stdout.contains("coupondesk demo doctor"))
    }

    @Test func aConfigThatIsNotJSONExits78() async throws {
        let dir = try TempDir()
        writeText(dir.file("config.json"), "{ \"mchid\": \"1900000001\"\n")
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", dir.file("config.json"), "--json"])
        #expect(run.status == 78)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["exit_code"] as? Int == 78)
    }

    @Test func aWrongValueInValidJSONExits1Not78() async throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_id"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E2"
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", try refusingHost(fixture)], environment: ["TERM": "xterm"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ Public key id"))
    }

    @Test func aKeyFileThatDoesNotParseExits1() async throws {
        let fixture = try DoctorFixture()
        writeText(fixture.dir.file("apiclient_key.pem"), "not a key\n")
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", try refusingHost(fixture)])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ Private key"))
    }

    @Test func aHostThatRefusesExits1NamingTCP() async throws {
        let fixture = try DoctorFixture()
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", try refusingHost(fixture)])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✗ TCP"))
        #expect(run.stdout.contains("– Signed call"))
    }

    @Test func jsonPrintsOneObjectWithEveryCheck() async throws {
        let fixture = try DoctorFixture()
        let run = try await CommandLineRun.coupondesk(["doctor", "--json", "--config", try refusingHost(fixture)])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        let ids = Set(checks.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["config", "flavor", "key_permissions", "private_key", "key_pair", "certificate", "verification",
                                    "public_key_id", "public_key", "dns", "tcp", "http", "clock", "signed_call", "history",
                                    "locale", "terminal", "colours"]))
        #expect(checks.first { $0["id"] as? String == "tcp" }?["status"] as? String == "failure")
        #expect(object["exit_code"] as? Int == 1)
        #expect(run.stderr.isEmpty)
    }

    @Test func theHistoryOptionIsTheHistoryChecked() async throws {
        let fixture = try DoctorFixture()
        writeText(fixture.dir.file("plain"), "x")
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", try refusingHost(fixture),
                                                       "--history", fixture.dir.file("plain") + "/h.jsonl"])
        #expect(run.stdout.contains("✗ History"))
    }

    @Test func noKeyMaterialIsEverPrinted() async throws {
        let fixture = try DoctorFixture()
        let pem = try String(contentsOfFile: fixture.dir.file("apiclient_key.pem"), encoding: .utf8)
        fixture.config["private_key_file"] = pem
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", try refusingHost(fixture)])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("BEGIN PRIVATE KEY"))
        let body = pem.split(separator: "\n").dropFirst().first.map(String.init) ?? "?"
        #expect(!run.stdout.contains(body))
    }

    @Test func theDemoIsHealthy() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["demo", "doctor", "--json"],
                                                      environment: ["XDG_DATA_HOME": dir.path, "HOME": dir.path,
                                                                    "TERM": "xterm-256color", "LANG": "C.UTF-8"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(!checks.contains { $0["status"] as? String == "failure" })
        #expect(checks.first { $0["id"] as? String == "network" }?["status"] as? String == "ok")
        // The signed call reaches the demo's sandbox; until it offers the stock look-up that is a warning.
        let signed = try #require(checks.first { $0["id"] as? String == "signed_call" })
        #expect(["ok", "warning"].contains(signed["status"] as? String), "\(signed)")
    }

    @Test func theDemoAsTheBrandIsHealthyToo() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["demo", "doctor", "--flavor", "brand"],
                                                      environment: ["XDG_DATA_HOME": dir.path, "HOME": dir.path,
                                                                    "TERM": "xterm-256color", "LANG": "C.UTF-8"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("brand-direct (品牌直连)"))
        #expect(!run.stdout.contains("✗"))
    }
}

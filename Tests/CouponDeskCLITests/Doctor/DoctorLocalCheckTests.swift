import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// What the machine contributes: a writable history, a UTF-8 locale, a terminal the console can draw
/// on, and its colours.
@Suite struct DoctorLocalCheckTests {
    @Test func anExistingWritableHistoryPasses() throws {
        let dir = try TempDir()
        writeText(dir.file(), "")
        #expect(LocalChecks.history(dir.file()).status == .ok)
    }

    @Test func aHistoryToBeCreatedInAWritableFolderPasses() throws {
        let dir = try TempDir()
        let line = LocalChecks.history(dir.path + "/new/deeper/history.jsonl")
        #expect(line.status == .ok)
        #expect(line.finding.contains("the first send creates it"))
    }

    @Test func aHistoryUnderAFileCannotBeCreatedAndFails() throws {
        let dir = try TempDir()
        writeText(dir.file("plain"), "x")
        let line = LocalChecks.history(dir.file("plain") + "/history.jsonl")
        #expect(line.status == .failure)
        #expect(line.finding.contains("is not a folder"))
    }

    @Test func aFolderInPlaceOfTheHistoryFails() throws {
        let dir = try TempDir()
        #expect(LocalChecks.history(dir.path).status == .failure)
    }

    @Test func aUTF8LocalePasses() {
        #expect(LocalChecks.locale(["LANG": "zh_CN.UTF-8"]).status == .ok)
        #expect(LocalChecks.locale(["LANG": "en_US.utf8"]).status == .ok)
    }

    @Test func lcAllDecidesOverLang() {
        let line = LocalChecks.locale(["LC_ALL": "C", "LANG": "zh_CN.UTF-8"])
        #expect(line.status == .warning)
        #expect(line.finding.hasPrefix("LC_ALL=C"))
    }

    @Test func noLocaleWarns() {
        #expect(LocalChecks.locale([:]).status == .warning)
    }

    @Test func aColourTerminalPasses() throws {
        let lines = LocalChecks.terminal(["TERM": "xterm-256color"])
        #expect(lines.allSatisfy { $0.status == .ok }, "\(lines)")
        #expect(try lines.line(.colours).finding == "256 colours")
    }

    @Test func noTERMWarnsThatTheConsoleCannotStart() throws {
        let lines = LocalChecks.terminal([:])
        #expect(try lines.line(.terminal).status == .warning)
        #expect(try lines.line(.colours).status == .skipped)
    }

    @Test func aTerminalWithoutCursorAddressingWarns() throws {
        #expect(try LocalChecks.terminal(["TERM": "dumb"]).line(.terminal).status == .warning)
    }

    @Test func aTerminalWithoutColoursWarns() throws {
        let lines = LocalChecks.terminal(["TERM": "vt100"])
        #expect(try lines.line(.terminal).status == .ok)
        #expect(try lines.line(.colours).status == .warning)
    }

    @Test func noColorIsAChoiceNotAProblem() throws {
        let lines = LocalChecks.terminal(["TERM": "vt100", "NO_COLOR": "1"])
        #expect(try lines.line(.colours).status == .ok)
        #expect(try lines.line(.colours).finding.contains("mono theme"))
    }
}

/// The whole examination, with every way out of the process replaced: the lines, their order, and
/// the verdict.
@Suite struct DoctorExaminationTests {
    func world(_ probe: FakeProbe, _ server: FakeWeChatPay) -> DoctorWorld {
        DoctorWorld(environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"], clock: SystemClock(),
                    reach: .network(probe: probe, transport: server))
    }

    @Test func aHealthyConfigIsOKThroughout() async throws {
        let fixture = try DoctorFixture()
        let probe = FakeProbe.healthy()
        let lines = await Doctor.examine(try fixture.subject(), historyPath: fixture.dir.file(),
                                         world: world(probe, try FakeWeChatPay.signing(fixture)))
        #expect(lines.filter { $0.status != .ok }.isEmpty, "\(lines.filter { $0.status != .ok })")
        #expect(lines.map(\.check) == [.config, .flavor, .keyPermissions, .privateKey, .keyPair, .certificate, .verification,
                                       .publicKeyID, .publicKey, .dns, .tcp, .tls, .http, .clock, .signedCall, .history,
                                       .locale, .terminal, .colours])
        #expect(probe.urls.map(\.absoluteString) == ["https://api.mch.weixin.qq.com/"])
        let report = DoctorReport(configFile: fixture.dir.file("config.json"), flavor: .partner, diagnoses: lines, configUnusable: false)
        #expect(report.exitCode == .ok)
    }

    @Test func anUnreachableHostFailsAndTheSignedCallIsNotMade() async throws {
        let fixture = try DoctorFixture()
        let server = try FakeWeChatPay.signing(fixture)
        let lines = await Doctor.examine(try fixture.subject(), historyPath: fixture.dir.file(),
                                         world: world(FakeProbe.failing(at: .tcp, "could not connect"), server))
        #expect(try lines.line(.tcp).status == .failure)
        #expect(try lines.line(.signedCall).status == .skipped)
        #expect(server.requests.isEmpty)
        #expect(DoctorReport(configFile: nil, flavor: .partner, diagnoses: lines, configUnusable: false).exitCode == .failure)
    }

    @Test func aFailureInTheConfigLineStillLetsEveryOtherCheckRun() async throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_id"] = "0114232134912410000000000000"
        let lines = await Doctor.examine(try fixture.subject(), historyPath: fixture.dir.file(),
                                         world: world(FakeProbe.healthy(), try FakeWeChatPay.signing(fixture)))
        #expect(try lines.line(.config).status == .failure)
        #expect(try lines.line(.publicKeyID).status == .failure)
        #expect(try lines.line(.keyPair).status == .ok)
        #expect(try lines.line(.dns).status == .ok)
    }

    @Test func theDemoHasNoNetworkToProbe() async throws {
        let fixture = try DoctorFixture()
        let lines = await Doctor.examine(try fixture.subject(), historyPath: fixture.dir.file(),
                                         world: DoctorWorld(environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"], clock: SystemClock(),
                                                            reach: .inProcess(transport: try FakeWeChatPay.signing(fixture), description: v("in-process"))))
        #expect(lines.filter { [.dns, .tcp, .tls, .http, .clock].contains($0.check) }.isEmpty)
        #expect(try lines.line(.network).status == .ok)
        #expect(try lines.line(.signedCall).status == .ok)
    }

    @Test func theTextReportMarksEachLineAndSaysWhatToDo() throws {
        let report = DoctorReport(configFile: "/c.json", flavor: .partner, diagnoses: [
            .ok(.config, v("loads")),
            .failure(.keyPair, v("not a pair"), advice: v("use the right key")),
            .warning(.clock, v("90 s ahead"), advice: v("sync")),
        ], configUnusable: false)
        let lines = report.text(.english).split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("✓ Config") && $0.hasSuffix("loads") })
        #expect(lines.contains { $0.hasPrefix("✗ Key pair, serial") })
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "→ use the right key" })
        #expect(report.text(.english).contains("1 ok, 1 warning, 1 failed"))
        #expect(report.exitCode == .failure)
    }

    @Test func theJSONReportHasOneObjectWithFixedKeys() throws {
        let report = DoctorReport(configFile: "/c.json", flavor: .brand, diagnoses: [
            .ok(.dns, v("resolved"), details: ["ms": .number(12.5)]),
            .warning(.clock, v("90 s ahead"), advice: v("sync"), details: ["skew_seconds": .number(90)]),
        ], configUnusable: false)
        let object = try #require(try JSONSerialization.jsonObject(with: report.json) as? [String: Any])
        #expect(Set(object.keys) == ["config", "flavor", "exit_code", "summary", "checks"])
        #expect(object["flavor"] as? String == "brand")
        #expect(object["exit_code"] as? Int == 0)
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String } == ["dns", "clock"])
        #expect(checks[1]["status"] as? String == "warning")
        #expect((checks[0]["details"] as? [String: Any])?["ms"] as? Double == 12.5)
        #expect(checks[0]["advice"] is NSNull)
    }
}

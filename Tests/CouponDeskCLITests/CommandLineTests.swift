import CouponDeskTestSupport
import Foundation
import Testing

/// The command line as a whole, run in-process: dispatch, help, usage errors and exit codes.
@Suite struct CommandLineTests {
    @Test func topLevelHelpListsEveryCommand() async throws {
        let run = try await CommandLineRun.coupondesk(["--help"])
        #expect(run.status == 0)
        for name in ["send", "resend", "history list", "history show", "history export", "sandbox init", "demo"] {
            #expect(run.stdout.contains("coupondesk \(name)"), "help does not list \(name)")
        }
    }

    @Test func anUnknownCommandSuggestsTheNearestAndExits64() async throws {
        let run = try await CommandLineRun.coupondesk(["sned"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("did you mean 'send'?"))
    }

    @Test func aCommandsHelpIsShownAndNothingRuns() async throws {
        let run = try await CommandLineRun.coupondesk(["send", "--openid", "oA", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Usage: coupondesk send"))
    }

    @Test func helpAsTheValueOfAnOptionIsNotARequestForHelp() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["send", "--openid", "oA", "--brand-id", "120344", "--product-coupon-id", "1",
                                                       "--stock-id", "1", "--appid", "wx233544546545989", "--attach", "--help",
                                                       "--config", dir.file("none.json"), "--history", dir.file("h.jsonl")])
        #expect(!run.stdout.contains("Usage:"))
        #expect(run.status == 78, "the send went on to the config, which is missing: \(run.stderr)")
    }

    @Test func invalidFieldsAreRefusedWithExit64BeforeTheConfigIsRead() async throws {
        let run = try await CommandLineRun.coupondesk(["send", "--openid", "o A", "--brand-id", "120344", "--product-coupon-id", "1",
                                                       "--stock-id", "1", "--appid", "wx1", "--config", "/nonexistent/config.json"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("openid"))
        #expect(run.stderr.contains("nothing was sent"))
    }

    @Test func aMissingRequiredOptionIsAUsageErrorWithTheUsageLine() async throws {
        let run = try await CommandLineRun.coupondesk(["send", "--openid", "oA"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("missing required options: --product-coupon-id"))
        #expect(run.stderr.contains("Usage: coupondesk send"))
    }

    /// A sandbox directory made by `sandbox init` (in-process too), whose config.json a sending command can use.
    static func sandbox() async throws -> TempDir {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["sandbox", "init", dir.file("sbx")])
        #expect(run.status == 0, "sandbox init: \(run.stderr)")
        return dir
    }

    @Test func resendOfANumberNotInTheHistoryIsRefusedAndNothingIsSent() async throws {
        let dir = try await Self.sandbox()
        let run = try await CommandLineRun.coupondesk(["resend", "NOTHERE001", "--config", dir.file("sbx/config.json"),
                                                       "--history", dir.file()])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no send with send_request_no NOTHERE001"))
        #expect(!FileManager.default.fileExists(atPath: dir.file()))
    }

    @Test func resendOfAnIssuedSendIsRefusedNamingItsToken() async throws {
        let dir = try await Self.sandbox()
        writeText(dir.file(), try line(record("SRN0001", .issued)))
        let run = try await CommandLineRun.coupondesk(["resend", "SRN0001", "--config", dir.file("sbx/config.json"),
                                                       "--history", dir.file()])
        #expect(run.status == 64)
        #expect(run.stderr.contains("already issued (token TOKEN-SRN0001"))
    }
}

/// What a send prints, for people and for scripts (DESIGN §3), on the embedded demo sandbox.
@Suite struct SendOutputTests {
    static func demoSend(_ extra: [String]) async throws -> (CommandLineRun, TempDir) {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-output-test"] + extra,
                                                      environment: ["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path])
        return (run, dir)
    }

    @Test func jsonOutputIsExactlyOneHistoryRecord() async throws {
        let (run, _) = try await Self.demoSend(["--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "issued")
        #expect((object["request"] as? [String: Any])?["openid"] as? String == "o-output-test")
        #expect((object["token"] as? String)?.isEmpty == false)
    }

    @Test func humanOutputSaysIssuedWithTheToken() async throws {
        let (run, _) = try await Self.demoSend([])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("[DEMO sandbox: nothing real was sent]\nissued: token "), "\(run.stdout)")
        #expect(run.stdout.contains("o-output-test"))
    }
}

import Foundation
import Testing
@testable import CouponDeskCLI

/// How a command line is read against a command's spec (DESIGN §3).
@Suite struct ArgumentParsingTests {
    static let spec = CommandSpec(name: "send", summary: .sendSummary, positionals: [],
                                  options: [.value("--openid", "O", required: true, .sendOpenid), .value("--attach", "T", .sendAttach),
                                            .flag("--json", .sendJson)], discussion: .sendDiscussion)

    @Test func valuesComeSpacedOrWithAnEqualsSign() throws {
        let parsed = try ArgumentParser.parse(["--openid", "oA", "--attach=x=y", "--json"], spec: Self.spec)
        #expect(parsed.value("--openid") == "oA")
        #expect(parsed.value("--attach") == "x=y")
        #expect(parsed.has("--json"))
    }

    @Test func everyProblemIsReportedAtOnce() {
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--opnid", "x", "--json=1"], spec: Self.spec) }
        do { _ = try ArgumentParser.parse(["--opnid", "x", "--json=1"], spec: Self.spec) } catch {
            #expect(error.message.contains("unknown option --opnid (did you mean --openid?)"))
            #expect(error.message.contains("--json takes no value"))
            #expect(error.message.contains("missing required option: --openid"))
        }
    }

    @Test func helpAsAnOptionsValueIsAValue() throws {
        #expect(!ArgumentParser.asksForHelp(["--openid", "oA", "--attach", "--help"], spec: Self.spec))
        let parsed = try ArgumentParser.parse(["--openid", "oA", "--attach", "--help"], spec: Self.spec)
        #expect(parsed.value("--attach") == "--help")
    }

    @Test func helpWhereAnOptionGoesAsksForHelp() {
        #expect(ArgumentParser.asksForHelp(["--openid", "oA", "--help"], spec: Self.spec))
        #expect(ArgumentParser.asksForHelp(["-h"], spec: Self.spec))
        #expect(!ArgumentParser.asksForHelp(["--openid", "oA", "--", "--help"], spec: Self.spec))
    }
}

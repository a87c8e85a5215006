import CouponDeskTestSupport
import Foundation
import Testing

/// The core's refusals (nothing sent) in the user's language: whether a user got a coupon must be as
/// plain in Chinese as in English.
@Suite struct RefusalLanguageTests {
    /// A demo send, then another request under its number: the second is refused, nothing sent.
    static func reuseANumber(_ language: [String: String]) async throws -> CommandLineRun {
        let dir = try TempDir()
        let env = language.merging(["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path]) { $1 }
        let first = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-first", "--send-request-no", "CDREUSE000001"], environment: env)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        return try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-second", "--send-request-no", "CDREUSE000001"], environment: env)
    }

    @Test func aReusedNumberIsRefusedInChinese() async throws {
        let run = try await Self.reuseANumber(LanguageTests.chinese)
        #expect(run.status == 64)
        #expect(run.stderr.contains("未发送：send_request_no CDREUSE000001 已属于") && run.stderr.contains("已发放，token"), "\(run.stderr)")
        #expect(LanguageTests.englishSentences(in: run.stderr) == [], "\(run.stderr)")
    }

    @Test func aReusedNumberIsRefusedInEnglishAsBefore() async throws {
        let run = try await Self.reuseANumber(LanguageTests.english)
        #expect(run.status == 64)
        #expect(run.stderr.contains("not sent: send_request_no CDREUSE000001 already belongs to the send of"), "\(run.stderr)")
        #expect(run.stderr.contains("use a new send_request_no for this request"))
    }
}

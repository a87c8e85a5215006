import CouponDeskTestSupport
import Foundation
import Testing

/// Why a config value or a key file is refused, in the command line's language: the reason as well
/// as its frame (which file, which key). `send` exits 78 either way and sends nothing.
@Suite struct ConfigLanguageTests {
    static let sendArguments = ["send", "--openid", "o", "--product-coupon-id", "P", "--stock-id", "S", "--appid", "A"]

    /// A partner config with `changes` (key → JSON value) applied, its key file beside it.
    static func config(_ dir: TempDir, _ changes: [String: String]) throws -> String {
        let notPEM = try dir.write("apiclient_key.pem", "this is not a key\n")
        var object: [String: Any] = ["mchid": "1900000001", "merchant_serial_no": "5157F09EFDC096DE15EBE81A47057A72",
                                     "private_key_file": notPEM, "wechatpay_public_key_id": "PUB_KEY_ID_0114232134912410000000000000",
                                     "wechatpay_public_key_file": notPEM]
        for (key, value) in changes { object[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed) }
        let data = try JSONSerialization.data(withJSONObject: object)
        return try dir.write("config.json", String(decoding: data, as: UTF8.self))
    }

    static func send(_ changes: [String: String], _ language: [String: String]) async throws -> CommandLineRun {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(sendArguments + ["--config", try config(dir, changes)],
                                                      environment: language.merging(["XDG_DATA_HOME": dir.path]) { $1 })
        #expect(run.status == 78, "\(run.stderr)")
        return run
    }

    /// Values the config refuses, each with its reason in Chinese.
    static let refused: [(String, [String: String], String)] = [
        ("timeout", ["timeout_seconds": "0"], "必须在 1 到 300 秒之间，现为 0"),
        ("language", ["language": "\"fr\""], "必须是 \"en\", \"zh-Hans\" 之一"),
        ("scheme", ["base_url": "\"ftp://api.mch.weixin.qq.com\""], "协议必须是 https"),
        ("plain http", ["base_url": "\"http://api.mch.weixin.qq.com\""], "不允许使用明文 http"),
        ("flavor", ["flavor": "\"both\""], "必须是 \"partner\"（服务商，默认）或 \"brand\"（品牌直连）"),
        ("wrong type", ["timeout_seconds": "\"ten\""], "必须是 数字"),
        ("other flavor's key", ["brand_id": "\"120344\""], "属于品牌直连模式，而此配置是服务商模式"),
    ]

    @Test(arguments: refused.map(\.0))
    func aRefusedValueIsSaidInChinese(_ name: String) async throws {
        let (_, changes, reason) = try #require(Self.refused.first { $0.0 == name })
        let run = try await Self.send(changes, LanguageTests.chinese)
        #expect(run.stderr.contains(reason), "\(run.stderr)")
        #expect(LanguageTests.englishSentences(in: run.stderr) == [], "\(run.stderr)")
    }

    @Test func aRefusedValueIsSaidInEnglishAsBefore() async throws {
        let run = try await Self.send(["timeout_seconds": "0"], LanguageTests.english)
        #expect(run.stderr.contains("\"timeout_seconds\": must be at least 1 and at most 300 seconds, got 0"), "\(run.stderr)")
    }

    @Test func aKeyFileThatIsNotPEMIsSaidInChinese() async throws {
        let run = try await Self.send([:], LanguageTests.chinese)
        #expect(run.stderr.contains("不是 PEM 格式的私钥"), "\(run.stderr)")
        #expect(LanguageTests.englishSentences(in: run.stderr) == [], "\(run.stderr)")
    }

    /// `doctor` names the same key-file problem, and the network's, in Chinese.
    @Test func theDoctorSaysAKeyFileAndTheNetworkInChinese() async throws {
        let dir = try TempDir()
        let config = try Self.config(dir, ["base_url": "\"http://127.0.0.1:1\""])
        let run = try await CommandLineRun.coupondesk(["doctor", "--config", config],
                                                      environment: LanguageTests.chinese.merging(["XDG_DATA_HOME": dir.path, "TERM": "xterm-256color"]) { $1 })
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("不是 PEM 格式的私钥"), "\(run.stdout)")
        #expect(run.stdout.contains("无法连接到 127.0.0.1"), "\(run.stdout)")
        // libcurl's own words (in full-width brackets) stay as libcurl wrote them, like the system's.
        let ours = run.stdout.replacing(/（[^（）]*）/, with: "")
        #expect(LanguageTests.englishSentences(in: ours) == [], "\(run.stdout)")
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct ConfigTests {
    /// A folder with the merchant key, a WeChat Pay public key and a config naming them relatively.
    struct Setup {
        let folder: TempDir
        let environment: [String: String]
        init() throws {
            folder = try TempDir()
            let pem = String(decoding: try Fixture.merchantKey.pkcs8PEM(), as: UTF8.self)
            try FileManager.default.createDirectory(atPath: folder.file("keys"), withIntermediateDirectories: true)
            try folder.write("keys/apiclient_key.pem", pem, mode: 0o600)
            try folder.write("keys/pub_key.pem", String(decoding: try Fixture.wechatpayKey.publicKey.spkiPEM(), as: UTF8.self))
            environment = ["HOME": folder.path + "/home"]
        }

        func config(_ extra: String = "", base: String = "https://api.mch.weixin.qq.com") -> String {
            """
            {"base_url": "\(base)", "mchid": "1900000001", "merchant_serial_no": "5157f09efdc096de",
             "private_key_file": "keys/apiclient_key.pem",
             "wechatpay_public_key_id": "\(Fixture.publicKeyID)", "wechatpay_public_key_file": "keys/pub_key.pem"\(extra)}
            """
        }

        func load(_ text: String) throws(ConfigError) -> CouponDeskConfig {
            // A file that could not be written is one the loader cannot find: the test fails either way.
            let path = (try? folder.write("config.json", text)) ?? folder.file("config.json")
            return try CouponDeskConfig.load(path: path, environment: environment)
        }
    }

    @Test func completeConfigLoadsWithPathsRelativeToTheConfigFile() throws {
        let setup = try Setup()
        let config = try setup.load(setup.config(#", "timeout_seconds": 5, "operator": "alice", "theme": "light", "history_file": "h/history.jsonl", "platform_certificate_files": [], "defaults": {"brand_id": "120344", "appid": "wx1", "product_coupon_id": "P1", "stock_id": "S1"}"#))
        #expect(config.privateKeyFile == setup.folder.path + "/keys/apiclient_key.pem")
        #expect(config.wechatpayPublicKeyFile == setup.folder.path + "/keys/pub_key.pem")
        #expect(config.historyFile == setup.folder.path + "/h/history.jsonl")
        #expect(config.serialNo == "5157F09EFDC096DE")
        #expect(config.timeoutSeconds == 5)
        #expect(config.operator == "alice")
        #expect(config.theme == "light")
        #expect(config.defaults == .init(brandID: "120344", appid: "wx1", productCouponID: "P1", stockID: "S1"))
    }

    @Test func baseURLDefaultsToWeChatPay() throws {
        let setup = try Setup()
        let text = setup.config().replacingOccurrences(of: #""base_url": "https://api.mch.weixin.qq.com", "#, with: "")
        #expect(try setup.load(text).baseURL.absoluteString == "https://api.mch.weixin.qq.com")
    }

    @Test func languageIsZhHansOrEnAndDefaultsToNone() throws {
        let setup = try Setup()
        #expect(try setup.load(setup.config(#", "language": "zh-Hans""#)).language == .zhHans)
        #expect(try setup.load(setup.config(#", "language": "en""#)).language == .en)
        #expect(try setup.load(setup.config()).language == nil)
    }

    @Test(arguments: ["zh_CN", "zh", "fr"])
    func anotherLanguageIsRefusedNamingTheTwoValues(_ value: String) throws {
        let setup = try Setup()
        #expect(throws: ConfigError.invalidValue(path: setup.folder.file("config.json"), key: "language",
                                                 reason: "must be one of \"en\", \"zh-Hans\", got \"\(value)\"")) {
            try setup.load(setup.config(#", "language": "\#(value)""#))
        }
    }

    @Test func unknownKeyIsAnErrorThatNamesIt() throws {
        let setup = try Setup()
        #expect(throws: ConfigError.unknownKey(path: setup.folder.file("config.json"), key: "timeout", suggestion: "timeout_seconds")) {
            try setup.load(setup.config(#", "timeout": 5"#))
        }
    }

    @Test func unknownKeyInsideDefaultsIsNamedWithItsPath() throws {
        let setup = try Setup()
        do { _ = try setup.load(setup.config(#", "defaults": {"brandid": "1"}"#)); Issue.record("accepted") } catch {
            #expect(error.description.contains(#"unknown key "defaults.brandid""#))
            #expect(error.description.contains(#"did you mean "defaults.brand_id""#))
        }
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() throws {
        let setup = try Setup()
        do { _ = try setup.load(setup.config(base: "http://api.mch.weixin.qq.com")); Issue.record("accepted") } catch {
            guard case .invalidValue(_, let key, let reason) = error else { Issue.record("\(error)"); return }
            #expect(key == "base_url")
            #expect(reason.contains("plain http is refused"))
        }
    }

    @Test(arguments: ["http://127.0.0.1:8080", "http://localhost:9000/", "http://[::1]:8443", "http://127.1.2.3"])
    func plainHTTPToLoopbackIsAllowed(_ base: String) throws {
        let setup = try Setup()
        #expect(try setup.load(setup.config(base: base)).baseURL.absoluteString == base)
    }

    @Test func missingRequiredKeyIsNamed() throws {
        let setup = try Setup()
        let text = setup.config().replacingOccurrences(of: #""mchid": "1900000001", "#, with: "")
        #expect(throws: ConfigError.missingKey(path: setup.folder.file("config.json"), key: "mchid")) { try setup.load(text) }
    }

    @Test func notJSONIsAConfigError() throws {
        let setup = try Setup()
        do { _ = try setup.load("mchid = 1900000001"); Issue.record("accepted") } catch {
            guard case .notJSON = error else { Issue.record("\(error)"); return }
        }
        do { _ = try CouponDeskConfig.parse(Data([0x7B, 0xFF, 0xFE, 0x7D]), file: "bad.json"); Issue.record("accepted") } catch {
            guard case .notJSON = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func wrongTypesAreNamed() throws {
        let setup = try Setup()
        #expect(throws: ConfigError.wrongType(path: setup.folder.file("config.json"), key: "timeout_seconds", expected: "a number")) {
            try setup.load(setup.config(#", "timeout_seconds": "5""#))
        }
        #expect(throws: ConfigError.wrongType(path: setup.folder.file("config.json"), key: "timeout_seconds", expected: "a number")) {
            try setup.load(setup.config(#", "timeout_seconds": true"#))
        }
    }

    @Test func controlCharactersInValuesAreRefused() throws {
        let setup = try Setup()
        #expect(throws: ConfigError.invalidValue(path: setup.folder.file("config.json"), key: "operator", reason: "contains control characters")) {
            try setup.load(setup.config(#", "operator": "al\u001b[2Jice""#))
        }
    }

    @Test func decimalSerialIsRefused() throws {
        let setup = try Setup()
        let text = setup.config().replacingOccurrences(of: "5157f09efdc096de", with: "1234567890123456789012x")
        do { _ = try setup.load(text); Issue.record("accepted") } catch {
            #expect(error.description.contains("merchant_serial_no"))
        }
    }

    @Test func noWayToVerifyResponsesIsAnError() throws {
        let setup = try Setup()
        let text = #"{"mchid": "1900000001", "merchant_serial_no": "5157F09E", "private_key_file": "keys/apiclient_key.pem"}"#
        do { _ = try setup.load(text); Issue.record("accepted") } catch {
            #expect(error.description.contains("no way to verify responses"))
        }
    }

    @Test func clientConfigurationSignsWithTheKeyAndVerifiesWithThePublicKey() throws {
        let setup = try Setup()
        let client = try setup.load(setup.config()).makeClientConfiguration()
        #expect(client.wechatpayPublicKeyID == Fixture.publicKeyID)
        #expect(client.signer.serialNo == "5157F09EFDC096DE")
        let response = try Fixture.signedResponse(status: 200, body: "{}", timestamp: Date())
        #expect(throws: Never.self) { try client.verifier.verify(headers: response.headers, body: response.body) }
    }

    @Test func missingKeyFileIsNamedWithItsConfigKey() throws {
        let setup = try Setup()
        try FileManager.default.removeItem(atPath: setup.folder.file("keys/pub_key.pem"))
        do { _ = try setup.load(setup.config()).makeClientConfiguration(); Issue.record("accepted") } catch {
            #expect(error == .keyFile(key: "wechatpay_public_key_file", problem: .missing(file: setup.folder.file("keys/pub_key.pem"))))
        }
    }

    @Test func notAKeyIsNamed() throws {
        let setup = try Setup()
        try setup.folder.write("keys/apiclient_key.pem", "hello")
        do { _ = try setup.load(setup.config()).makeClientConfiguration(); Issue.record("accepted") } catch {
            #expect(error.description.contains("private_key_file"))
            #expect(error.description.contains("apiclient_key.pem"))
        }
    }

    @Test func privateKeyReadableByOthersGivesAWarning() throws {
        let setup = try Setup()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: setup.folder.file("keys/apiclient_key.pem"))
        var warnings: [String] = []
        _ = try setup.load(setup.config()).makeClientConfiguration(warn: { warnings.append($0) })
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("chmod 600") == true)
    }

    @Test func ownPublicKeyGivenAsWeChatPayKeyIsCaught() throws {
        let setup = try Setup()
        try setup.folder.write("keys/pub_key.pem", String(decoding: try Data(contentsOf: URL(fileURLWithPath: SigningVectorFixture.publicKeyPath())), as: UTF8.self))
        do { _ = try setup.load(setup.config()).makeClientConfiguration(); Issue.record("accepted") } catch {
            #expect(error.description.contains("your own merchant private key"))
        }
    }

    @Test func merchantCertificateOfAnotherKeyIsAMismatchedPair() throws {
        let setup = try Setup()
        let other = setup.folder.file("keys/other.pem")
        try RSAPrivateKey.generate().pkcs8PEM().write(to: URL(fileURLWithPath: other))
        let certificate = setup.folder.file("keys/apiclient_cert.pem")
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", other, "-out", certificate, "-days", "1",
                                                        "-subj", "/CN=test", "-set_serial", "0x5157F09EFDC096DE"])
        #expect(status == 0)
        do {
            _ = try setup.load(setup.config(#", "merchant_certificate_file": "keys/apiclient_cert.pem""#)).makeClientConfiguration()
            Issue.record("accepted")
        } catch {
            #expect(error == .keyFile(key: "private_key_file", problem: .mismatchedPair(privateFile: setup.folder.file("keys/apiclient_key.pem"), publicFile: certificate)))
        }
    }

    @Test func merchantCertificateWithAnotherSerialIsCaught() throws {
        let setup = try Setup()
        let certificate = setup.folder.file("keys/apiclient_cert.pem")
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", setup.folder.file("keys/apiclient_key.pem"), "-out", certificate,
                                                        "-days", "1", "-subj", "/CN=test", "-set_serial", "0x0A0B0C"])
        #expect(status == 0)
        do {
            _ = try setup.load(setup.config(#", "merchant_certificate_file": "keys/apiclient_cert.pem""#)).makeClientConfiguration()
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("merchant_serial_no"))
            #expect(error.description.contains("0A0B0C"))
        }
    }

    @Test func configIsFoundFromTheFlagThenTheEnvironmentThenXDG() throws {
        let folder = try TempDir()
        let flag = try folder.write("flag.json", "{}")
        let env = try folder.write("env.json", "{}")
        try FileManager.default.createDirectory(atPath: folder.file("xdg/coupondesk"), withIntermediateDirectories: true)
        let xdg = try folder.write("xdg/coupondesk/config.json", "{}")
        let environment = ["COUPONDESK_CONFIG": env, "XDG_CONFIG_HOME": folder.file("xdg"), "HOME": folder.path]
        #expect(try ConfigLocation.configPath(explicit: flag, environment: environment) == flag)
        #expect(try ConfigLocation.configPath(explicit: nil, environment: environment) == env)
        #expect(try ConfigLocation.configPath(explicit: nil, environment: ["XDG_CONFIG_HOME": folder.file("xdg")]) == xdg)
        #expect(try ConfigLocation.configPath(explicit: nil, environment: ["HOME": folder.path]) == nil)
        #expect(throws: ConfigError.notFound(path: folder.file("nope.json"))) {
            try ConfigLocation.configPath(explicit: folder.file("nope.json"), environment: environment)
        }
    }

    @Test func historyPathComesFromTheFlagThenTheConfigThenXDGData() throws {
        let setup = try Setup()
        let config = try setup.load(setup.config(#", "history_file": "log.jsonl""#))
        #expect(ConfigLocation.historyPath(explicit: "/tmp/x.jsonl", config: config, environment: [:]) == "/tmp/x.jsonl")
        #expect(ConfigLocation.historyPath(explicit: nil, config: config, environment: [:]) == setup.folder.file("log.jsonl"))
        #expect(ConfigLocation.historyPath(explicit: nil, config: nil, environment: ["XDG_DATA_HOME": "/data"]) == "/data/coupondesk/history.jsonl")
        #expect(ConfigLocation.historyPath(explicit: nil, config: nil, environment: ["HOME": "/home/a"]) == "/home/a/.local/share/coupondesk/history.jsonl")
    }
}

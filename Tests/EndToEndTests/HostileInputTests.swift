import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// Hostile input to the real `coupondesk` binary (issue 6): fields at and past their limits, bytes that
/// are not UTF-8, control characters, broken configs and keys, plain http to another host, and hostile
/// response text. Each refusal must say what is wrong, send nothing (the sandbox's exchange log stays
/// empty) and record nothing; each accepted edge must go through.
@Suite struct HostileInputTests {
    // MARK: Fields at and past their limits

    struct FieldCase: Sendable, CustomTestStringConvertible {
        var name: String
        var openid: [UInt8] = Array("o-hostile".utf8)
        var sendRequestNo: String? = nil
        var stockID = DemoData.StockID.plenty
        var brandID = DemoData.brandID
        var productCouponID = DemoData.productCouponID
        var appid = DemoData.appid
        var couponCode: String? = nil
        var attach: [UInt8]? = nil
        /// nil: accepted and sent; else the field the refusal must name.
        var refusedField: String?
        /// The exit code of a sent request: 0 issued, 3 when the sandbox knows no such id.
        var sentExit: Int32 = 0
        var testDescription: String { name }

        func arguments(_ sandbox: CLISandbox, number: String) -> [[UInt8]] {
            var a: [[UInt8]] = [Array("send".utf8), Array("--openid".utf8), openid]
            for (option, value) in [("--brand-id", brandID), ("--product-coupon-id", productCouponID), ("--stock-id", stockID),
                                    ("--appid", appid), ("--send-request-no", sendRequestNo ?? number),
                                    ("--config", sandbox.configPath), ("--history", sandbox.historyPath)] {
                a += [Array(option.utf8), Array(value.utf8)]
            }
            if let couponCode { a += [Array("--coupon-code".utf8), Array(couponCode.utf8)] }
            if let attach { a += [Array("--attach".utf8), attach] }
            a.append(Array("--json".utf8))
            return a
        }
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }
    static let long128 = String(repeating: "a", count: 128)
    static let long129 = String(repeating: "a", count: 129)

    static let fieldCases: [FieldCase] = [
        FieldCase(name: "send_request_no of 6 characters", sendRequestNo: "Ab_-09", refusedField: nil),
        FieldCase(name: "send_request_no of 40 characters", sendRequestNo: String(repeating: "N", count: 40), refusedField: nil),
        FieldCase(name: "send_request_no of 5 characters", sendRequestNo: "Ab_-0", refusedField: "send_request_no"),
        FieldCase(name: "send_request_no of 41 characters", sendRequestNo: String(repeating: "N", count: 41), refusedField: "send_request_no"),
        FieldCase(name: "send_request_no with a dot", sendRequestNo: "ABC.123", refusedField: "send_request_no"),
        FieldCase(name: "coupon_code of 40 characters", stockID: DemoData.StockID.apiAssign,
                  couponCode: String(repeating: "C", count: 40), refusedField: nil),
        FieldCase(name: "coupon_code of 41 characters", stockID: DemoData.StockID.apiAssign,
                  couponCode: String(repeating: "C", count: 41), refusedField: "coupon_code"),
        FieldCase(name: "attach of 150 Chinese characters", attach: text(String(repeating: "券", count: 150)), refusedField: nil),
        FieldCase(name: "attach of 151 Chinese characters", attach: text(String(repeating: "券", count: 151)), refusedField: "attach"),
        FieldCase(name: "attach with an escape sequence", attach: text("hi \u{1B}[2J\u{1B}]0;owned\u{07}"), refusedField: "attach"),
        FieldCase(name: "attach that is not UTF-8", attach: [0x61, 0xFF, 0xFE, 0x62], refusedField: "attach"),
        FieldCase(name: "openid of 128 characters", openid: text(long128), refusedField: nil),
        FieldCase(name: "openid of 129 characters", openid: text(long129), refusedField: "openid"),
        FieldCase(name: "openid with / and .. stays one path segment", openid: text("a/../b?c#d%2F"), refusedField: nil),
        FieldCase(name: "openid '..'", openid: text(".."), refusedField: "openid"),
        FieldCase(name: "empty openid", openid: [], refusedField: "openid"),
        FieldCase(name: "openid with a space", openid: text("o user"), refusedField: "openid"),
        FieldCase(name: "openid with an escape sequence", openid: text("o\u{1B}[31m"), refusedField: "openid"),
        FieldCase(name: "openid that is not UTF-8", openid: [0x6F, 0xC3, 0x28], refusedField: "openid"),
        FieldCase(name: "brand_id of 128 characters", brandID: long128, refusedField: nil, sentExit: 3),
        FieldCase(name: "product_coupon_id of 128 characters", productCouponID: long128, refusedField: nil, sentExit: 3),
        FieldCase(name: "stock_id of 128 characters", stockID: long128, refusedField: nil, sentExit: 3),
        FieldCase(name: "appid of 128 characters", appid: long128, refusedField: nil, sentExit: 3),
        FieldCase(name: "brand_id of 129 characters", brandID: long129, refusedField: "brand_id"),
        FieldCase(name: "product_coupon_id of 129 characters", productCouponID: long129, refusedField: "product_coupon_id"),
        FieldCase(name: "stock_id of 129 characters", stockID: long129, refusedField: "stock_id"),
        FieldCase(name: "appid of 129 characters", appid: long129, refusedField: "appid"),
        FieldCase(name: "appid with a C1 control", appid: "wx\u{9B}31m", refusedField: "appid"),
    ]

    @Test(arguments: fieldCases)
    func aFieldIsCheckedAtAndPastItsLimitBeforeAnythingIsSent(_ c: FieldCase) async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("field")
        let result = try await sandbox.run(bytes: c.arguments(sandbox, number: number))
        #expect(result.firstUnsafeCharacter == nil, "\(result.err)")
        if let field = c.refusedField {
            #expect(result.status == 64, "stdout: \(result.out) stderr: \(result.err)")
            #expect(result.err.contains(field), "the error names the field: \(result.err)")
            #expect(result.stdout.isEmpty)
            #expect(sandbox.engine.exchanges().isEmpty, "nothing sent")
            #expect(try sandbox.allRecords().isEmpty, "nothing recorded")
        } else {
            #expect(result.status == c.sentExit, "stdout: \(result.out) stderr: \(result.err)")
            #expect(sandbox.engine.exchanges().count == 1, "sent")
            let record = try result.record()
            #expect(record.outcome == (c.sentExit == 0 ? .issued : .rejected))
            // What was sent is exactly what was typed.
            #expect(Array(record.request.openid.utf8) == c.openid)
            if let attach = c.attach { #expect(Array((record.request.attach ?? "").utf8) == attach) }
        }
    }

    @Test func aSendWithoutAnOpenidNamesItAndSendsNothing() async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.run(["send", "--stock-id", DemoData.StockID.plenty, "--config", sandbox.configPath,
                                            "--history", sandbox.historyPath])
        #expect(result.status == 64)
        #expect(result.err.contains("openid"), "\(result.err)")
        #expect(sandbox.engine.exchanges().isEmpty)
        #expect(try sandbox.allRecords().isEmpty)
    }

    @Test func controlCharactersInAnyArgumentAreNeverEchoedRaw() async throws {
        let sandbox = try CLISandbox()
        let evil = "x\u{1B}[2J\u{1B}]0;owned\u{07}\u{9B}6n"
        for arguments in [["--theme", evil, "--config", sandbox.configPath], [evil], ["send", "--\(evil)", "1"],
                          ["history", "show", evil, "--history", sandbox.historyPath],
                          ["history", "list", "--outcome", evil, "--history", sandbox.historyPath],
                          ["send", "--openid", "o", "--config", sandbox.configPath + evil]] {
            let result = try await sandbox.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(!result.err.isEmpty, "\(arguments)")
            #expect(result.firstUnsafeCharacter == nil, "\(arguments): \(result.err)")
        }
        #expect(sandbox.engine.exchanges().isEmpty)
    }

    // MARK: Configuration and keys

    struct ConfigCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// Changes the sandbox's files before the send.
        var prepare: @Sendable (CLISandbox) throws -> Void
        /// Words the error must contain (which key or file, what is wrong).
        var mentions: [String]
        var testDescription: String { name }
    }

    static func write(_ bytes: [UInt8], _ sandbox: CLISandbox, _ name: String) throws -> String {
        let path = sandbox.directory.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let configCases: [ConfigCase] = [
        ConfigCase(name: "a config that is not JSON", prepare: { s in
            _ = try write(text("base_url = https://api.mch.weixin.qq.com\n"), s, SandboxDirectory.clientConfigFile)
        }, mentions: ["config", "JSON"]),
        ConfigCase(name: "a config that is a JSON list", prepare: { s in
            _ = try write(text("[1, 2]"), s, SandboxDirectory.clientConfigFile)
        }, mentions: ["config", "object"]),
        ConfigCase(name: "a config that is not UTF-8", prepare: { s in
            _ = try write(text("{\"mchid\": \"19") + [0xFF, 0xFE] + text("\"}"), s, SandboxDirectory.clientConfigFile)
        }, mentions: ["config", "UTF-8"]),
        ConfigCase(name: "a control character in a config value", prepare: { s in
            try s.editConfig { $0["operator"] = "eve\u{1B}[2J\u{1B}]0;owned\u{07}" }
        }, mentions: ["operator", "control"]),
        ConfigCase(name: "an unknown config key", prepare: { s in
            try s.editConfig { $0["timeout"] = 5 }
        }, mentions: ["timeout", "timeout_seconds"]),
        ConfigCase(name: "a number given as text", prepare: { s in
            try s.editConfig { $0["timeout_seconds"] = "5" }
        }, mentions: ["timeout_seconds", "number"]),
        ConfigCase(name: "a timeout below 1 s (URLSession would time out every exchange)", prepare: { s in
            try s.editConfig { $0["timeout_seconds"] = 0.5 }
        }, mentions: ["timeout_seconds", "at least 1"]),
        ConfigCase(name: "a missing config file", prepare: { s in
            try FileManager.default.removeItem(atPath: s.configPath)
        }, mentions: ["config.json", "not found"]),
        ConfigCase(name: "a private key file that is not a key", prepare: { s in
            let path = try write(text("hello, I am not a key\n"), s, "not-a-key.pem")
            try s.editConfig { $0["private_key_file"] = path }
        }, mentions: ["private_key_file", "not-a-key.pem"]),
        ConfigCase(name: "a public key given as the private key", prepare: { s in
            try s.editConfig { $0["private_key_file"] = SandboxDirectory.wechatpayPublicKeyFile }
        }, mentions: ["private_key_file", SandboxDirectory.wechatpayPublicKeyFile]),
        ConfigCase(name: "a WeChat Pay public key file that is not a key", prepare: { s in
            let path = try write(text("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n"), s, "bad-pub.pem")
            try s.editConfig { $0["wechatpay_public_key_file"] = path }
        }, mentions: ["wechatpay_public_key_file", "bad-pub.pem"]),
        ConfigCase(name: "the merchant's own public key as WeChat Pay's", prepare: { s in
            try s.editConfig { $0["wechatpay_public_key_file"] = SandboxDirectory.merchantPublicKeyFile }
        }, mentions: ["wechatpay_public_key_file", SandboxDirectory.merchantPublicKeyFile]),
        ConfigCase(name: "a merchant certificate of another key (a pair that does not match)", prepare: { s in
            let certificate = s.directory.file("other_cert.pem")
            try opensslSelfSignedCertificate(key: s.directory.file(SandboxDirectory.wechatpayPrivateKeyFile), output: certificate)
            try s.editConfig { $0["merchant_certificate_file"] = certificate }
        }, mentions: ["private_key_file", "other_cert.pem", "key pair"]),
        ConfigCase(name: "plain http to a host that is not loopback", prepare: { s in
            try s.editConfig { $0["base_url"] = "http://api.mch.weixin.qq.com" }
        }, mentions: ["base_url", "http"]),
        ConfigCase(name: "plain http to a name that only starts like loopback", prepare: { s in
            try s.editConfig { $0["base_url"] = "http://127.0.0.1.example.com:8080" }
        }, mentions: ["base_url", "127.0.0.1.example.com"]),
        ConfigCase(name: "plain http to a private address", prepare: { s in
            try s.editConfig { $0["base_url"] = "http://10.0.0.1" }
        }, mentions: ["base_url", "10.0.0.1"]),
        ConfigCase(name: "a base_url with credentials", prepare: { s in
            try s.editConfig { $0["base_url"] = "https://user:pass@api.mch.weixin.qq.com" }
        }, mentions: ["base_url"]),
    ]

    @Test(arguments: configCases)
    func aBrokenConfigurationExits78WithAClearErrorAndSendsNothing(_ c: ConfigCase) async throws {
        let sandbox = try CLISandbox()
        try c.prepare(sandbox)
        let result = try await sandbox.send(openid: "o-config", sendRequestNo: sendRequestNumber("config"))
        #expect(result.status == 78, "stdout: \(result.out) stderr: \(result.err)")
        for word in c.mentions { #expect(result.err.contains(word), "error should mention \(word): \(result.err)") }
        #expect(result.firstUnsafeCharacter == nil, "\(result.err)")
        #expect(result.stdout.isEmpty)
        #expect(sandbox.engine.exchanges().isEmpty, "nothing sent")
        #expect(try sandbox.allRecords().isEmpty, "nothing recorded")
    }

    @Test func aPrivateKeyReadableByOthersIsUsedWithAWarning() async throws {
        let sandbox = try CLISandbox()
        let key = sandbox.directory.file(SandboxDirectory.merchantPrivateKeyFile)
        #expect(chmod(key, 0o644) == 0)
        let result = try await sandbox.send(openid: "o-mode", sendRequestNo: sendRequestNumber("mode"))
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("merchant_private_key.pem") && result.err.contains("chmod 600"), "\(result.err)")
        #expect(!result.out.contains("warning"), "the warning goes to stderr, stdout stays one JSON object")
        #expect(try result.record().outcome == .issued)
    }

    @Test func aHistoryLogThatCannotBeWrittenStopsTheSendBeforeAnythingIsSent() async throws {
        let sandbox = try CLISandbox()
        var arguments = sandbox.sendArguments(openid: "o-nolog", sendRequestNo: sendRequestNumber("nolog"))
        let index = try #require(arguments.firstIndex(of: "--history"))
        arguments[index + 1] = sandbox.configPath + "/history.jsonl"  // under a file: cannot be created
        let result = try await sandbox.run(arguments)
        #expect(![0, 3, 4].contains(result.status), "stdout: \(result.out) stderr: \(result.err)")
        #expect(result.err.contains("history"), "\(result.err)")
        #expect(sandbox.engine.exchanges().isEmpty, "a send whose write-ahead record cannot be kept is not sent")
    }

    // MARK: Hostile response text

    /// The sandbox fault this covers (the fault matrix counts it).
    static let escapeFaultKind = SandboxConfiguration.Fault.Kind.controlCharsInMessage.rawValue

    @Test func escapeSequencesInARefusalNeverReachTheTerminal() async throws {
        let sandbox = try CLISandbox()
        let number = sendRequestNumber("esc")
        let human = try await sandbox.send(openid: "fault-control-chars-1", sendRequestNo: number, json: false)
        #expect(human.status == 3)
        #expect(human.firstUnsafeCharacter == nil)
        #expect(human.out.contains("请求被拒绝"), "the message is still shown, sanitised: \(human.out)")
        let json = try await sandbox.send(openid: "fault-control-chars-2", sendRequestNo: sendRequestNumber("escj"))
        #expect(json.status == 3)
        #expect(json.firstUnsafeCharacter == nil)
        #expect(try json.record().error?.message?.contains("\u{1B}[2J") == true, "the record keeps the raw text, JSON-escaped")

        for arguments in [["history", "list"], ["history", "list", "--json"], ["history", "list", "--search", "fault-control"],
                          ["history", "show", number], ["history", "show", number, "--json"]] {
            let result = try await sandbox.run(arguments + ["--history", sandbox.historyPath])
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(result.out.contains(number) || arguments.contains("--json") || arguments[1] == "show", "\(arguments)")
            #expect(result.firstUnsafeCharacter == nil, "\(arguments)")
        }
    }

    @Test func hostileTextInTheHistoryFileIsSanitisedByHistoryListAndShow() async throws {
        let sandbox = try CLISandbox()
        let evil = "\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J\u{9B}6n\u{202E}\r"
        let request = PreSendRequest(openid: "o\(evil)", brandID: "b\(evil)", productCouponID: "p", stockID: "s\(evil)",
                                     appid: "a", sendRequestNo: "TEVIL_000001", couponCode: nil, attach: "t\(evil)")
        let records = [
            SendRecord(time: "2026-11-28T10:00:00.000+08:00\(evil)", operator: "op\(evil)", mode: "live\(evil)", request: request,
                       outcome: .issued, token: "tok\(evil)", requestID: "rid\(evil)", attempts: 1),
            SendRecord(time: "2026-11-28T10:00:01.000+08:00", operator: nil, mode: "live", request: request, outcome: .rejected,
                       error: SendError(category: .other, httpStatus: 400, code: "C\(evil)", message: "m\(evil)"), attempts: 1),
        ]
        var data = Data()
        for record in records { data.append(try record.jsonLine()); data.append(0x0A) }
        try data.write(to: URL(fileURLWithPath: sandbox.historyPath))
        for arguments in [["history", "list"], ["history", "list", "--json"], ["history", "show", "TEVIL_000001"],
                          ["history", "show", "TEVIL_000001", "--json"]] {
            let result = try await sandbox.run(arguments + ["--history", sandbox.historyPath])
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(result.out.contains("TEVIL_000001"), "\(arguments)")
            #expect(result.firstUnsafeCharacter == nil, "\(arguments)")
        }
    }
}

/// `openssl req -x509` over an existing key: a certificate whose public key is that key's.
func opensslSelfSignedCertificate(key: String, output: String) throws {
    try runChild("openssl", ["req", "-x509", "-new", "-key", key, "-out", output, "-subj", "/CN=CouponDesk test", "-days", "1"])
        .succeeded("openssl req -x509")
}

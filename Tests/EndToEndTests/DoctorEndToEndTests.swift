import CouponDeskTestSupport
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore

/// `coupondesk doctor` as a support agent runs it: the real binary against a sandbox served over real
/// loopback HTTP, with the sandbox's own configs (partner and brand-direct) and with each of the usual
/// mistakes made to them.
@Suite struct DoctorEndToEndTests {
    /// What the agent's shell has: a UTF-8 locale and a colour terminal type.
    static func environment(_ sandbox: CLISandbox) -> [String: String] {
        sandbox.environment.merging(["TERM": "xterm-256color"]) { $1 }
    }

    struct Report {
        let result: CLIResult
        let checks: [[String: Any]]
        func status(_ id: String) -> String? { checks.first { $0["id"] as? String == id }?["status"] as? String }
        func finding(_ id: String) -> String { checks.first { $0["id"] as? String == id }?["finding"] as? String ?? "" }
        /// Every line that is not ✓, as `id: status finding`.
        var notOK: [String] {
            checks.filter { $0["status"] as? String != "ok" }.map { "\($0["id"] ?? "?"): \($0["status"] ?? "?") \($0["finding"] ?? "")" }
        }
    }

    static func doctor(_ sandbox: CLISandbox, config: String, timeout: TimeInterval = 60) async throws -> Report {
        let result = try await CLIRunner.run(["doctor", "--json", "--config", config], environment: environment(sandbox), timeout: timeout)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.out) \(result.err)")
        #expect(object["exit_code"] as? Int == Int(result.status))
        return Report(result: result, checks: try #require(object["checks"] as? [[String: Any]]))
    }

    /// The signed call is ✓ once the sandbox offers the stock look-up (issue 12); until then it says so.
    static func signedCallPasses(_ report: Report) -> Bool {
        report.status("signed_call") == "ok"
            || (report.status("signed_call") == "warning" && report.finding("signed_call").hasPrefix("the server does not offer the stock look-up"))
    }

    /// An API certificate for the sandbox's caller key, with the serial its config names: what
    /// `openssl req -x509` makes of apiclient_key.pem.
    static func certify(_ sandbox: CLISandbox, keyFile: String, serial: String, commonName: String, as name: String) throws -> String {
        let path = sandbox.directory.file(name)
        let made = try ChildProcess.run(["/usr/bin/openssl", "req", "-x509", "-new", "-key", sandbox.directory.file(keyFile), "-sha256",
                                  "-days", "365", "-set_serial", "0x" + serial, "-subj", "/CN=" + commonName, "-out", path],
                                 environment: ["PATH": "/usr/bin:/bin"])
        try #require(made.status == 0, "\(made.output)")
        return path
    }

    @Test func theSandboxsPartnerConfigWithItsCertificateIsOKThroughout() async throws {
        let sandbox = try CLISandbox()
        let sandboxConfig = try sandbox.directory.loadConfiguration()
        let certificate = try Self.certify(sandbox, keyFile: SandboxDirectory.merchantPrivateKeyFile, serial: sandboxConfig.merchantSerialNo,
                                           commonName: sandboxConfig.mchid, as: "merchant_certificate.pem")
        try sandbox.editConfig { $0["merchant_certificate_file"] = certificate }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 0, "\(report.notOK)")
        #expect(report.notOK.filter { !$0.hasPrefix("signed_call:") }.isEmpty, "\(report.notOK)")
        #expect(Self.signedCallPasses(report), "\(report.notOK)")
        #expect(report.status("key_pair") == "ok")
        // It asked the sandbox, signed: the stock of the defaults on the partner path.
        #expect(sandbox.engine.exchanges().contains { $0.authorization?.hasPrefix("WECHATPAY2-SHA256-RSA2048") == true })
    }

    @Test func theSandboxsConfigsAsInitWritesThemPassForBothFlavors() async throws {
        let sandbox = try CLISandbox()
        for config in [sandbox.configPath, sandbox.directory.brandClientConfigPath] {
            let report = try await Self.doctor(sandbox, config: config)
            #expect(report.result.status == 0, "\(config): \(report.notOK)")
            #expect(!report.checks.contains { $0["status"] as? String == "failure" }, "\(config): \(report.notOK)")
            // Without an API certificate in the config the key pair is left to the signed call.
            #expect(report.notOK.filter { !$0.hasPrefix("signed_call:") && !$0.hasPrefix("key_pair: skipped") }.isEmpty,
                    "\(config): \(report.notOK)")
            #expect(Self.signedCallPasses(report), "\(config): \(report.notOK)")
        }
        #expect(sandbox.engine.exchanges().contains { $0.authorization?.hasPrefix("WECHATPAY-BRAND-SHA256-RSA2048") == true })
    }

    @Test func aMismatchedKeyPairIsNamedAndExits1() async throws {
        let sandbox = try CLISandbox()
        let other = sandbox.directory.file("other_private_key.pem")
        try RSAPrivateKey.generate().pkcs8PEM().write(to: URL(fileURLWithPath: other))
        chmod(other, 0o600)
        try sandbox.editConfig { $0["private_key_file"] = other }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.status("signed_call") == "failure")
        #expect(report.finding("signed_call").contains("private_key_file is not the key of the certificate"), "\(report.notOK)")
    }

    @Test func aMismatchedKeyPairIsCaughtLocallyWhenTheCertificateIsConfigured() async throws {
        let sandbox = try CLISandbox()
        let sandboxConfig = try sandbox.directory.loadConfiguration()
        let certificate = try Self.certify(sandbox, keyFile: SandboxDirectory.merchantPrivateKeyFile, serial: sandboxConfig.merchantSerialNo,
                                           commonName: sandboxConfig.mchid, as: "merchant_certificate.pem")
        let other = sandbox.directory.file("other_private_key.pem")
        try RSAPrivateKey.generate().pkcs8PEM().write(to: URL(fileURLWithPath: other))
        try sandbox.editConfig { $0["merchant_certificate_file"] = certificate; $0["private_key_file"] = other }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.status("key_pair") == "failure")
        #expect(report.finding("key_pair").contains("are not a key pair"))
    }

    @Test func aWrongSerialIsNamedAndExits1() async throws {
        let sandbox = try CLISandbox()
        try sandbox.editConfig { $0["merchant_serial_no"] = "00112233445566778899AABBCCDDEEFF00112233" }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.finding("signed_call").contains("does not accept merchant_serial_no 00112233445566778899AABBCCDDEEFF00112233"),
                "\(report.notOK)")
    }

    @Test func anUnreadablePublicKeyIsNamedAndExits1() async throws {
        let sandbox = try CLISandbox()
        let broken = sandbox.directory.file("broken_pub_key.pem")
        try Data("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n".utf8).write(to: URL(fileURLWithPath: broken))
        try sandbox.editConfig { $0["wechatpay_public_key_file"] = broken }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.status("public_key") == "failure")
        #expect(report.finding("public_key").contains("wechatpay_public_key_file cannot be used"))
    }

    @Test func aWrongPublicKeyIDIsCaughtByTheSignedCall() async throws {
        let sandbox = try CLISandbox()
        let real = try sandbox.directory.loadConfiguration().wechatpayPublicKeyID
        try sandbox.editConfig { $0["wechatpay_public_key_id"] = "PUB_KEY_ID_0100000000000000000000000000" }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.finding("signed_call").contains("signed by \(real), not by the configured PUB_KEY_ID_0100000000000000000000000000"),
                "\(report.notOK)")
    }

    @Test func aHostWhereNothingListensIsNamedAndExits1() async throws {
        let sandbox = try CLISandbox()
        let port = try Self.listeningSocket()
        close(port.fd)
        try sandbox.editConfig { $0["base_url"] = "http://127.0.0.1:\(port.port)" }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath)
        #expect(report.result.status == 1)
        #expect(report.status("tcp") == "failure", "\(report.notOK)")
        #expect(report.status("signed_call") == "skipped")
    }

    @Test func aHostThatConnectsButNeverAnswersIsNamedAndExits1() async throws {
        let sandbox = try CLISandbox()
        let silent = try Self.listeningSocket()
        defer { close(silent.fd) }
        try sandbox.editConfig { $0["base_url"] = "http://127.0.0.1:\(silent.port)"; $0["timeout_seconds"] = 1 }
        let report = try await Self.doctor(sandbox, config: sandbox.configPath, timeout: 30)
        #expect(report.result.status == 1)
        #expect(report.status("tcp") == "ok")
        #expect(report.status("http") == "failure")
        #expect(report.finding("http").contains("no HTTP answer within 1 s"), "\(report.notOK)")
        // The doctor waits out the silence once: the signed call is not made to wait again.
        #expect(report.status("signed_call") == "skipped")
    }

    @Test func sandboxServeItselfAnswersTheDoctorForBothConfigs() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coupondesk-doctor-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let environment = CLIRunner.environment(root: root).merging(["TERM": "xterm-256color"]) { $1 }
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        let served = try ServedSandbox(binary: try CLIRunner.binary(), directory: root + "/sandbox", environment: environment)
        defer { served.stop() }
        for config in [served.configPath, served.directory + "/config-brand.json"] {
            let result = try await CLIRunner.run(["doctor", "--config", config], environment: environment)
            #expect(result.status == 0, "\(result.out)")
            #expect(!result.out.contains("✗"), "\(result.out)")
            #expect(result.out.contains("✓ HTTP answer"))
            #expect(result.out.contains("✓ Clock"))
            #expect(result.firstUnsafeCharacter == nil)
        }
    }

    /// A loopback socket that listens (so connections complete in the kernel) but is never accepted
    /// from or answered: a host that does not answer.
    static func listeningSocket() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else { close(fd); throw POSIXError(.EADDRINUSE) }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

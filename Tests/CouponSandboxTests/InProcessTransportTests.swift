import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// The in-process transport: the engine's signed bytes, with faults shaped as the network shapes them.
@Suite struct InProcessTransportTests {
    static func fixture() throws -> SandboxFixture {
        try SandboxFixture { $0.faults = DemoData.faults(delayMilliseconds: 60_000) }
    }

    @Test func aPreSendComesBackSignedAsOverHTTP() async throws {
        let fixture = try Self.fixture()
        let transport = InProcessTransport(engine: fixture.engine)
        let response = try await transport.send(try fixture.request(fields: SandboxFixture.body()))
        #expect(response.status == 200)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func aDelayPastTheTimeoutEndsInATimeoutAfterTheTimeout() async throws {
        let fixture = try Self.fixture()
        let transport = InProcessTransport(engine: fixture.engine, timeout: 0.2)
        let request = try fixture.request(openid: "fault-timeout-1", fields: SandboxFixture.body())
        let started = Date()
        await #expect {
            _ = try await transport.send(request)
        } throws: { error in
            if case .timeout = error as? TransportError { return true }
            return false
        }
        #expect(Date().timeIntervalSince(started) >= 0.2)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }

    @Test func aDelayWithinTheTimeoutAnswersAfterTheDelay() async throws {
        let fixture = try SandboxFixture { $0.faults = DemoData.faults(delayMilliseconds: 200) }
        let transport = InProcessTransport(engine: fixture.engine, timeout: 5)
        let started = Date()
        let response = try await transport.send(try fixture.request(openid: "fault-timeout-1", fields: SandboxFixture.body()))
        #expect(Date().timeIntervalSince(started) >= 0.2)
        #expect(response.status == 200)
    }

    @Test func aDroppedConnectionIsANetworkError() async throws {
        let fixture = try Self.fixture()
        let transport = InProcessTransport(engine: fixture.engine)
        let request = try fixture.request(openid: "fault-drop-1", fields: SandboxFixture.body())
        await #expect {
            _ = try await transport.send(request)
        } throws: { error in
            if case .network = error as? TransportError { return true }
            return false
        }
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }
}

@Suite struct DemoEnvironmentTests {
    @Test func theDemoLivesUnderXDGDataHome() {
        #expect(DemoEnvironment.defaultPath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/u"]) == "/x/data/coupondesk/demo")
        #expect(DemoEnvironment.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/coupondesk/demo")
        #expect(DemoEnvironment.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/share/coupondesk/demo")
    }

    @Test func theFirstUseCreatesTheSandboxAndLaterUsesReuseIt() async throws {
        let folder = try TempDir()
        let root = folder.path
        let first = try DemoEnvironment.open(environment: ["XDG_DATA_HOME": root])
        #expect(first.created)
        #expect(first.configPath == root + "/coupondesk/demo/config.json")
        #expect(first.historyPath == root + "/coupondesk/demo/history.jsonl")

        let config = try first.loadConfig()
        #expect(config.baseURL.absoluteString == DemoEnvironment.baseURL)
        #expect(config.historyFile == first.historyPath)
        _ = try config.makeClientConfiguration()

        let second = try DemoEnvironment.open(environment: ["XDG_DATA_HOME": root])
        #expect(!second.created)
        #expect(second.configuration.merchantSerialNo == first.configuration.merchantSerialNo)
    }

    @Test func aDemoSendIsSignedWithTheConfiguredKeyAndVerifiesWithTheConfiguredPublicKey() async throws {
        let folder = try TempDir()
        let root = folder.path
        let demo = try DemoEnvironment.open(path: root + "/demo")
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo.configPath))) as? [String: Any])
        let key = try RSAPrivateKey(file: demo.directory.file(config["private_key_file"] as! String))
        let publicKey = try RSAPublicKey(file: demo.directory.file(config["wechatpay_public_key_file"] as! String))
        let signer = RequestSigner(mchid: config["mchid"] as! String, serialNo: config["merchant_serial_no"] as! String, privateKey: key)
        let path = SandboxFixture.path(openid: "o-demo")
        let body = try JSONEncoder().encode(SandboxFixture.body())
        let authorization = try signer.authorization(method: "POST", canonicalURL: path, body: body)
        let response = try await demo.transport.send(HTTPRequest(
            method: "POST", url: URL(string: DemoEnvironment.baseURL + path)!, canonicalURL: path,
            headers: ["Authorization": authorization.value], body: body))
        #expect(response.status == 200)
        try ResponseVerifier(publicKeyID: config["wechatpay_public_key_id"] as? String, publicKey: publicKey)
            .verify(headers: response.headers, body: response.body)
    }
}

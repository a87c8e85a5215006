import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// The way to the base_url host (DNS, TCP, TLS, HTTP) and the clock against the server's, with a probe
/// that answers what each test needs: no network.
@Suite struct DoctorNetworkCheckTests {
    var url: URL { get throws { try link("https://api.mch.weixin.qq.com/") } }

    @Test func aHealthyHostPassesEveryStepWithItsTiming() throws {
        let lines = NetworkChecks.connection(FakeProbe.healthy().result, url: try url)
        #expect(lines.map(\.check) == [.dns, .tcp, .tls, .http])
        #expect(lines.allSatisfy { $0.status == .ok }, "\(lines)")
        #expect(try lines.line(.dns).finding == "api.mch.weixin.qq.com → 101.226.103.0 in 12 ms")
        #expect(try lines.line(.tls).details["ms"] == .number(45))
    }

    @Test func plainHTTPHasNoTLSLine() throws {
        var result = FakeProbe.healthy().result
        result.tlsSeconds = nil
        let lines = NetworkChecks.connection(result, url: try link("http://127.0.0.1:8080/"))
        #expect(lines.map(\.check) == [.dns, .tcp, .http])
        #expect(try lines.line(.dns).finding.contains("is an address"))
    }

    @Test func aNameThatDoesNotResolveFailsDNSAndSkipsTheRest() throws {
        let lines = NetworkChecks.connection(FakeProbe.failing(at: .dns, "cannot resolve api.mch.weixin.qq.com.cn").result,
                                             url: try link("https://api.mch.weixin.qq.com.cn/"))
        #expect(try lines.line(.dns).status == .failure)
        #expect(try lines.line(.dns).advice?.contains("api2.mch.weixin.qq.com") == true)
        #expect([try lines.line(.tcp), try lines.line(.tls), try lines.line(.http)].allSatisfy { $0.status == .skipped })
    }

    @Test func aRefusedConnectionFailsTCP() throws {
        let lines = NetworkChecks.connection(FakeProbe.failing(at: .tcp, "could not connect to 127.0.0.1 (refused)").result,
                                             url: try link("http://127.0.0.1:9/"))
        #expect(try lines.line(.tcp).status == .failure)
        #expect(try lines.line(.tcp).advice?.contains("sandbox serve") == true)
        #expect(try lines.line(.http).status == .skipped)
    }

    @Test func aFailedHandshakeFailsTLS() throws {
        let lines = NetworkChecks.connection(FakeProbe.failing(at: .tls, "TLS failed (certificate problem)").result, url: try url)
        #expect(try lines.line(.tcp).status == .ok)
        #expect(try lines.line(.tls).status == .failure)
    }

    @Test func aHostThatConnectsButNeverAnswersFailsHTTP() throws {
        let lines = NetworkChecks.connection(FakeProbe.failing(at: .http, "connected, but no HTTP answer within 2 s").result, url: try url)
        #expect(try lines.line(.tls).status == .ok)
        #expect(try lines.line(.http).status == .failure)
        #expect(try lines.line(.http).finding.contains("no HTTP answer"))
    }

    @Test func theProbeAsksForTheBaseURLsPath() throws {
        #expect(NetworkChecks.probeURL(try link("http://127.0.0.1:4000/prefix/")).absoluteString == "http://127.0.0.1:4000/prefix/")
        #expect(NetworkChecks.probeURL(try link("https://api.mch.weixin.qq.com")).absoluteString == "https://api.mch.weixin.qq.com/")
    }

    func clock(skew seconds: TimeInterval) -> Diagnosis {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        return NetworkChecks.clock(FakeProbe.healthy(serverTime: now.addingTimeInterval(-seconds)).result, now: now)
    }

    @Test func aClockWithinAMinuteOfTheServersPasses() {
        let line = clock(skew: 30)
        #expect(line.status == .ok)
        #expect(line.details["skew_seconds"] == .number(30))
    }

    @Test func aClockTwoMinutesAheadWarns() {
        let line = clock(skew: 120)
        #expect(line.status == .warning)
        #expect(line.finding.contains("120 s ahead of"))
    }

    @Test func aClockFiveMinutesBehindFails() {
        let line = clock(skew: -300)
        #expect(line.status == .failure)
        #expect(line.finding.contains("300 s behind"))
        #expect(line.advice?.contains("timedatectl") == true)
    }

    @Test func withoutADateHeaderTheWeChatPayTimestampIsUsed() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let result = ConnectionProbeResult(response: HTTPResponse(status: 401, headers: ["Wechatpay-Timestamp": "1789999000"], body: Data()))
        let line = NetworkChecks.clock(result, now: now)
        #expect(line.status == .failure)
        #expect(line.finding.contains("1000 s ahead of"))
    }

    @Test func withoutAnAnswerTheClockIsNotChecked() {
        #expect(NetworkChecks.clock(FakeProbe.failing(at: .tcp, "refused").result, now: Date()).status == .skipped)
    }

    @Test func theServersDateHeaderIsRead() {
        #expect(NetworkChecks.httpDate("Tue, 01 Dec 2026 08:49:37 GMT") == Date(timeIntervalSince1970: 1_796_114_977))
    }

    @Test func theRealProbeReportsARefusedConnectionAtTCP() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let probe = CurlConnectionProbe(connectTimeout: 2, totalTimeout: 2)
        let result = await probe.probe(try link("http://127.0.0.1:\(try closedPort())/"))
        #expect(result.failure?.stage == .tcp, "\(String(describing: result.failure))")
        #expect(result.dnsSeconds != nil)
    }
}

/// A loopback port that was free a moment ago.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

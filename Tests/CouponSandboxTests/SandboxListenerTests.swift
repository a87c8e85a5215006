import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// Sends `request` over real HTTP with URLSession and returns the raw response.
func exchange(_ request: HTTPRequest, session: URLSession = .shared, timeout: TimeInterval = 10) async throws -> HTTPResponse {
    var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
    urlRequest.httpMethod = request.method
    for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
    urlRequest.httpBody = request.body
    let (data, response) = try await session.data(for: urlRequest)
    let http = response as! HTTPURLResponse
    var headers: [String: String] = [:]
    for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
    return HTTPResponse(status: http.statusCode, headers: headers, body: data)
}

/// The libmicrohttpd listener over real loopback HTTP. Listener tests use the system clock: the
/// request timestamp must be near the engine's now.
@Suite struct SandboxListenerTests {
    static func fixture(customise: (inout SandboxConfiguration) -> Void = { _ in }) throws -> SandboxFixture {
        try SandboxFixture(clock: TestClock(Date()), customise: customise)
    }

    @Test func aSignedPreSendOverLoopbackIsIssuedAndTheResponseVerifies() async throws {
        let fixture = try Self.fixture()
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let response = try await exchange(try fixture.request(fields: SandboxFixture.body(), baseURL: listener.baseURL))
        #expect(response.status == 200)
        #expect(response.token != nil)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func errorResponsesOverHTTPAreSignedToo() async throws {
        let fixture = try Self.fixture()
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        var request = try fixture.request(fields: SandboxFixture.body(), baseURL: listener.baseURL)
        request.headers["Authorization"] = "WECHATPAY2-SHA256-RSA2048 mchid=\"1\""
        let response = try await exchange(request)
        #expect(response.status == 401)
        #expect(response.errorBody?.code == "SIGN_ERROR")
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func theListenerIsBoundToLoopbackOnly() throws {
        let fixture = try Self.fixture()
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        #expect(listener.port != 0)
        #expect(listener.boundAddress == "127.0.0.1:\(listener.port)")
    }

    @Test func aBusyPortIsReportedAsAnError() throws {
        let fixture = try Self.fixture()
        let first = try SandboxListener(engine: fixture.engine)
        defer { first.stop() }
        #expect(throws: SandboxError.self) { try SandboxListener(engine: fixture.engine, port: first.port) }
    }

    @Test func thePathIsVerifiedAsSentStillPercentEncoded() async throws {
        let fixture = try Self.fixture()
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let path = SandboxEngine.preSendPathPrefix + "o%2Bplus%40x" + SandboxEngine.preSendPathSuffix
        let body = try JSONEncoder().encode(SandboxFixture.body(stockID: DemoData.StockID.perUser))
        let response = try await exchange(try fixture.signedRequest(path: path, body: body, baseURL: listener.baseURL))
        #expect(response.status == 200)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.perUser).issuedByUser["o+plus@x"] == 1)
    }

    @Test func dropConnectionAfterCommitClosesTheConnectionWithoutAResponse() async throws {
        let fixture = try Self.fixture { $0.faults = DemoData.faults(delayMilliseconds: 100) }
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let request = try fixture.request(openid: "fault-drop-1", fields: SandboxFixture.body(), baseURL: listener.baseURL)
        await #expect(throws: (any Error).self) { _ = try await exchange(request) }
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }

    @Test func delayAfterCommitOutlastsAShortClientTimeoutButTheCouponIsCommitted() async throws {
        // FoundationNetworking rounds timeouts down to whole seconds, hence 1 s against 5 s.
        let fixture = try Self.fixture { $0.faults = DemoData.faults(delayMilliseconds: 5_000) }
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let request = try fixture.request(openid: "fault-timeout-1", fields: SandboxFixture.body(), baseURL: listener.baseURL)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 1
        let session = URLSession(configuration: configuration)
        await #expect {
            _ = try await exchange(request, session: session, timeout: 1)
        } throws: { error in
            (error as? URLError)?.code == .timedOut
        }
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 1)
    }

    @Test func aDelayedAnswerArrivesAfterTheDelayWhenTheClientWaits() async throws {
        let fixture = try Self.fixture { $0.faults = DemoData.faults(delayMilliseconds: 300) }
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let started = Date()
        let response = try await exchange(try fixture.request(openid: "fault-timeout-2", fields: SandboxFixture.body(),
                                                              baseURL: listener.baseURL))
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(response.status == 200)
        try fixture.verifier.verify(headers: response.headers, body: response.body)
    }

    @Test func stoppingDoesNotWaitOutAPendingDelay() async throws {
        let fixture = try Self.fixture { $0.faults = DemoData.faults(delayMilliseconds: 20_000) }
        let listener = try SandboxListener(engine: fixture.engine)
        let request = try fixture.request(openid: "fault-timeout-3", fields: SandboxFixture.body(), baseURL: listener.baseURL)
        let pending = Task { try? await exchange(request, timeout: 30) }
        while fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        let started = Date()
        listener.stop()
        #expect(Date().timeIntervalSince(started) < 10) // far below the 20 s delay, even on a loaded machine
        #expect(await pending.value == nil)
    }

    @Test func anOversizedBodyIsRefusedWithoutReadingItAll() async throws {
        let fixture = try Self.fixture()
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let body = Data(repeating: 0x20, count: SandboxEngine.maxBodyBytes + 1)
        let response = try await exchange(try fixture.signedRequest(path: SandboxFixture.path(openid: "o1"), body: body,
                                                                    baseURL: listener.baseURL))
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "PARAM_ERROR")
    }

    @Test func twoHundredParallelSendsOverHTTPIssueExactlyTheBudgetAndTheStateAgreesAfterRestart() async throws {
        let fixture = try Self.fixture {
            $0.brands[0].productCoupons[0].stocks.append(.init(stockID: "hundred", maxCount: 100))
            $0.rateLimitPerSecond = 10_000
        }
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        let session = URLSession(configuration: configuration)
        let requests = try (0..<200).map {
            try fixture.request(openid: "o-\($0)", fields: SandboxFixture.body(stockID: "hundred"), baseURL: listener.baseURL)
        }
        let verifier = try fixture.verifier
        let codes = try await withThrowingTaskGroup(of: Int?.self) { group in
            for request in requests {
                group.addTask {
                    let response = try await exchange(request, session: session, timeout: 30)
                    try verifier.verify(headers: response.headers, body: response.body)
                    return response.numericCode
                }
            }
            return try await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == 0 }.count == 100)
        #expect(codes.filter { $0 == 268579001 }.count == 100)
        listener.stop()
        let restarted = try fixture.restartedEngine()
        #expect(restarted.usage(stockID: "hundred").issued == 100)
        #expect(restarted.snapshot().sends.values.filter { $0.request.stockID == "hundred" }.count == 100)
    }
}

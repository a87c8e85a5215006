import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

extension SandboxFixture {
    /// A client of `flavor` that signs and verifies against this sandbox through the in-process transport.
    func clientConfiguration(_ flavor: APIFlavor = .partner) throws -> ClientConfiguration {
        let verifier = ResponseVerifier(publicKeyID: configuration.wechatpayPublicKeyID, publicKey: try? TestKeys.wechatpay.publicKey,
                                        flavor: flavor, clock: clock)
        return ClientConfiguration(baseURL: URL(string: "http://127.0.0.1")!, signer: flavor == .partner ? try signer : try brandSigner,
                                   verifier: verifier, wechatpayPublicKeyID: configuration.wechatpayPublicKeyID, retryPolicy: .never)
    }

    func lookups(_ flavor: APIFlavor = .partner, timeout: TimeInterval? = nil) throws -> LookupClient {
        LookupClient(configuration: try clientConfiguration(flavor), transport: InProcessTransport(engine: engine, timeout: timeout))
    }

    func confirms(_ flavor: APIFlavor = .partner, timeout: TimeInterval? = nil) throws -> ConfirmClient {
        ConfirmClient(configuration: try clientConfiguration(flavor), transport: InProcessTransport(engine: engine, timeout: timeout),
                      clock: clock)
    }

    /// Pre-sends to `openid` on `stock` and returns the send_request_no (the send must be issued).
    func issue(openid: String, stock: String = DemoData.StockID.plenty) throws -> String {
        let number = SendRequestNumber.generate()
        let reply = try send(openid: openid, SandboxFixture.body(openid: openid, stockID: stock, sendRequestNo: number))
        #expect(reply.response.status == 200, "pre-send to \(openid)")
        return number
    }

    static func coupons(of openid: String, stock: String? = DemoData.StockID.plenty, pageSize: Int = 20) -> UserCouponsQuery {
        UserCouponsQuery(openid: openid, appid: DemoData.appid, brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                         stockID: stock, pageSize: pageSize)
    }

    func confirmRequest(_ coupon: UserCoupon, openid: String, number: String = ConfirmRequest.generateOutRequestNo()) -> ConfirmRequest {
        ConfirmRequest(openid: openid, couponCode: coupon.couponCode ?? "", brandID: DemoData.brandID,
                       productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty, appid: DemoData.appid,
                       outRequestNo: number)
    }
}

/// The sandbox's look-ups, claims and confirms (issue 12, PROTOCOL §8–9), through a real client.
@Suite struct SandboxLookupTests {
    @Test func aClaimMakesAConfirmingCouponThatTheUsersCouponsShowUnderTheSendsNumber() async throws {
        let fixture = try SandboxFixture()
        let number = try fixture.issue(openid: "o-claim-1")
        #expect(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-claim-1")).get().entries.isEmpty, "not claimed yet")
        let (coupon, claimedNow) = try fixture.engine.claim(sendRequestNo: number)
        #expect(claimedNow && coupon.state == "CONFIRMING")
        #expect(try fixture.engine.claim(sendRequestNo: number).claimedNow == false, "a token is claimed once")
        let list = try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-claim-1")).get()
        let entry = try #require(list.entries.first)
        #expect(list.entries.count == 1)
        #expect(entry.sendRequestNo == number)
        #expect(entry.state == .confirming)
        #expect(entry.sendChannel == "RECEIVE_COMPONENT")
        #expect(entry.couponCode == coupon.couponCode)
        #expect(entry.receiveTime == "2026-11-28T12:00:00+08:00")
        #expect(entry.stockID == DemoData.StockID.plenty)
    }

    @Test func tokensAreClaimedAutoClaimSecondsAfterTheyWereIssuedExceptByNeverClaimsUsers() async throws {
        let fixture = try SandboxFixture { $0.autoClaimSeconds = 5 }
        _ = try fixture.issue(openid: "o-auto-1")
        _ = try fixture.issue(openid: "never-claims-1")
        fixture.clock.advance(seconds: 4)
        #expect(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-auto-1")).get().entries.isEmpty)
        fixture.clock.advance(seconds: 60)
        let entry = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-auto-1")).get().entries.first)
        #expect(entry.receiveTime == "2026-11-28T12:00:05+08:00", "dated when the user claimed, not when someone looked")
        #expect(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "never-claims-1")).get().entries.isEmpty)
    }

    @Test func anAutoConfirmUsersCouponIsEffectiveAtOnce() async throws {
        let fixture = try SandboxFixture()
        _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: "auto-confirm-1"))
        let entry = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "auto-confirm-1")).get().entries.first)
        #expect(entry.state == .effective)
    }

    @Test func theStocksSentCountsAreExactlyWhatItsBudgetRulesCount() async throws {
        let fixture = try SandboxFixture()
        let first = SandboxFixture.body(openid: "o-count-1", sendRequestNo: "COUNT00001")
        #expect(try fixture.send(openid: "o-count-1", first).response.status == 200)
        #expect(try fixture.send(openid: "o-count-1", first).response.status == 200, "a replay counts once")
        _ = try fixture.issue(openid: "o-count-2")
        let query = StockQuery(brandID: DemoData.brandID, productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty)
        let stock = try await try fixture.lookups().stock(query).get()
        #expect(stock.sentTotal == 2 && stock.sentToday == 2)
        #expect(stock.maxCount == 100_000 && stock.maxCountPerDay == 10_000 && stock.maxCountPerUser == 100)
        #expect(stock.state == .sending && stock.couponCodeMode == "WECHATPAY")
        fixture.clock.advance(seconds: 24 * 3600)
        let tomorrow = try await try fixture.lookups().stock(query).get()
        #expect(tomorrow.sentTotal == 2 && tomorrow.sentToday == 0, "today is the Asia/Shanghai day")
        let paused = StockQuery(brandID: DemoData.brandID, productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.paused)
        #expect(try await try fixture.lookups().stock(paused).get().state == .paused)
    }

    @Test func aConfirmMakesTheCouponEffectiveIsIdempotentByItsNumberAndRefusesOtherStates() async throws {
        let fixture = try SandboxFixture()
        _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: "o-confirm-1"))
        let coupon = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-confirm-1")).get().entries.first)
        let request = fixture.confirmRequest(coupon, openid: "o-confirm-1", number: "CF_SANDBOX_01")
        let journal = HistoryMemory()
        let first = try await try fixture.confirms().execute(request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(first.record.outcome == .confirmed && first.record.couponState == "EFFECTIVE")
        #expect(first.coupon?.confirmRequestNo == "CF_SANDBOX_01")
        let again = try await try fixture.confirms().execute(request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(again.record.outcome == .confirmed, "the same number answers the coupon again")
        var other = request
        other.outRequestNo = "CF_SANDBOX_02"
        let refused = try await try fixture.confirms().execute(other, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(refused.record.outcome == .rejected)
        #expect(refused.record.error?.numericCode == 268578367)
        let entry = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-confirm-1")).get().entries.first)
        #expect(entry.state == .effective && entry.confirmRequestNo == "CF_SANDBOX_01" && entry.confirmTime != nil)
    }

    @Test func aCouponThatIsNotThereIs268578851() async throws {
        let fixture = try SandboxFixture()
        let query = UserCouponQuery(openid: "o-none", couponCode: "800000000000000000", appid: DemoData.appid, brandID: DemoData.brandID,
                                    productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty)
        guard case .failure(.refused(let error, _)) = await try fixture.lookups().userCoupon(query) else {
            Issue.record("found a coupon that does not exist"); return
        }
        #expect(error.numericCode == 268578851 && error.category == .notFound)
    }

    @Test func pagesAreServedInTheSizeAskedWithATokenToTheNext() async throws {
        let fixture = try SandboxFixture()
        for _ in 0..<5 { _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: "o-pages-1")) }
        let list = try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "o-pages-1", pageSize: 2)).get()
        #expect(list.pages == 3 && list.entries.count == 5 && list.totalCount == 5 && list.isComplete)
        #expect(Set(list.entries.compactMap(\.couponCode)).count == 5)
    }

    @Test func faultsHitLookupsAndConfirmsByOpenidAndTheSameConfirmAgainResolves() async throws {
        let fixture = try SandboxFixture {
            $0.faults = [.init(openidPrefix: "f-sys-", kind: .systemError),
                         .init(openidPrefix: "f-confirm-drop-", kind: .dropConnectionAfterCommit, times: 1, calls: [.confirm])]
        }
        guard case .failure(.unknown(let error, _)) = await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "f-sys-1")) else {
            Issue.record("a look-up escaped the fault"); return
        }
        #expect(error.category == .serverError)

        _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: "f-confirm-drop-1"))
        let coupon = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "f-confirm-drop-1")).get().entries.first,
                                  "a confirm-only fault spares the look-up")
        let request = fixture.confirmRequest(coupon, openid: "f-confirm-drop-1")
        let journal = HistoryMemory()
        let dropped = try await try fixture.confirms().execute(request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(dropped.record.outcome == .unknown)
        let committed = try #require(try await try fixture.lookups().userCoupons(SandboxFixture.coupons(of: "f-confirm-drop-1")).get().entries.first)
        #expect(committed.state == .effective, "committed before the connection dropped")
        let again = try await try fixture.confirms().execute(request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(again.record.outcome == .confirmed)
        #expect(fixture.engine.exchanges().filter { $0.call == .confirm }.count == 2)
    }

    @Test func brandDirectLooksUpAsTheCallerAndMayNotNameABrand() async throws {
        let fixture = try SandboxFixture()
        _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: "o-brand-1"))
        let list = try await try fixture.lookups(.brand).userCoupons(SandboxFixture.coupons(of: "o-brand-1")).get()
        #expect(list.entries.count == 1)
        #expect(fixture.engine.exchanges().last?.flavor == .brand)
        let path = UserCouponsQuery.path(openid: "o-brand-1", flavor: .brand) + "?appid=\(DemoData.appid)&brand_id=\(DemoData.brandID)"
        let named = try fixture.signedRequest(method: "GET", path: path, body: Data(), signer: fixture.brandSigner)
        let response = fixture.engine.handle(named).response
        #expect(response.status == 400 && response.errorBody?.code == "PARAM_ERROR")
    }

    @Test func aPartnerLookupWithoutBrandIDOrWithAPostIsRefused() throws {
        let fixture = try SandboxFixture()
        let path = UserCouponsQuery.path(openid: "o-1", flavor: .partner) + "?appid=\(DemoData.appid)"
        #expect(fixture.engine.handle(try fixture.signedRequest(method: "GET", path: path, body: Data())).response.status == 400)
        let post = try fixture.signedRequest(method: "POST", path: path, body: Data("{}".utf8))
        #expect(fixture.engine.handle(post).response.status == 405)
    }

    @Test func claimsAndConfirmsSurviveARestart() async throws {
        let fixture = try SandboxFixture()
        let number = try fixture.issue(openid: "o-restart-1")
        let (coupon, _) = try fixture.engine.claim(sendRequestNo: number)
        let restarted = try fixture.restartedEngine()
        #expect(try restarted.claim(sendRequestNo: number).coupon == coupon)
    }

    @Test func aNumberThatWasNeverIssuedCannotBeClaimed() throws {
        let fixture = try SandboxFixture()
        #expect(throws: SandboxEngine.ClaimError.noSuchSend("NOSUCH0001")) { try fixture.engine.claim(sendRequestNo: "NOSUCH0001") }
    }
}

/// A confirm journal in memory.
final class HistoryMemory: ConfirmJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ConfirmRecord] = []
    func append(_ record: ConfirmRecord) throws { lock.withLock { stored.append(record) } }
    func confirmRecords() throws -> [ConfirmRecord] { lock.withLock { stored } }
}

/// Look-ups over real loopback HTTP (libcurl → libmicrohttpd): the path and query are verified as sent.
@Suite struct SandboxLookupOverHTTPTests {
    @Test func aSignedGETWithAnEscapedPathAndAQueryIsVerifiedAndAnswered() async throws {
        let fixture = try SandboxFixture(clock: TestClock(Date()))
        let listener = try SandboxListener(engine: fixture.engine)
        defer { listener.stop() }
        let openid = "o+look/1@x"
        _ = try fixture.engine.claim(sendRequestNo: try fixture.issue(openid: openid))
        var configuration = try fixture.clientConfiguration()
        configuration.baseURL = try #require(URL(string: listener.baseURL))
        let client = LookupClient(configuration: configuration, transport: CurlTransport())
        var query = SandboxFixture.coupons(of: openid)
        query.couponState = .confirming
        let list = try await client.userCoupons(query).get()
        #expect(list.entries.count == 1)
        #expect(list.entries.first?.state == .confirming)
        let stock = try await client.stock(StockQuery(brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                                      stockID: DemoData.StockID.plenty)).get()
        #expect(stock.sentTotal == 1)
    }
}

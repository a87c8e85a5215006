@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// Look-up answers as a check panel would get them.
enum CheckFixture {
    static func coupon(_ state: String, number: String = "CDREQ000001", confirmRequestNo: String? = nil) -> UserCoupon {
        var fields: [String: JSONValue] = ["coupon_code": .string("800000000000000001"), "coupon_state": .string(state),
                                           "send_request_no": .string(number), "receive_time": .string("2026-11-28T14:12:05+08:00")]
        if let confirmRequestNo { fields["confirm_request_no"] = .string(confirmRequestNo) }
        return UserCoupon(raw: .object(fields))
    }

    static let stock = ProductCouponStock(raw: .object([
        "stock_id": .string("STOCK01"), "state": .string("SENDING"), "coupon_code_mode": .string("WECHATPAY"),
        "stock_send_rule": .object(["max_count": .int(500), "max_count_per_day": .int(50), "max_count_per_user": .int(3)]),
        "sent_count_info": .object(["total_count": .int(123), "today_count": .int(50)]),
    ]))

    static func check(_ coupons: [UserCoupon], number: String = "CDREQ000001") -> SendCheck {
        SendCheck(sendRequestNo: number,
                  coupons: .success(UserCouponList(entries: coupons, totalCount: coupons.count, pages: 1, isComplete: true,
                                                   incompleteReason: nil, requestIDs: ["R-0"])),
                  stock: .success(stock))
    }
}

/// The console's check panel (issue 12): `c` looks a send up through an effect, the answer comes back
/// as a message, `C` confirms a CONFIRMING coupon after a y/n prompt — all in the pure update.
@Suite struct CheckPanelTests {
    /// A model with the history loaded and the history pane focused on the first row.
    static func model(_ records: [SendRecord] = [Fixture.issued()]) -> ConsoleModel {
        var model = Fixture.model(width: 100, height: 30)
        model.loadHistory(records)
        model.focus = .history
        return model
    }

    static func panel(_ model: ConsoleModel) -> CheckPanel? {
        if case .check(let panel) = model.overlay { return panel }
        return nil
    }

    @Test func cOnAHistoryRowAsksTheRuntimeToLookTheSendUpAndShowsASpinner() throws {
        var model = Self.model()
        let effects = model.apply(.key(.character("c")))
        let panel = try #require(Self.panel(model))
        #expect(effects == [.check(Fixture.request(), generation: panel.generation)])
        #expect(model.isBusy)
        #expect(model.frame().screen.contains("looking up the user's coupons and the stock"))
        let before = model.spinnerFrame
        _ = model.apply(.tick)
        #expect(model.spinnerFrame == before + 1, "the spinner turns while the look-ups are out")
    }

    @Test func theAnswerShowsTheClaimedCouponsStateAndTheBudgetAsBars() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        let generation = try #require(Self.panel(model)).generation
        _ = model.apply(.checkFinished(generation: generation, CheckFixture.check([CheckFixture.coupon("CONFIRMING")])))
        let screen = model.frame().screen
        #expect(screen.contains("yes — coupon 800000000000000001"))
        #expect(screen.contains("CONFIRMING — claimed, not confirmed"))
        #expect(screen.contains("█████░░░░░░░░░░░░░░░ 123 / 500 · 377 left"))
        #expect(screen.contains("████████████████████ 50 / 50 · 0 left"))
        #expect(screen.contains("at most 3 · this user holds 1 (CONFIRMING included)"))
        #expect(screen.contains("C confirms it"))
        #expect(!model.isBusy)
    }

    @Test func anUnclaimedSendSaysSo() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation, CheckFixture.check([])))
        #expect(model.frame().screen.contains("no — no coupon of this user in the stock has this send_request_no"))
        _ = model.apply(.key(.character("C")))
        #expect(Self.panel(model)?.confirm == .note(StatusLine(.info, "Nothing to confirm: its token has not been claimed: there is no coupon to confirm.")))
    }

    @Test func anAnswerForAnotherPanelIsIgnored() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        let generation = try #require(Self.panel(model)).generation
        _ = model.apply(.checkFinished(generation: generation - 1, CheckFixture.check([])))
        #expect(Self.panel(model)?.result == nil)
    }

    @Test func capitalCAsksFirstAndNDoesNothing() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation, CheckFixture.check([CheckFixture.coupon("CONFIRMING")])))
        #expect(model.apply(.key(.character("C"))).isEmpty)
        #expect(Self.panel(model)?.confirm == .asking)
        let screen = model.frame().screen
        #expect(screen.contains("Confirm coupon 800000000000000001 of oUser0001 now?"))
        #expect(screen.contains("y yes, confirm") && screen.contains("n no"), "the prompt's keys in the hint bar")
        #expect(ConsoleProgram.contexts(model) == [.confirmPrompt, .global])
        #expect(model.apply(.key(.character("n"))).isEmpty)
        #expect(Self.panel(model)?.confirm == .note(StatusLine(.info, "Not confirmed.")))
    }

    @Test func yConfirmsThroughAnEffectAndTheAnswerIsShownAndLookedUpAgain() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        let coupon = CheckFixture.coupon("CONFIRMING")
        _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation, CheckFixture.check([coupon])))
        _ = model.apply(.key(.character("C")))
        let effects = model.apply(.key(.character("y")))
        let panel = try #require(Self.panel(model))
        let place = ConfirmPolicy.CouponPlace(openid: "oUser0001", brandID: "BRAND001", productCouponID: "PC1001", stockID: "STOCK01",
                                              appid: "wx1234567890abcdef")
        #expect(effects == [.confirm(ConfirmOrder(coupon: coupon, place: place, sendRequestNo: "CDREQ000001", generation: panel.generation))])
        #expect(panel.confirm == .confirming && model.isConfirming && model.isBusy)
        #expect(model.frame().screen.contains("confirming…"))

        let request = ConfirmRequest(openid: "oUser0001", couponCode: "800000000000000001", brandID: "BRAND001", productCouponID: "PC1001",
                                     stockID: "STOCK01", appid: "wx1234567890abcdef", outRequestNo: "CF_TEST_0001")
        let record = ConfirmRecord(time: "t", operator: nil, mode: "demo", preSendRequestNo: "CDREQ000001", request: request,
                                   outcome: .confirmed, couponState: "EFFECTIVE", httpStatus: 200, attempts: 1)
        let after = model.apply(.confirmFinished(generation: panel.generation, .sent(record, coupon: nil, journalProblem: nil, repeating: nil)))
        let refreshed = try #require(Self.panel(model))
        #expect(after == [.check(Fixture.request(), generation: refreshed.generation)], "looked up again to show the new state")
        #expect(model.frame().screen.contains("✓ confirmed: the coupon is EFFECTIVE (out_request_no CF_TEST_0001)"))
        #expect(model.status?.kind == .issued)
    }

    @Test func anEffectiveOrOtherStateIsAnsweredWithoutAPrompt() throws {
        for (state, expected) in [("EFFECTIVE", StatusLine.Kind.issued), ("USED", .problem)] {
            var model = Self.model()
            _ = model.apply(.key(.character("c")))
            _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation,
                                           CheckFixture.check([CheckFixture.coupon(state, confirmRequestNo: "CF_EARLIER_1")])))
            #expect(model.apply(.key(.character("C"))).isEmpty)
            guard case .note(let line)? = Self.panel(model)?.confirm else { Issue.record("no note for \(state)"); continue }
            #expect(line.kind == expected)
        }
    }

    @Test func afterAnUnknownConfirmCapitalCRepeatsItEvenWhenTheCouponIsEffectiveByIt() throws {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation, CheckFixture.check([CheckFixture.coupon("CONFIRMING")])))
        _ = model.apply(.key(.character("C")), .key(.character("y")))
        let request = ConfirmRequest(openid: "oUser0001", couponCode: "800000000000000001", brandID: "BRAND001", productCouponID: "PC1001",
                                     stockID: "STOCK01", appid: "wx1234567890abcdef", outRequestNo: "CF_LOST_0001")
        let lost = ConfirmRecord(time: "t", operator: nil, mode: "demo", preSendRequestNo: "CDREQ000001", request: request, outcome: .unknown,
                                 error: SendError(category: .timeout))
        _ = model.apply(.confirmFinished(generation: try #require(Self.panel(model)).generation, .sent(lost, coupon: nil, journalProblem: nil, repeating: nil)))
        #expect(model.frame().screen.contains("? confirm unknown"))
        _ = model.apply(.checkFinished(generation: try #require(Self.panel(model)).generation,
                                       CheckFixture.check([CheckFixture.coupon("EFFECTIVE", confirmRequestNo: "CF_LOST_0001")])))
        _ = model.apply(.key(.character("C")))
        #expect(Self.panel(model)?.confirm == .asking, "the same confirm again records its outcome")
    }

    @Test func aBudgetRefusalsDetailPointsAtTheCheckAndCOpensIt() throws {
        var model = Self.model([Fixture.rejected()])
        _ = model.apply(.key(.enter))
        #expect(model.frame().screen.contains("c: see the stock's budget"))
        let effects = model.apply(.key(.character("c")))
        #expect(Self.panel(model)?.send.request.sendRequestNo == "CDREQ000002")
        #expect(effects.count == 1)
    }

    @Test func theDetailShowsTheConfirmsOfTheSendOnceRead() throws {
        var model = Self.model()
        let effects = model.apply(.key(.enter))
        #expect(effects == [.loadConfirms(sendRequestNo: "CDREQ000001")])
        let request = ConfirmRequest(openid: "oUser0001", couponCode: "800000000000000001", brandID: "BRAND001", productCouponID: "PC1001",
                                     stockID: "STOCK01", appid: "wx1234567890abcdef", outRequestNo: "CF_SHOWN_001")
        let confirmed = ConfirmRecord(time: "2026-11-28T14:20:00.000+08:00", operator: nil, mode: "demo", preSendRequestNo: "CDREQ000001",
                                      request: request, outcome: .confirmed, couponState: "EFFECTIVE")
        _ = model.apply(.confirmsLoaded(sendRequestNo: "CDREQ000001", [confirmed]))
        let screen = model.frame().screen
        #expect(screen.contains("confirmed · out_request_no CF_SHOWN_001"))
        #expect(screen.contains("outcome") && screen.contains("issued"), "the send's own state is unchanged")
    }

    @Test func aBrandDirectConsoleDoesNotCheckAnotherBrandsSend() {
        var model = ConsoleModel(environment: ConsoleEnvironment(profile: Profile(flavor: .brand, callerID: "BRAND999", baseURLHost: "h", isDemo: true),
                                                                 theme: Fixture.theme), size: Size(width: 100, height: 30))
        model.loadHistory([Fixture.issued()])
        model.focus = .history
        #expect(model.apply(.key(.character("c"))).isEmpty)
        #expect(model.overlay == nil)
        #expect(model.status?.text.contains("was sent for brand BRAND001") == true)
    }

    @Test func theHistorysHintBarOffersTheCheckEvenAt80Columns() {
        var model = Fixture.model(width: 80, height: 24)
        model.loadHistory([Fixture.issued()])
        model.focus = .history
        let hints = model.frame().screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(hints.contains("c check"), "\(hints)")
        #expect(OverlayView.helpLines(keymap: .standard).contains { $0.key == "C" && $0.value.hasPrefix("confirm the claimed coupon") })
    }

    @Test func escClosesThePanelAndTheHintBarNamesItsKeys() {
        var model = Self.model()
        _ = model.apply(.key(.character("c")))
        let screen = model.frame().screen
        #expect(screen.contains("C confirm") && screen.contains("Esc close"))
        _ = model.apply(.key(.escape))
        #expect(model.overlay == nil)
    }
}

/// The runtime runs the panel's effects off the main actor and posts their answers back.
@Suite @MainActor struct CheckPanelRuntimeTests {
    @Test func theLookupAndTheConfirmRunAsServicesAndTheirAnswersReachTheScreen() {
        let history = InMemoryHistory(records: [Fixture.issued()])
        let confirmed = Locked<[ConfirmOrder]>([])
        let services = ConsoleServices(
            reportingSend: { _ in SendReport(record: Fixture.issued()) }, loadHistory: { _ in history },
            check: { request in
                try? await Task.sleep(nanoseconds: 200_000_000)
                return CheckFixture.check([CheckFixture.coupon(confirmed.value.isEmpty ? "CONFIRMING" : "EFFECTIVE")], number: request.sendRequestNo)
            },
            confirm: { order in
                confirmed.mutate { $0.append(order) }
                let request = ConfirmRequest(openid: order.place.openid, couponCode: order.coupon.couponCode ?? "", brandID: order.place.brandID,
                                             productCouponID: order.place.productCouponID, stockID: order.place.stockID,
                                             appid: order.place.appid, outRequestNo: "CF_RUNTIME_01")
                return .sent(ConfirmRecord(time: "t", operator: nil, mode: "demo", preSendRequestNo: order.sendRequestNo, request: request,
                                           outcome: .confirmed, couponState: "EFFECTIVE"), coupon: nil, journalProblem: nil, repeating: nil)
            })
        let steps = [
            FakeTerminal.Step(when: { $0.screen.contains("History · 1 send ") },
                              keys: [.key(.tab), .key(.tab), .key(.tab), .key(.tab), .key(.character("c"))]),
            FakeTerminal.Step(when: { $0.screen.contains("CONFIRMING — claimed") }, keys: [.key(.character("C"))]),
            FakeTerminal.Step(when: { $0.screen.contains("Confirm coupon") }, keys: [.key(.character("y"))]),
        ]
        let terminal = FakeTerminal(steps: steps) { $0.screen.contains("EFFECTIVE — usable") }
        ConsoleRuntime(model: Fixture.model(width: 100, height: 30), terminal: terminal, services: services).run()
        #expect(terminal.frames.contains { $0.screen.contains("looking up the user's coupons") })
        #expect(terminal.frames.contains { $0.screen.contains("✓ confirmed") })
        #expect(confirmed.value.count == 1)
        #expect(terminal.idlePolls < terminal.maxIdlePolls, "reached the confirmed state, not a timeout")
    }
}

/// A value several tasks change under a lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func mutate(_ body: (inout T) -> Void) { lock.withLock { body(&stored) } }
}

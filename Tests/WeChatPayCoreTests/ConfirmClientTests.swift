import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// A confirm journal in memory.
final class MemoryConfirmJournal: ConfirmJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ConfirmRecord] = []
    var records: [ConfirmRecord] { lock.withLock { stored } }
    func append(_ record: ConfirmRecord) throws { lock.withLock { stored.append(record) } }
    func confirmRecords() throws -> [ConfirmRecord] { records }
}

/// A probe that says every other process still runs.
struct EveryoneRunsProbe: ProcessProbe {
    func activity(of sender: SendingProcess) -> SenderActivity { .running }
}

/// The confirm with the outcome safety of a send: write-ahead, retries with the same number, unknown
/// resolved only by the same confirm again.
@Suite struct ConfirmClientTests {
    static let request = ConfirmRequest(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", couponCode: "123456789", brandID: "120344",
                                        productCouponID: "1000000013", stockID: "1000000013001", appid: "wx233544546545989",
                                        outRequestNo: "CF20261128_0001")

    static func client(_ transport: ScriptedTransport, probe: any ProcessProbe = LocalProcessProbe()) throws -> ConfirmClient {
        ConfirmClient(configuration: try Fixture.configuration(), transport: transport, sleeper: RecordingSleeper(),
                      clock: FixedClock(Fixture.now), probe: probe)
    }

    static func confirmed() throws -> HTTPResponse {
        try Fixture.signedResponse(status: 200, body: #"{"coupon_code":"123456789","coupon_state":"EFFECTIVE","confirm_request_no":"CF20261128_0001"}"#)
    }

    @Test func aConfirmIsWrittenAheadThenRecordedConfirmedWithTheCouponsState() async throws {
        let transport = ScriptedTransport([.respond(try Self.confirmed())])
        let journal = MemoryConfirmJournal()
        let report = try await Self.client(transport).execute(Self.request, preSendRequestNo: "SRN0001", journal: journal,
                                                              operator: "alice", mode: .live)
        #expect(journal.records.map(\.outcome) == [.pending, .confirmed])
        #expect(journal.records[0].sender != nil)
        #expect(report.record.couponState == "EFFECTIVE")
        #expect(report.record.preSendRequestNo == "SRN0001")
        #expect(report.coupon?.state == .effective)
        let sent = try #require(transport.sent.first)
        #expect(sent.method == "POST")
        #expect(String(decoding: sent.body, as: UTF8.self).contains(#""out_request_no":"CF20261128_0001""#))
    }

    @Test func timeoutsAreRetriedWithTheSameNumberAndBodyThenLeftUnknown() async throws {
        let transport = ScriptedTransport([.fail(.timeout("slow"))])
        let journal = MemoryConfirmJournal()
        let report = try await Self.client(transport).execute(Self.request, preSendRequestNo: nil, journal: journal,
                                                              operator: nil, mode: .live)
        #expect(report.record.outcome == .unknown)
        #expect(report.record.error?.category == .timeout)
        #expect(transport.sent.count == 4)
        #expect(Set(transport.sent.map(\.body)).count == 1)
        #expect(Set(transport.sent.compactMap { $0.headers["Authorization"] }).count == 4, "a fresh signature each attempt")
    }

    @Test func theSameConfirmAgainResolvesAnUnknownOne() async throws {
        let journal = MemoryConfirmJournal()
        _ = try await Self.client(ScriptedTransport([.fail(.network("reset"))])).execute(Self.request, preSendRequestNo: nil,
                                                                                        journal: journal, operator: nil, mode: .live)
        let again = try await Self.client(ScriptedTransport([.respond(try Self.confirmed())]))
            .execute(Self.request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(again.record.outcome == .confirmed)
        #expect(journal.records.map(\.outcome) == [.pending, .unknown, .pending, .confirmed])
    }

    @Test func aRefusalOfARepeatAfterAnUnknownConfirmIsNoDefiniteNo() async throws {
        let journal = MemoryConfirmJournal()
        _ = try await Self.client(ScriptedTransport([.fail(.timeout("slow"))])).execute(Self.request, preSendRequestNo: nil,
                                                                                       journal: journal, operator: nil, mode: .live)
        let illegal = try Fixture.signedResponse(status: 400, body: Fixture.errorBody("INVALID_REQUEST", "用户券状态非法"),
                                                 requestID: "0802-268578367")
        let again = try await Self.client(ScriptedTransport([.respond(illegal)]))
            .execute(Self.request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
        #expect(again.record.outcome == .unknown, "the earlier confirm may have taken effect")
    }

    @Test func aNotConfirmingCouponIsRefusedAsADefiniteNo() async throws {
        let illegal = try Fixture.signedResponse(status: 400, body: Fixture.errorBody("INVALID_REQUEST", "用户券状态非法"),
                                                 requestID: "0802-268578367")
        let report = try await Self.client(ScriptedTransport([.respond(illegal)]))
            .execute(Self.request, preSendRequestNo: nil, journal: MemoryConfirmJournal(), operator: nil, mode: .live)
        #expect(report.record.outcome == .rejected)
        #expect(report.record.error?.numericCode == 268578367)
    }

    @Test func anOutRequestNumberOfAnotherCouponIsRefusedAndNothingIsSentOrRecorded() async throws {
        let journal = MemoryConfirmJournal()
        var other = Self.request
        other.couponCode = "999"
        try journal.append(ConfirmRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                         preSendRequestNo: nil, request: other, outcome: .confirmed))
        let transport = ScriptedTransport([.respond(try Self.confirmed())])
        let client = try Self.client(transport)
        do {
            _ = try await client.execute(Self.request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
            Issue.record("a number of another confirm was sent")
        } catch {
            guard case .numberReused(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.description.contains("999"))
        }
        #expect(transport.sent.isEmpty)
        #expect(journal.records.count == 1)
    }

    @Test func aConfirmInFlightInAnotherProcessIsNotRaced() async throws {
        let journal = MemoryConfirmJournal()
        try journal.append(ConfirmRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live", preSendRequestNo: nil,
                                         request: Self.request, outcome: .pending,
                                         sender: SendingProcess(host: "elsewhere", pid: 4242)))
        let transport = ScriptedTransport([.respond(try Self.confirmed())])
        let client = try Self.client(transport, probe: EveryoneRunsProbe())
        do {
            _ = try await client.execute(Self.request, preSendRequestNo: nil, journal: journal, operator: nil, mode: .live)
            Issue.record("raced")
        } catch {
            guard case .confirmingElsewhere = error else { Issue.record("\(error)"); return }
        }
        #expect(transport.sent.isEmpty)
    }

    @Test func aConfirmRecordRoundTripsAndIsToldApartFromASend() throws {
        let record = ConfirmRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: "live", flavor: .brand,
                                   preSendRequestNo: "SRN0001", request: Self.request, outcome: .confirmed, couponState: "EFFECTIVE")
        let line = try record.jsonLine()
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""action":"confirm""#))
        #expect(text.contains(#""flavor":"brand""#))
        #expect(!text.contains(#""send_request_no""#), "never taken for a send by a history index")
        #expect(try JSONDecoder().decode(ConfirmRecord.self, from: line) == record)
        #expect((try? JSONDecoder().decode(SendRecord.self, from: line)) == nil)
        let send = try SendRecord(time: "t", operator: nil, mode: "live", request: Fixture.request, outcome: .issued).jsonLine()
        #expect((try? JSONDecoder().decode(ConfirmRecord.self, from: send)) == nil)
    }

    @Test func theUnresolvedConfirmOfACouponIsTheOneToRepeat() {
        func record(_ number: String, _ outcome: ConfirmOutcome, code: String = "123456789", category: ErrorCategory? = nil) -> ConfirmRecord {
            var request = Self.request
            request.outRequestNo = number
            request.couponCode = code
            return ConfirmRecord(time: "t", operator: nil, mode: "live", preSendRequestNo: nil, request: request, outcome: outcome,
                                 error: category.map { SendError(category: $0) })
        }
        let history = [record("N1", .pending), record("N1", .unknown), record("N2", .pending), record("N2", .rejected, category: .invalidRequest),
                       record("N3", .pending, code: "other")]
        #expect(ConfirmPolicy.unresolved(ofCoupon: Self.request.openid, couponCode: "123456789", in: history, mode: .live)?.request.outRequestNo == "N1")
        #expect(ConfirmPolicy.unresolved(ofCoupon: Self.request.openid, couponCode: "123456789", in: history, mode: .demo) == nil)
        let resolved = history + [record("N1", .confirmed)]
        #expect(ConfirmPolicy.unresolved(ofCoupon: Self.request.openid, couponCode: "123456789", in: resolved, mode: .live) == nil)
        #expect(ConfirmPolicy.confirmed(ofCoupon: Self.request.openid, couponCode: "123456789", in: resolved)?.request.outRequestNo == "N1")
        let limited = [record("N4", .rejected, category: .rateLimited)]
        #expect(ConfirmPolicy.unresolved(ofCoupon: Self.request.openid, couponCode: "123456789", in: limited, mode: .live) != nil)
    }

    static let place = ConfirmPolicy.CouponPlace(openid: request.openid, brandID: "120344", productCouponID: "1000000013",
                                                 stockID: "1000000013001", appid: "wx233544546545989")

    static func coupon(_ state: String, confirmRequestNo: String? = nil) -> UserCoupon {
        var fields: [String: JSONValue] = ["coupon_code": .string("123456789"), "coupon_state": .string(state)]
        if let confirmRequestNo { fields["confirm_request_no"] = .string(confirmRequestNo) }
        return UserCoupon(raw: .object(fields))
    }

    @Test func aCouponThatIsNotConfirmingIsRefusedHereNamingItsState() {
        for state in ["USED", "EXPIRED", "DELETED", "PENDING", "SOMETHING_NEW"] {
            #expect(ConfirmPolicy.plan(coupon: Self.coupon(state), place: Self.place, requestedNumber: nil, history: [], mode: .live)
                    == .notConfirmable(state: state))
        }
        #expect(ConfirmPolicy.plan(coupon: Self.coupon("EFFECTIVE", confirmRequestNo: "X"), place: Self.place, requestedNumber: nil,
                                   history: [], mode: .live) == .alreadyConfirmed(confirmRequestNo: "X", confirmTime: nil))
    }

    @Test func aConfirmingCouponGetsTheNumberAskedForElseANewOne() {
        let plan = ConfirmPolicy.plan(coupon: Self.coupon("CONFIRMING"), place: Self.place, requestedNumber: "CF_ASKED_01", history: [], mode: .live)
        guard case .confirm(let request, let repeating) = plan else { Issue.record("\(plan)"); return }
        #expect(request.outRequestNo == "CF_ASKED_01" && repeating == nil)
        #expect(request.couponCode == "123456789" && request.stockID == "1000000013001")
        let fresh = ConfirmPolicy.plan(coupon: Self.coupon("CONFIRMING"), place: Self.place, requestedNumber: nil, history: [], mode: .live,
                                       newNumber: { "CF_NEW_0001" })
        guard case .confirm(let generated, nil) = fresh else { Issue.record("\(fresh)"); return }
        #expect(generated.outRequestNo == "CF_NEW_0001")
    }

    @Test func anUnresolvedConfirmIsRepeatedAsItWasEvenOnceTheCouponIsEffectiveByIt() {
        let open = ConfirmRecord(time: "t", operator: nil, mode: "live", preSendRequestNo: nil, request: Self.request, outcome: .unknown)
        for coupon in [Self.coupon("CONFIRMING"), Self.coupon("EFFECTIVE", confirmRequestNo: Self.request.outRequestNo)] {
            #expect(ConfirmPolicy.plan(coupon: coupon, place: Self.place, requestedNumber: nil, history: [open], mode: .live)
                    == .confirm(Self.request, repeating: open))
        }
        #expect(ConfirmPolicy.plan(coupon: Self.coupon("CONFIRMING"), place: Self.place, requestedNumber: "CF_OTHER_01", history: [open],
                                   mode: .live) == .unresolvedUnderAnotherNumber(open))
        // Confirmed by someone else meanwhile: nothing to repeat.
        #expect(ConfirmPolicy.plan(coupon: Self.coupon("EFFECTIVE", confirmRequestNo: "THEIRS"), place: Self.place, requestedNumber: nil,
                                   history: [open], mode: .live) == .alreadyConfirmed(confirmRequestNo: "THEIRS", confirmTime: nil))
    }
}

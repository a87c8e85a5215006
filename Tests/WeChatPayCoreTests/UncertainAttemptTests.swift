import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// Once an attempt of a send may have pre-sent the coupon (timeout, lost connection, 5xx), a refusal
/// of a later retry is not a definite no: the send is unknown and must be resolved by a resend with
/// the same send_request_no — a "rejected" would invite a second send under a new number.
@Suite struct UncertainAttemptTests {
    func send(_ steps: [ScriptedTransport.Step]) async throws -> SendRecord {
        let client = PreSendClient(configuration: try Fixture.configuration(), transport: ScriptedTransport(steps),
                                   sleeper: RecordingSleeper(), clock: FixedClock(Fixture.now))
        return await client.send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
    }

    static func refusal(_ code: String, _ message: String, numeric: Int) throws -> ScriptedTransport.Step {
        .respond(try Fixture.signedResponse(status: 400, body: Fixture.errorBody(code, message), requestID: "0801-\(numeric)"))
    }

    @Test func aRefusalAfterATimeoutIsUnknown() async throws {
        let record = try await send([.fail(.timeout("slow")), try Self.refusal("INVALID_REQUEST", "用户领取券张数已达上限", numeric: 272756740)])
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .timeout)
        #expect(record.error?.message?.contains("user_limit_reached") == true)
        #expect(record.attempts == 2)
    }

    @Test func aRefusalAfterAServerErrorIsUnknown() async throws {
        let record = try await send([.respond(try Fixture.signedResponse(status: 500, body: Fixture.errorBody("SYSTEM_ERROR", "系统繁忙"))),
                                 try Self.refusal("INVALID_REQUEST", "商品券批次状态不是发放中", numeric: 268577984)])
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .serverError)
    }

    @Test func aRefusalOnTheFirstAttemptIsADefiniteNo() async throws {
        let record = try await send([try Self.refusal("INVALID_REQUEST", "用户领取券张数已达上限", numeric: 272756740)])
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .userLimitReached)
    }

    // The same holds across calls: a resend of a send whose newest record is unknown (or a dangling
    // pending) starts out uncertain.
    func resend(after earlier: Outcome, _ steps: [ScriptedTransport.Step]) async throws -> (SendRecord, MemoryJournal) {
        let journal = MemoryJournal()
        var first = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                               request: Fixture.request, outcome: earlier)
        if earlier == .unknown { first.error = SendError(category: .networkError, message: "connection lost") }
        try? journal.append(first)
        let client = PreSendClient(configuration: try Fixture.configuration(), transport: ScriptedTransport(steps),
                                   sleeper: RecordingSleeper(), clock: FixedClock(Fixture.now))
        return (await client.send(Fixture.request, journal: journal, operator: nil, mode: .live), journal)
    }

    @Test func aRateLimitedResendOfAnUnknownSendStaysUnknown() async throws {
        let (record, journal) = try await resend(after: .unknown, [try Self.refusal("RATELIMIT_EXCEEDED", "频率过快", numeric: 270924289)])
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .networkError)
        #expect(record.error?.message?.contains("rate limited") == true)
        #expect(journal.records.last?.outcome == .unknown)
    }

    @Test func aRefusedResendOfAnInterruptedSendStaysUnknown() async throws {
        let (record, _) = try await resend(after: .pending, [try Self.refusal("INVALID_REQUEST", "商品券批次总预算已发完", numeric: 268579001)])
        #expect(record.outcome == .unknown)
        #expect(record.error?.message?.contains("interrupted") == true)
    }

    @Test func aResendOfAnUnknownSendThatIsIssuedIsIssued() async throws {
        let issued = try Fixture.signedResponse(status: 200, body: #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#)
        let (record, _) = try await resend(after: .unknown, [.respond(issued)])
        #expect(record.outcome == .issued)
    }

    @Test func aRefusalAfterAnEarlierDefiniteNoIsADefiniteNo() async throws {
        let (record, _) = try await resend(after: .rejected, [try Self.refusal("RATELIMIT_EXCEEDED", "频率过快", numeric: 270924289)])
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .rateLimited)
    }
}


import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct PreSendClientTests {
    let configuration: ClientConfiguration
    init() throws { configuration = try Fixture.configuration() }

    func client(_ transport: ScriptedTransport, sleeper: RecordingSleeper = RecordingSleeper()) -> PreSendClient {
        PreSendClient(configuration: configuration, transport: transport, sleeper: sleeper, clock: FixedClock(Fixture.now))
    }

    static var issued: HTTPResponse { get throws { try issuedResponse.get() } }
    private static let issuedResponse = Result { try Fixture.signedResponse(status: 200, body: #"{"token":"ABBpZjCfAAABAAAAAACmTrRvExc7XKea-"}"#, requestID: "0801-0") }

    @Test func verifiedTokenIsIssuedAfterAPendingRecord() async throws {
        let transport = ScriptedTransport([.respond(try Self.issued)])
        let journal = MemoryJournal()
        let record = await client(transport).send(Fixture.request, journal: journal, operator: "alice", mode: .live)
        #expect(record.outcome == .issued)
        #expect(record.token == "ABBpZjCfAAABAAAAAACmTrRvExc7XKea-")
        #expect(record.requestID == "0801-0")
        #expect(record.attempts == 1)
        #expect(journal.records.map(\.outcome) == [.pending, .issued])
        #expect(journal.records[0].request == Fixture.request)
        #expect(journal.records[0].operator == "alice")
        #expect(journal.records[1] == record)
    }

    @Test func theNumberOfAnUnresolvedSendIsNotReusedForOtherDataAndNothingIsSentOrRecorded() async throws {
        let journal = MemoryJournal()
        var other = Fixture.request
        other.openid = "oSomeoneElse"
        try journal.append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                      request: other, outcome: .unknown, error: SendError(category: .timeout)))
        let transport = ScriptedTransport([.respond(try Self.issued)])
        do {
            _ = try await client(transport).execute(Fixture.request, journal: journal, operator: nil, mode: .live)
            Issue.record("a reused number was sent")
        } catch {
            guard case .numberReused(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.description.contains("oSomeoneElse"))
        }
        #expect(transport.sent.isEmpty)
        #expect(journal.records.map(\.outcome) == [.unknown])
    }

    @Test(arguments: [Outcome.issued, .rejected, .unknown, .pending])
    func theNumberOfAnySendIsNeverReusedForOtherDataAndNothingIsSentOrRecorded(_ outcome: Outcome) async throws {
        let journal = MemoryJournal()
        var other = Fixture.request
        other.openid = "oSomeoneElse"
        other.stockID = "1000000013999"
        try journal.append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                      request: other, outcome: outcome, token: outcome == .issued ? "T1" : nil,
                                      error: outcome == .rejected ? SendError(category: .dailyBudgetExhausted)
                                          : outcome == .unknown ? SendError(category: .timeout) : nil))
        let transport = ScriptedTransport([.respond(try Self.issued)])
        do {
            _ = try await client(transport).execute(Fixture.request, journal: journal, operator: nil, mode: .live)
            Issue.record("a number of another request was sent")
        } catch {
            guard case .numberReused(let message) = error else { Issue.record("unexpected \(error)"); return }
            // The earlier send by time, openid, stock and outcome, and what to do instead.
            #expect(message.description.contains("2026-11-28T14:12:00.123+08:00"))
            #expect(message.description.contains("oSomeoneElse") && message.description.contains("1000000013999"))
            let said = outcome == .pending ? "interrupted" : outcome == .unknown ? "outcome unknown" : outcome.rawValue
            #expect(message.description.contains(said), "\(message)")
            #expect(message.description.contains("use a new send_request_no"))
        }
        #expect(transport.sent.isEmpty)
        #expect(journal.records.map(\.outcome) == [outcome])
    }

    @Test func aChangedAttachAloneMakesItAnotherRequest() async throws {
        let journal = MemoryJournal()
        try journal.append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                      request: Fixture.request, outcome: .issued, token: "T1"))
        var again = Fixture.request
        again.attach = "second thoughts"
        let record = await client(ScriptedTransport([.respond(try Self.issued)])).send(again, journal: journal, operator: nil, mode: .live)
        #expect(record.attempts == 0 && record.error?.category == .requestNoConflict)
        #expect(journal.records.count == 1)
    }

    @Test func theSameRequestIsNotSentWhileAnotherProcessIsStillSendingIt() async throws {
        struct Running: ProcessProbe { func activity(of sender: SendingProcess) -> SenderActivity { .running } }
        let journal = MemoryJournal()
        try journal.append(SendRecord(time: SendRecord.timestamp(Fixture.now), operator: nil, mode: "live",
                                      request: Fixture.request, outcome: .pending,
                                      sender: SendingProcess(host: "desk-1", pid: 4242)))
        let transport = ScriptedTransport([.respond(try Self.issued)])
        let client = PreSendClient(configuration: try Fixture.configuration(), transport: transport, sleeper: RecordingSleeper(),
                                   clock: FixedClock(Fixture.now), probe: Running())
        do {
            _ = try await client.execute(Fixture.request, journal: journal, operator: nil, mode: .live)
            Issue.record("a send in flight elsewhere was raced")
        } catch {
            guard case .sendingElsewhere(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.description.contains("pid 4242 on desk-1"))
        }
        #expect(transport.sent.isEmpty)
        #expect(journal.records.count == 1)
    }

    @Test func theSameRequestUnderItsOwnNumberMayBeSentAgain() async throws {
        let journal = MemoryJournal()
        try journal.append(SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: nil, mode: "live",
                                      request: Fixture.request, outcome: .issued, token: "T1"))
        let record = await client(ScriptedTransport([.respond(try Self.issued)])).send(Fixture.request, journal: journal,
                                                                                  operator: nil, mode: .live)
        #expect(record.outcome == .issued)
    }

    @Test func pendingIsWrittenBeforeTheFirstAttempt() async throws {
        final class CheckingTransport: Transport, @unchecked Sendable {
            let journal: MemoryJournal
            var seenBeforeSend: [Outcome] = []
            init(_ journal: MemoryJournal) { self.journal = journal }
            func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
                seenBeforeSend = journal.records.map(\.outcome)
                return (try? PreSendClientTests.issued) ?? HTTPResponse(status: 599, headers: [:], body: Data())
            }
        }
        let journal = MemoryJournal()
        let transport = CheckingTransport(journal)
        _ = await PreSendClient(configuration: try Fixture.configuration(), transport: transport, sleeper: RecordingSleeper())
            .send(Fixture.request, journal: journal, operator: nil, mode: .live)
        #expect(transport.seenBeforeSend == [.pending])
    }

    @Test func serverErrorsAreRetriedThreeTimesWithBackoffAndTheSameBody() async throws {
        let sleeper = RecordingSleeper()
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 500, body: Fixture.errorBody("SYSTEM_ERROR", "系统错误")))])
        let record = await client(transport, sleeper: sleeper).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .serverError)
        #expect(record.attempts == 4)
        #expect(sleeper.recorded == [1, 2, 4])
        let bodies = Set(transport.sent.map(\.body))
        #expect(bodies.count == 1)
        #expect(transport.sent.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains(#""send_request_no":"CD20261128_000001""#) })
    }

    @Test func everyRetryIsFreshlySigned() async throws {
        let transport = ScriptedTransport([.fail(.network("connection reset"))])
        let signer = RequestSigner(mchid: "1900000001", serialNo: "ABC", privateKey: try Fixture.merchantKey)
        let configuration = ClientConfiguration(baseURL: URL(string: "https://api.mch.weixin.qq.com")!, signer: signer,
                                                verifier: try Fixture.verifier())
        _ = await PreSendClient(configuration: configuration, transport: transport, sleeper: RecordingSleeper())
            .send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        let authorizations = transport.sent.compactMap { $0.headers["Authorization"] }
        #expect(authorizations.count == 4)
        #expect(Set(authorizations).count == 4)
    }

    @Test func rateLimitIsRetriedThenRejected() async throws {
        let sleeper = RecordingSleeper()
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 429, body: Fixture.errorBody("RATELIMIT_EXCEEDED", "频率超限")))])
        let record = await client(transport, sleeper: sleeper).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .rateLimited)
        #expect(record.attempts == 4)
        #expect(sleeper.recorded == [1, 2, 4])
    }

    @Test func recoveryOnARetryIsIssued() async throws {
        let transport = ScriptedTransport([.fail(.timeout("slow")), .respond(try Self.issued)])
        let record = await client(transport).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .issued)
        #expect(record.attempts == 2)
    }

    @Test func otherClientErrorsAreNeverRetried() async throws {
        let sleeper = RecordingSleeper()
        let transport = ScriptedTransport([.respond(try Fixture.signedResponse(status: 400, body: Fixture.errorBody("INVALID_REQUEST", "批次总预算已用完")))])
        let record = await client(transport, sleeper: sleeper).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .totalBudgetExhausted)
        #expect(record.attempts == 1)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func timeoutsExhaustTheRetriesAndEndUnknown() async throws {
        let transport = ScriptedTransport([.fail(.timeout("no answer"))])
        let record = await client(transport).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .timeout)
        #expect(record.attempts == 4)
    }

    @Test func rateLimitAfterATimeoutIsUnknownBecauseTheFirstAttemptMayHaveSent() async throws {
        let transport = ScriptedTransport([.fail(.timeout("slow")),
                                           .respond(try Fixture.signedResponse(status: 429, body: Fixture.errorBody("RATELIMIT_EXCEEDED", "频率超限")))])
        let record = await client(transport).send(Fixture.request, journal: MemoryJournal(), operator: nil, mode: .live)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .timeout)
    }

    @Test func unverifiable200IsUnknownAndItsTokenIsNotRecorded() async throws {
        let forged = try Fixture.signedResponse(status: 200, body: #"{"token":"FORGED"}"#, key: try RSAPrivateKey.generate())
        let transport = ScriptedTransport([.respond(forged)])
        let journal = MemoryJournal()
        let record = await client(transport).send(Fixture.request, journal: journal, operator: nil, mode: .live)
        #expect(record.outcome == .unknown)
        #expect(record.error?.category == .signatureInvalid)
        #expect(record.token == nil)
        #expect(record.attempts == 1)
        #expect(!(try journal.records.map { String(decoding: try $0.jsonLine(), as: UTF8.self) }.joined().contains("FORGED")))
    }

    @Test func invalidRequestIsRefusedWithNothingSentOrRecorded() async throws {
        var request = Fixture.request
        request.sendRequestNo = "abc"
        let transport = ScriptedTransport([.respond(try Self.issued)])
        let journal = MemoryJournal()
        let record = await client(transport).send(request, journal: journal, operator: nil, mode: .live)
        #expect(record.outcome == .rejected)
        #expect(record.error?.category == .invalidRequest)
        #expect(record.error?.message?.contains("send_request_no") == true)
        #expect(record.attempts == 0)
        #expect(transport.sent.isEmpty)
        #expect(journal.records.isEmpty)
    }

    @Test func unwritableJournalMeansNothingIsSent() async throws {
        let transport = ScriptedTransport([.respond(try Self.issued)])
        await #expect(throws: SendRefusal.journalUnavailable("disk full")) {
            try await client(transport).execute(Fixture.request, journal: MemoryJournal(failing: true), operator: nil, mode: .live)
        }
        #expect(transport.sent.isEmpty)
    }
}

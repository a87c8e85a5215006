import Foundation
import Testing
@testable import WeChatPayCore

/// The one send policy the CLI's `resend` and the console's `r` both ask (issue 9, item 14).
@Suite struct SendPolicyTests {
    static func record(_ outcome: Outcome, category: ErrorCategory? = nil, mode: String = SendMode.live.rawValue) -> SendRecord {
        SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: mode, request: Fixture.request,
                   outcome: outcome, token: outcome == .issued ? "T1" : nil,
                   error: category.map { SendError(category: $0) }, requestID: "0801-0", attempts: 1)
    }

    @Test func aRateLimitedSendMayBeResentWithItsNumberAsPROTOCOLSays() {
        #expect(SendPolicy.resendRefusal(for: Self.record(.rejected, category: .rateLimited), mode: .live) == nil)
    }

    @Test func unknownAndInterruptedSendsMayBeResent() {
        #expect(SendPolicy.resendRefusal(for: Self.record(.unknown, category: .timeout), mode: .live) == nil)
        #expect(SendPolicy.resendRefusal(for: Self.record(.pending), mode: .live) == nil)
    }

    @Test func anIssuedSendIsNotResent() {
        #expect(SendPolicy.resendRefusal(for: Self.record(.issued), mode: .live) == .alreadyIssued(token: "T1", requestID: "0801-0"))
    }

    @Test func aDefiniteRefusalOtherThanARateLimitIsNotResent() {
        for category in ErrorCategory.allCases where category.outcome == .rejected && category != .rateLimited {
            #expect(SendPolicy.resendRefusal(for: Self.record(.rejected, category: category), mode: .live) == .definitelyRefused(category))
        }
    }

    @Test func aSendOfAnotherModeOrAnUnknownModeWordIsNotResent() {
        let demo = Self.record(.unknown, category: .timeout, mode: SendMode.demo.rawValue)
        #expect(SendPolicy.resendRefusal(for: demo, mode: .live) == .otherMode(recorded: "demo", current: .live))
        let newer = Self.record(.unknown, category: .timeout, mode: "staging")
        #expect(SendPolicy.resendRefusal(for: newer, mode: .live) == .otherMode(recorded: "staging", current: .live))
        #expect(SendPolicy.ResendRefusal.otherMode(recorded: "demo", current: .live).description.contains("demo mode"))
    }

    @Test func theModeWordsAreDemoAndLiveAndARecordWithoutOneIsLive() throws {
        #expect(SendMode.allCases.map(\.rawValue) == ["demo", "live"])
        var object = try #require(try JSONSerialization.jsonObject(with: Self.record(.issued).jsonLine()) as? [String: Any])
        object.removeValue(forKey: "mode")
        let decoded = try JSONDecoder().decode(SendRecord.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.sendMode == .live)
    }
}

/// May a send_request_no carry a request (issue 9, item 1)?
@Suite struct NumberInUseTests {
    static func record(_ request: PreSendRequest, _ outcome: Outcome, category: ErrorCategory? = nil,
                       time: String = "2026-11-28T14:12:00.123+08:00") -> SendRecord {
        SendRecord(time: time, operator: nil, mode: "live", request: request, outcome: outcome,
                   error: category.map { SendError(category: $0) })
    }

    static var other: PreSendRequest {
        var other = Fixture.request
        other.openid = "oOther"
        return other
    }

    @Test func aNewNumberOrTheSameRequestAgainIsFree() {
        #expect(SendPolicy.numberInUse(for: Fixture.request, history: []) == nil)
        let history = [Self.record(Fixture.request, .pending), Self.record(Fixture.request, .issued)]
        #expect(SendPolicy.numberInUse(for: Fixture.request, history: history) == nil)
    }

    @Test func theEarlierSendIsNamedByItsNewestRecord() {
        let history = [Self.record(Self.other, .pending), Self.record(Self.other, .issued)]
        #expect(SendPolicy.numberInUse(for: Fixture.request, history: history)?.earlier == history[1])
    }

    @Test func anyEarlierRecordOfAnotherRequestBlocksTheNumberEvenUnderLaterOnesOfThisRequest() {
        // An older tool's log: the other request came first, this one's refusal after it.
        let history = [Self.record(Self.other, .issued), Self.record(Fixture.request, .unknown, category: .timeout)]
        #expect(SendPolicy.numberInUse(for: Fixture.request, history: history)?.earlier.request == Self.other)
    }

    @Test func aRequestNoConflictRefusalIsNoClaimOnTheNumber() {
        // An older tool sent `other` under this request's number and WeChat Pay refused it (268578927).
        let history = [Self.record(Fixture.request, .issued),
                       Self.record(Self.other, .rejected, category: .requestNoConflict)]
        #expect(SendPolicy.numberInUse(for: Fixture.request, history: history) == nil)
        #expect(SendPolicy.numberInUse(for: Self.other, history: history)?.earlier == history[0])
    }
}

/// Who is sending (issue 9, item 14): one function, used by every front end.
@Suite struct OperatorNameTests {
    @Test func theConfiguredOperatorWins() {
        #expect(OperatorName.resolve(configured: "alice", environment: ["USER": "bob"], passwordDatabase: { "carol" }) == "alice")
    }

    @Test func thenUSERThenLOGNAME() {
        #expect(OperatorName.resolve(configured: nil, environment: ["USER": "bob", "LOGNAME": "dave"], passwordDatabase: { "carol" }) == "bob")
        #expect(OperatorName.resolve(configured: "", environment: ["USER": "", "LOGNAME": "dave"], passwordDatabase: { "carol" }) == "dave")
    }

    @Test func withoutUSERAndLOGNAMETheNameComesFromThePasswordDatabase() {
        #expect(OperatorName.resolve(configured: nil, environment: [:], passwordDatabase: { "carol" }) == "carol")
        #expect(OperatorName.resolve(configured: nil, environment: [:], passwordDatabase: { nil }) == nil)
    }

    @Test func thePasswordDatabaseNamesTheEffectiveUser() throws {
        // Oracle: the /etc/passwd line whose uid field is ours (the container's users live there).
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let uid = String(geteuid())
        var expected: String? = nil
        for line in passwd.split(separator: "\n") {
            let fields: [Substring] = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 2 && String(fields[2]) == uid { expected = String(fields[0]); break }
        }
        #expect(OperatorName.effectiveUserLoginName() == expected)
    }
}

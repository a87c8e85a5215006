import Foundation
@testable import CouponSandbox
import Testing
import WeChatPayCore

/// Journal lines are written by hand (`JournalJSON`): the same JSON that JSONEncoder wrote for them
/// before (JSONEncoder put keys in no fixed order, so the bytes are compared once keys are sorted), so
/// they replay through the same decoder to the same state, and lines written the old way still replay.
@Suite struct JournalLineEncodingTests {
    /// The line as it was written before: `{"c":[{"t","k","v"}…]}` through JSONEncoder.
    struct EncoderLine: Encodable {
        struct Change: Encodable {
            let t: String
            let k: String
            let v: (any Encodable & Sendable)?
            enum CodingKeys: String, CodingKey { case t, k, v }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(t, forKey: .t)
                try c.encode(k, forKey: .k)
                if let v { try c.encode(v, forKey: .v) }
            }
        }
        let c: [Change]
    }

    struct Collector: JournaledTableVisitor {
        var changes: [EncoderLine.Change] = []
        mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) {
            for (key, value) in table.takeChanges() { changes.append(.init(t: name, k: key, v: value)) }
        }
    }

    static func encoderLine(_ state: SandboxState) throws -> Data? {
        var state = state
        var collector = Collector()
        try state.visitTables(&collector)
        guard !collector.changes.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var line = try encoder.encode(EncoderLine(c: collector.changes.sorted { ($0.t, $0.k) < ($1.t, $1.k) }))
        line.append(0x0A)
        return line
    }

    /// The line with every object's keys sorted, as JSONSerialization reads and rewrites it.
    static func sortedKeys(_ line: Data?) throws -> String {
        guard let line else { return "no line" }
        let object = try JSONSerialization.jsonObject(with: line)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
                      as: UTF8.self)
    }

    /// The hand-written line of `state`, replayed onto an empty state.
    static func replayed(_ state: SandboxState) throws -> SandboxState {
        var replayed = SandboxState()
        _ = try replayed.replay(journal: try #require(try handLine(state)), startingAt: 0, path: "state.journal")
        return replayed
    }

    static func handLine(_ state: SandboxState) throws -> Data? {
        var state = state
        return try state.takeJournalLine()
    }

    /// Text that needs escaping or is not ASCII: quotes, backslashes, every control character, `/`, DEL,
    /// Chinese and an emoji.
    static let awkward = "a\"b\\c/d\u{7F}e会员日🎟" + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined()

    static func filledState(text: String = "plain", time: Double = 1_764_300_000.123456) -> SandboxState {
        var state = SandboxJournalTests.stateWithEveryTableFilled()
        let request = PreSendRequest(openid: "o-\(text)", brandID: "120344", productCouponID: "1000000013",
                                     stockID: "1000000013001", appid: "wx233544546545989", sendRequestNo: "SRN_\(text)",
                                     couponCode: text, attach: text)
        state.sends["120344/\(text)"] = .init(request: request, token: "T/\(text)", tokenIssuedAt: time, committedAt: time + 0.5)
        state.inFlight["o-\(text) 1000000013001"] = .init(sendRequestNo: text, until: time)
        state.faultHits["\(text) SRN"] = 3
        state.stocks.countIssue(stockID: "1000000013001", day: "2026-11-28", openid: text)
        state.coupons.claims[text] = text
        return state
    }

    @Test func aLineOfEveryTableIsTheJSONThatJSONEncoderWrote() throws {
        let state = SandboxJournalTests.stateWithEveryTableFilled()
        #expect(try Self.sortedKeys(Self.handLine(state)) == Self.sortedKeys(Self.encoderLine(state)))
        #expect(try Self.handLine(state)?.last == 0x0A)
    }

    @Test(arguments: ["plain", JournalLineEncodingTests.awkward, ""])
    func stringsThatNeedEscapingAreWrittenAsJSONEncoderWroteThemAndReadBack(_ text: String) throws {
        let state = Self.filledState(text: text)
        #expect(try Self.sortedKeys(Self.handLine(state)) == Self.sortedKeys(Self.encoderLine(state)))
        #expect(try Self.replayed(state) == state)
    }

    @Test(arguments: [0.0, 1.0, 0.5, -2.25, 1_764_300_000, 1_764_300_000.123456, 1e-7, 1e21, 123_456_789_012_345_680.0,
                      Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude])
    func timesAreWrittenAsJSONEncoderWroteThemAndReadBackExactly(_ time: Double) throws {
        let state = Self.filledState(time: time)
        #expect(try Self.sortedKeys(Self.handLine(state)) == Self.sortedKeys(Self.encoderLine(state)))
        #expect(try Self.replayed(state) == state)
    }

    @Test func aTimeThatIsNotFiniteCannotBeWrittenEitherWay() throws {
        let state = Self.filledState(time: .infinity)
        #expect(throws: EncodingError.self) { try Self.handLine(state) }
        #expect(throws: EncodingError.self) { try Self.encoderLine(state) }
    }

    @Test func aValueThatCannotBeWrittenIsReportedAfterEveryTablesChangesWereTakenAsBefore() throws {
        var state = Self.filledState(time: .infinity)
        #expect(throws: EncodingError.self) { try state.takeJournalLine() }
        #expect(try state.takeJournalLine() == nil)
    }

    @Test func aRemovalIsWrittenWithoutAValueAsBefore() throws {
        var state = Self.filledState()
        _ = try state.takeJournalLine()
        state.inFlight.removeAll { _ in true }
        let hand = try #require(try Self.handLine(state))
        #expect(try Self.sortedKeys(hand) == Self.sortedKeys(Self.encoderLine(state)))
        #expect(!String(decoding: hand, as: UTF8.self).contains("\"v\""))
    }

    @Test func aJournalWrittenByTheEncoderStillReplays() throws {
        let first = Self.filledState(text: "one")
        var second = first
        _ = try second.takeJournalLine()
        second.stocks.countIssue(stockID: "1000000013001", day: "2026-11-29", openid: "two")
        second.faultHits["one SRN"] = nil
        let journal = try #require(try Self.encoderLine(first)) + (try #require(try Self.encoderLine(second)))
        var replayed = SandboxState()
        #expect(try replayed.replay(journal: journal, startingAt: 0, path: "state.journal") == journal.count)
        #expect(replayed == second)
    }
}

import Testing
@testable import CouponHistory

/// Look-ups by send_request_no go through a map built once and extended, never a stale one.
struct NumberLookupTests {
    static func entry(_ offset: Int, number: UInt64, code: OutcomeCode = .issued) -> IndexEntry {
        IndexEntry(offset: offset, code: code, key: SendKey(number: number, send: number &+ 1))
    }

    @Test func findsEveryRecordLineOfANumberInOrder() {
        var lookup = NumberLookup()
        let entries = [Self.entry(0, number: 7), Self.entry(10, number: 8), Self.entry(20, number: 7, code: .rejected)]
        #expect(lookup.lines(for: 7, in: entries) == [0, 2])
        #expect(lookup.lines(for: 9, in: entries) == [])
    }

    @Test func linesThatAreNotSendRecordsAreNeverFound() {
        var lookup = NumberLookup()
        let entries = [Self.entry(0, number: 7, code: .unreadable), Self.entry(10, number: 7, code: .action)]
        #expect(lookup.lines(for: 7, in: entries) == [])
    }

    @Test func linesAppendedAfterTheFirstLookUpAreFound() {
        var lookup = NumberLookup()
        var entries = [Self.entry(0, number: 7)]
        #expect(lookup.lines(for: 7, in: entries) == [0])
        entries.append(Self.entry(10, number: 7, code: .pending))
        #expect(lookup.lines(for: 7, in: entries) == [0, 1])
    }

    @Test func anIndexExtendedBackwardsOrRebuiltIsLookedUpAfresh() {
        var lookup = NumberLookup()
        #expect(lookup.lines(for: 7, in: [Self.entry(100, number: 7)]) == [0])
        // Older lines put in front: every line moved.
        let extended = [Self.entry(0, number: 7), Self.entry(50, number: 8), Self.entry(100, number: 7)]
        #expect(lookup.lines(for: 7, in: extended) == [0, 2])
        // The log replaced by a shorter one with other lines at the same start.
        let replaced = [Self.entry(0, number: 8)]
        #expect(lookup.lines(for: 7, in: replaced) == [])
        #expect(lookup.lines(for: 8, in: replaced) == [0])
    }

    @Test func aLogRewrittenWithTheSameFirstLineButOtherLinesAfterIsLookedUpAfresh() {
        var lookup = NumberLookup()
        #expect(lookup.lines(for: 7, in: [Self.entry(0, number: 7), Self.entry(10, number: 7)]) == [0, 1])
        let rewritten = [Self.entry(0, number: 7), Self.entry(12, number: 8), Self.entry(30, number: 8)]
        #expect(lookup.lines(for: 7, in: rewritten) == [0])
        #expect(lookup.lines(for: 8, in: rewritten) == [1, 2])
    }
}

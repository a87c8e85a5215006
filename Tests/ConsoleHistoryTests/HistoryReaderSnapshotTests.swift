import Console
import ConsoleHistory
import CouponDeskTestSupport
import CouponHistory
import Foundation
import Testing
import WeChatPayCore

/// The console's view of a real history log through CouponHistory's reader.
@Suite struct HistoryReaderSnapshotTests {
    /// A log of `sends` issued sends to oUser0, oUser1, …, in a directory removed with it.
    final class TemporaryLog: Sendable {
        let directory: TempDir
        var path: String { directory.file() }
        init(sends: Int) throws {
            directory = try TempDir()
            let store = HistoryStore(path: directory.file())
            for i in 0..<sends {
                try store.append(record(String(format: "CDSNAP%06d", i), .issued, openid: "oUser\(i)", token: "TOKEN\(i)"))
            }
        }
    }

    /// What a load of `log` finds for `filter`.
    static func load(_ log: TemporaryLog, filter: String) async throws -> any HistorySnapshot {
        let reader = try HistoryReader(path: log.path, persistIndex: false)
        let search = try HistoryReader(path: log.path, persistIndex: false)
        return await HistoryReaderSnapshot.load(browse: reader, search: search, filter: filter)
    }

    @Test func rowsAreNewestFirstAndScrollingReadsTheRightOnes() async throws {
        let log = try TemporaryLog(sends: 120)
        let snapshot = try await Self.load(log, filter: "")
        #expect(snapshot.count == 120)
        #expect(snapshot.entries(in: 0..<3).map(\.request.openid) == ["oUser119", "oUser118", "oUser117"])
        #expect(snapshot.entries(in: 1..<4).map(\.request.openid) == ["oUser118", "oUser117", "oUser116"])
        #expect(snapshot.entries(in: 100..<200).count == 20)
        #expect(snapshot.entries(in: 118..<120).map(\.request.openid) == ["oUser1", "oUser0"])
    }

    @Test func aFilterKeepsOnlyMatchingSends() async throws {
        let log = try TemporaryLog(sends: 120)
        let snapshot = try await Self.load(log, filter: "oUser11")
        // oUser11 and oUser110…oUser119
        #expect(snapshot.count == 11)
        #expect(snapshot.entries(in: 0..<11).allSatisfy { $0.request.openid.hasPrefix("oUser11") })
    }

    @Test func aSendAppendedLaterAppearsAtTheTopOnTheNextLoad() async throws {
        let log = try TemporaryLog(sends: 3)
        let reader = try HistoryReader(path: log.path, persistIndex: false)
        let search = try HistoryReader(path: log.path, persistIndex: false)
        _ = await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "")
        try HistoryStore(path: log.path).append(record("CDSNAPLATE01", .issued, openid: "oLate"))
        let snapshot = await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "")
        #expect(snapshot.count == 4)
        #expect(snapshot.entries(in: 0..<1).first?.request.openid == "oLate")
    }

    @Test func filterMatchesStayRightWhenTheLogGrowsBetweenTheTwoReaders() throws {
        let log = try TemporaryLog(sends: 5)
        let browse = try HistoryReader(path: log.path, persistIndex: false)
        let search = try HistoryReader(path: log.path, persistIndex: false)
        // A send lands after `browse` was refreshed and before `search` scans.
        try HistoryStore(path: log.path).append(record("CDSNAPLATE01", .issued, openid: "oLate"))
        try search.refresh()
        let offsets = search.filterOffsets("oUser3")
        let snapshot = HistoryReaderSnapshot(reader: browse, matchOffsets: offsets, count: offsets.count)
        #expect(snapshot.entries(in: 0..<1).map(\.request.openid) == ["oUser3"])
    }
}

/// The console's rows come from the reader: a number reused for other data shows both sends.
@Suite struct ReusedNumberSnapshotTests {
    @Test func anIssuedSendStaysInThePaneAfterARefusalOfOtherDataUnderItsNumber() async throws {
        let log = try HistoryReaderSnapshotTests.TemporaryLog(sends: 0)
        let store = HistoryStore(path: log.path)
        try store.append(record("CDREUSED0001", .issued, openid: "o-safe-A"))
        var refused = record("CDREUSED0001", .issued, openid: "o-safe-B")
        refused.outcome = .rejected
        refused.token = nil
        refused.error = SendError(category: .other, numericCode: 268578927, message: "refused")
        try store.append(refused)
        let reader = try HistoryReader(path: log.path, persistIndex: false)
        let search = try HistoryReader(path: log.path, persistIndex: false)
        let pane = await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "")
        #expect(pane.entries(in: 0..<5).map(\.request.openid) == ["o-safe-B", "o-safe-A"])
        #expect(pane.entries(in: 1..<2).first?.outcome == .issued)
        let filtered = await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "o-safe-A")
        #expect(filtered.entries(in: 0..<5).map(\.outcome) == [.issued])
    }
}

extension HistoryReaderSnapshotTests {
    @Test func aCancelledFilterLoadStopsAndIsTaggedWithItsFilter() async throws {
        let log = try TemporaryLog(sends: 2_000)
        let reader = try HistoryReader(path: log.path, persistIndex: false)
        let search = try HistoryReader(path: log.path, persistIndex: false)
        let task = Task { await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "no-such-text") }
        task.cancel()
        let snapshot = await task.value
        #expect(snapshot.count == 0 && snapshot.filter == "no-such-text")
        let found = await HistoryReaderSnapshot.load(browse: reader, search: search, filter: "oUser1999")
        #expect(found.filter == "oUser1999" && found.count == 1)
    }
}

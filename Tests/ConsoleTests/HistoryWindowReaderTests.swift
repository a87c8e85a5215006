@testable import Console
import Testing
import WeChatPayCore

/// The runtime's side of the pane's rows: it keeps what loads found and reads what the pane asks for.
@Suite struct HistoryWindowReaderTests {
    @Test func readsTheRowsAskedForAndLooksUpOnlyTheirPendingOnes() {
        let log = [Fixture.pending("CDWIN0000001"), Fixture.issued("CDWIN0000002"), Fixture.pending("CDWIN0000003")]
        var looked: [String] = []
        var reader = HistoryWindowReader(pendingState: { looked.append($0.request.sendRequestNo); return .interrupted })
        let load = reader.found(InMemoryHistory(records: log), generation: 4)
        #expect(load == HistoryLoad(generation: 4, filter: "", count: 3))
        looked = []
        let window = reader.read(HistoryWindow.Request(generation: 4, rows: 0..<2))
        #expect(window?.records.map(\.request.sendRequestNo) == ["CDWIN0000003", "CDWIN0000002"])
        #expect(window?.pendingAtTop == ["CDWIN0000003", "CDWIN0000001"])
        #expect(window?.pendingStates == ["CDWIN0000003": .interrupted])
        #expect(looked == ["CDWIN0000003"])
    }

    @Test func anOlderLoadIsDroppedOnceANewerOneIsRead() {
        var reader = HistoryWindowReader(pendingState: { _ in nil })
        _ = reader.found(InMemoryHistory(records: [Fixture.issued()]), generation: 1)
        _ = reader.found(InMemoryHistory(records: [Fixture.issued()]), generation: 2)
        #expect(reader.read(HistoryWindow.Request(generation: 2, rows: 0..<1)) != nil)
        #expect(reader.read(HistoryWindow.Request(generation: 1, rows: 0..<1)) == nil)
    }
}

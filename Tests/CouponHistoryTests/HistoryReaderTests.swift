import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct HistoryReaderTests {
    @Test func rowsAreSendsNewestFirstEachShowingItsNewestRecord() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for r in [record("SRN0001", .pending), record("SRN0001", .issued),
                  record("SRN0002", .pending), record("SRN0002", .rejected, error: SendError(category: .userLimitReached))] {
            try store.append(r)
        }
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 2)
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        #expect(reader.entry(newestFirst: 0)?.state == .rejected)
        #expect(reader.entry(newestFirst: 1)?.state == .issued)
        #expect(reader.record(newestFirst: 1)?.token == "TOKEN-SRN0001")
    }

    @Test func aResendMovesItsSendToTheTopWithTheNewState() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for r in [record("SRN0001", .unknown), record("SRN0002", .issued), record("SRN0001", .issued)] { try store.append(r) }
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0001", "SRN0002"])
        #expect(reader.entry(newestFirst: 0)?.state == .issued)
    }

    @Test func aPendingRecordWithNothingAfterItIsAnInterruptedUnknown() throws {
        let dir = try TempDir()
        try HistoryStore(path: dir.file()).append(record("SRN0001", .pending))
        let entry = try #require(try HistoryReader(path: dir.file()).entry(newestFirst: 0))
        #expect(entry.state == .unknown)
        #expect(entry.isInterrupted)
    }

    @Test func pagesAreClampedToTheRowsThatExist() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for i in 0..<7 { try store.append(record("SRN000\(i)", .issued)) }
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.entries(newestFirst: 5..<10).compactMap(\.record?.request.sendRequestNo) == ["SRN0001", "SRN0000"])
        #expect(reader.entry(newestFirst: 7) == nil)
        #expect(reader.entry(newestFirst: -1) == nil)
    }

    @Test func unreadableLinesAreNotRowsButAreReported() throws {
        let dir = try TempDir()
        let first = try line(record("SRN0001", .issued))
        try writeText(dir.file(), first + "{\"outcome\":\"issued\"}\n" + line(record("SRN0002", .issued)) + "{\"torn")
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        let offsets = reader.unreadableLines().map(\.byteOffset)
        #expect(offsets.count == 2)
        #expect(offsets.first == first.utf8.count)
        #expect(reader.unreadableLines().last?.isIncomplete == true)
    }

    @Test func aLineThatLooksLikeARecordButDoesNotDecodeIsReportedWhenShown() throws {
        let dir = try TempDir()
        let first = try line(record("SRN0001", .issued))
        // Right keys and braces, but not JSON: the index takes it for a record, decoding does not.
        writeText(dir.file(), first + #"{"outcome":"issued","request":{"send_request_no":"SRN0002"} !}"# + "\n")
        let reader = try HistoryReader(path: dir.file())
        let top = try #require(reader.entry(newestFirst: 0))
        #expect(top.record == nil)
        #expect(reader.unreadableLines().map(\.byteOffset) == [first.utf8.count])
    }

    @Test func offsetsFromOneReaderOpenTheSameRecordsInAnother() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for r in [record("SRN0001", .issued, openid: "oMatch"), record("SRN0002", .issued), record("SRN0003", .rejected, openid: "oMatch")] {
            try store.append(r)
        }
        let search = try HistoryReader(path: dir.file(), persistIndex: false)
        let browse = try HistoryReader(path: dir.file())
        let offsets = search.filterOffsets("omatch")
        try store.append(record("SRN0004", .issued, openid: "oMatch"))   // browse now sees one more row
        try browse.refresh()
        #expect(offsets.compactMap { browse.entry(atByteOffset: $0)?.record?.request.sendRequestNo } == ["SRN0003", "SRN0001"])
        #expect(browse.entry(atByteOffset: 1) == nil)
        #expect(browse.entry(atByteOffset: -5) == nil)
    }

    @Test func refreshPicksUpRecordsAppendedByAnotherWriter() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 1)
        #expect(try reader.refresh() == false)
        try HistoryStore(path: dir.file()).append(record("SRN0002", .issued))
        #expect(try reader.refresh() == true)
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
    }

    @Test func refreshSeesALogThatAppearsAfterOpening() throws {
        let dir = try TempDir()
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 0)
        try HistoryStore(path: dir.file()).append(record("SRN0001", .issued))
        #expect(try reader.refresh() == true)
        #expect(reader.rowNumbers == ["SRN0001"])
    }

    @Test func recordsOfOneSendAreOldestFirstAndOnlyThatSend() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for r in [record("SRN0001", .pending), record("SRN00011", .issued), record("SRN0001", .issued)] { try store.append(r) }
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.records(forSendRequestNo: "SRN0001").map(\.outcome) == [.pending, .issued])
        #expect(reader.records(forSendRequestNo: "SRN00011").count == 1)
    }

    @Test func blankLinesAreNeitherRowsNorUnreadable() throws {
        let dir = try TempDir()
        try writeText(dir.file(), "\n" + line(record("SRN0001", .issued)) + "\n  \n" + line(record("SRN0002", .issued)))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        #expect(reader.unreadableLines().isEmpty)
    }
}

@Suite struct UnindexedLogTests {
    /// A log of several megabytes with resends far apart, and the rows it must give: one per send,
    /// ordered by each send's newest line.
    func bigLog(_ dir: TempDir) throws -> [String] {
        var text = ""
        var lastLine: [String: Int] = [:]
        let padding = String(repeating: "p", count: 200)
        for i in 0..<24_000 {
            let number = i % 5 == 0 ? "SRN\(i / 3)" : "SRN\(i)"   // some sends recur much later
            text += try line(record(number, i % 2 == 0 ? .issued : .rejected,
                                error: i % 2 == 0 ? nil : SendError(category: .other, message: padding)))
            lastLine[number] = i
        }
        writeText(dir.file(), text)
        return lastLine.keys.sorted { lastLine[$0]! > lastLine[$1]! }
    }

    @Test func theFirstRowsOfALogWithoutIndexNeedOnlyItsNewestBytes() throws {
        let dir = try TempDir()
        let expected = try bigLog(dir)
        #expect(fileBytes(dir.file()).count > 3 * IndexedLog.tailBytes)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.entries(newestFirst: 0..<50).compactMap(\.record?.request.sendRequestNo) == Array(expected.prefix(50)))
        #expect(!reader.isFullyIndexed)
        #expect(!FileManager.default.fileExists(atPath: IndexSidecar.path(forLog: dir.file())))
    }

    @Test func walkingPastTheNewestBytesIndexesTheRestAndSavesIt() throws {
        let dir = try TempDir()
        let expected = try bigLog(dir)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == expected)
        #expect(reader.isFullyIndexed)
        #expect(FileManager.default.fileExists(atPath: IndexSidecar.path(forLog: dir.file())))
        #expect(try HistoryReader(path: dir.file()).rowNumbers == expected)
    }

    @Test func rowsStayValidWhileTheIndexGrowsBackwards() throws {
        let dir = try TempDir()
        let expected = try bigLog(dir)
        let reader = try HistoryReader(path: dir.file())
        let first = reader.record(newestFirst: 3)?.request.sendRequestNo
        let deep = reader.record(newestFirst: expected.count - 1)?.request.sendRequestNo   // forces the rest
        #expect(reader.record(newestFirst: 3)?.request.sendRequestNo == first)
        #expect(first == expected[3])
        #expect(deep == expected.last)
    }

    @Test func anOffsetOlderThanTheIndexedPartIsFoundByIndexingFurtherBack() throws {
        let dir = try TempDir()
        let expected = try bigLog(dir)
        let full = try HistoryReader(path: dir.file(), persistIndex: false)
        let oldest = try #require(full.entry(newestFirst: expected.count - 1))
        let fresh = try HistoryReader(path: dir.file(), persistIndex: false)
        #expect(fresh.entry(atByteOffset: oldest.byteOffset)?.record?.request.sendRequestNo == expected.last)
    }

    @Test func aSearchWithALimitReadsOnlyAsFarBackAsItNeeds() throws {
        let dir = try TempDir()
        let expected = try bigLog(dir)
        let reader = try HistoryReader(path: dir.file())
        let rows = reader.filter("SRN2", limit: 5)
        #expect(rows.compactMap { reader.record(newestFirst: $0)?.request.sendRequestNo } == Array(expected.filter { $0.hasPrefix("SRN2") }.prefix(5)))
        #expect(!reader.isFullyIndexed)
        let all = reader.filter("SRN2")
        #expect(all.compactMap { reader.record(newestFirst: $0)?.request.sendRequestNo } == expected.filter { $0.hasPrefix("SRN2") })
        #expect(reader.isFullyIndexed)
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct LineIndexTests {
    /// The index a fresh scan of the whole log gives, to compare persisted and extended ones against.
    func freshIndex(_ path: String) throws -> LineIndex {
        let file = try #require(try LogFile.openIfPresent(path))
        var index = LineIndex()
        try index.extend(from: file, to: file.identity().size)
        return index
    }

    func sameLines(_ a: LineIndex, _ b: LineIndex) -> Bool {
        a.covered == b.covered && a.entries.map(\.word) == b.entries.map(\.word) && a.entries.map(\.key) == b.entries.map(\.key)
    }

    @Test func aScanCutIntoParallelPiecesFindsTheSameLines() throws {
        let dir = try TempDir()
        var text = ""
        for i in 0..<3_000 {
            try text += i % 97 == 0 ? "garbage \(i)\n\n" : line(record("SRN\(i % 1_000)", i % 2 == 0 ? .issued : .pending))
        }
        writeText(dir.file(), text)
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        let size = file.identity().size
        let whole = try LineIndex.entries(of: file, from: 0, to: size, parallelAbove: .max)
        for lanes in [2, 3, 7] {
            let cut = try LineIndex.entries(of: file, from: 0, to: size, parallelAbove: 1_000, lanes: lanes)
            #expect(cut.map(\.word) == whole.map(\.word), "\(lanes) lanes")
            #expect(cut.map(\.key) == whole.map(\.key))
        }
        #expect(whole.count == 3_000)
    }

    @Test func theFirstReaderPersistsTheIndexBesideTheLog() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for i in 0..<5 { try store.append(record("SRN000\(i)", .issued)) }
        #expect(!FileManager.default.fileExists(atPath: IndexSidecar.path(forLog: dir.file())))
        _ = try HistoryReader(path: dir.file())
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        let saved = try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index)
        #expect(sameLines(saved, try freshIndex(dir.file())))
        #expect(saved.entries.count == 5)
    }

    @Test func anAppendExtendsThePersistedIndex() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        _ = try HistoryReader(path: dir.file())
        try store.append(record("SRN0002", .pending))
        try store.append(record("SRN0002", .issued))
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        let saved = try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index)
        #expect(saved.covered == file.identity().size)
        #expect(sameLines(saved, try freshIndex(dir.file())))
    }

    @Test func anAppendExtendsThePersistedIndexOfALogPastItsFirst4KB() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for i in 0..<20 { try store.append(record("SRN\(1000 + i)", .issued)) }
        _ = try HistoryReader(path: dir.file())
        try store.append(record("SRN2001", .pending))
        try store.append(record("SRN2001", .issued))
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        #expect(file.identity().size > 4096)
        let saved = try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index)
        #expect(saved.covered == file.identity().size)
        #expect(sameLines(saved, try freshIndex(dir.file())))
    }

    @Test func aTornFragmentRepairedByAnAppendIsIndexedAsAnUnreadableLine() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        _ = try HistoryReader(path: dir.file())
        try appendText(dir.file(), #"{"v":1,"ti"#)
        try store.append(record("SRN0002", .issued))
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        let saved = try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index)
        #expect(saved.entries.map(\.code) == [.issued, .unreadable, .issued])
        #expect(sameLines(saved, try freshIndex(dir.file())))
    }

    @Test func aReaderExtendsAnIndexThatFellBehind() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)))
        _ = try HistoryReader(path: dir.file())
        try appendText(dir.file(), line(record("SRN0002", .issued)))   // a writer that does not know the sidecar
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        let saved = try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index)
        #expect(sameLines(saved, try freshIndex(dir.file())))
    }

    @Test func aReplacedLogIsReindexed() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)) + line(record("SRN0002", .issued)))
        _ = try HistoryReader(path: dir.file())
        let replacement = dir.file("new.jsonl")
        try writeText(replacement, line(record("SRN0003", .issued)) + line(record("SRN0004", .issued)) + line(record("SRN0005", .issued)))
        #expect(rename(replacement, dir.file()) == 0)
        #expect(try HistoryReader(path: dir.file()).rowNumbers == ["SRN0005", "SRN0004", "SRN0003"])
    }

    @Test func aLogRewrittenInPlaceIsReindexed() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)) + line(record("SRN0002", .issued)))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.count == 2)
        // Same inode, longer content, lines at other offsets.
        let handle = try #require(FileHandle(forWritingAtPath: dir.file()))
        handle.truncateFile(atOffset: 0)
        let rewritten = try line(record("SRN00000007", .issued)) + line(record("SRN000000008", .issued)) + line(record("SRN0000000009", .issued))
        handle.write(Data(rewritten.utf8))
        handle.closeFile()
        let expected = ["SRN0000000009", "SRN000000008", "SRN00000007"]
        #expect(try HistoryReader(path: dir.file()).rowNumbers == expected)
        #expect(try reader.refresh())
        #expect(reader.rowNumbers == expected)
        #expect(reader.unreadableLines().isEmpty)
    }

    @Test func aDamagedSidecarIsIgnoredAndRebuilt() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)) + line(record("SRN0002", .issued)))
        _ = try HistoryReader(path: dir.file())
        var sidecar = fileBytes(IndexSidecar.path(forLog: dir.file()))
        for i in IndexSidecar.headerSize..<sidecar.count { sidecar[i] = 0xAB }   // entries scrambled
        writeBytes(IndexSidecar.path(forLog: dir.file()), sidecar)
        #expect(try HistoryReader(path: dir.file()).rowNumbers == ["SRN0002", "SRN0001"])
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        #expect(sameLines(try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index), try freshIndex(dir.file())))
    }

    @Test(arguments: [32, 40])   // byte offsets of the header's `covered` and `count`
    func aSidecarHeaderWithAnImpossibleSizeIsIgnoredNotATrap(field: Int) throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        _ = try HistoryReader(path: dir.file())
        var sidecar = fileBytes(IndexSidecar.path(forLog: dir.file()))
        for i in field..<(field + 8) { sidecar[i] = 0xFF }
        writeBytes(IndexSidecar.path(forLog: dir.file()), sidecar)
        try store.append(record("SRN0002", .issued))   // catches the sidecar up inside the append
        #expect(try HistoryReader(path: dir.file()).rowNumbers == ["SRN0002", "SRN0001"])
    }

    @Test func anIndexBuiltPieceByPieceEqualsOneBuiltAtOnce() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let reader = try HistoryReader(path: dir.file())
        var generator = SystemRandomNumberGenerator()
        for i in 0..<60 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: try appendText(dir.file(), "garbage \(i)\n")
            case 1: try appendText(dir.file(), "\n")
            default: try store.append(record("SRN\(1000 + i % 17)", [.pending, .issued, .rejected, .unknown][i % 4]))
            }
            if i % 7 == 0 { try reader.refresh() }
        }
        try reader.refresh()
        let fresh = try HistoryReader(path: dir.file(), persistIndex: false)
        #expect(reader.rowNumbers == fresh.rowNumbers)
        let file = try #require(try LogFile.openIfPresent(dir.file()))
        #expect(sameLines(try #require(IndexSidecar.load(forLog: dir.file(), file: file)?.index), try freshIndex(dir.file())))
    }

    @Test func aLogWithoutAnIndexLeavesNoSidecarWhenPersistenceIsOff() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)))
        #expect(try HistoryReader(path: dir.file(), persistIndex: false).count == 1)
        #expect(!FileManager.default.fileExists(atPath: IndexSidecar.path(forLog: dir.file())))
    }
}

@Suite struct LongLineTests {
    @Test func aLineLongerThanTheReadBufferIsOneUnreadableLine() throws {
        let dir = try TempDir()
        let first = try line(record("SRN0001", .issued))
        let huge = String(repeating: "g", count: LogFile.chunkSize + 12_345) + "\n"
        try writeText(dir.file(), first + huge + line(record("SRN0002", .issued)))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        #expect(reader.unreadableLines().map(\.byteOffset) == [first.utf8.count])
        #expect(try readLog(dir.file()).records.count == 2)
    }

    @Test func aNewestRecordLongerThanTheFirstReadIsStillShown() throws {
        let dir = try TempDir()
        var big = record("SRN0002", .rejected, error: SendError(category: .other, message: String(repeating: "m", count: 3 * IndexedLog.tailBytes)))
        big.attempts = 2
        try writeText(dir.file(), line(record("SRN0001", .issued)) + line(big))
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.record(newestFirst: 0)?.attempts == 2)
        #expect(reader.record(newestFirst: 1)?.request.sendRequestNo == "SRN0001")
    }
}

@Suite struct SavedIndexTests {
    /// A log with more lines than a reader loads from the saved index at open, and its rows.
    func longLog(_ dir: TempDir) throws -> [String] {
        let store = HistoryStore(path: dir.file())
        var text = ""
        let total = IndexedLog.newestEntries + 3_000
        for i in 0..<total { text += try line(record("SRN\(i % (total - 500))", .issued)) }   // the oldest 500 sends recur at the end
        writeText(dir.file(), text)
        _ = try HistoryReader(path: dir.file()).count   // builds and saves the index
        try store.append(record("SRN_LAST", .issued))
        var order = (0..<(total - 500)).map { "SRN\($0)" }
        order = Array(order[500...]) + Array(order[..<500])
        return ["SRN_LAST"] + order.reversed()
    }

    @Test func aReaderLoadsOnlyTheNewestPartOfASavedIndexAtOpen() throws {
        let dir = try TempDir()
        let expected = try longLog(dir)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.entries(newestFirst: 0..<3).compactMap(\.record?.request.sendRequestNo) == Array(expected.prefix(3)))
        #expect(!reader.isFullyIndexed)
        #expect(reader.rowNumbers == expected)
        #expect(reader.isFullyIndexed)
    }

    @Test func aDamagedOlderPartOfTheSavedIndexFallsBackToScanningTheLog() throws {
        let dir = try TempDir()
        let expected = try longLog(dir)
        var sidecar = fileBytes(IndexSidecar.path(forLog: dir.file()))
        for i in IndexSidecar.headerSize..<(IndexSidecar.headerSize + 1_000 * IndexSidecar.entrySize) { sidecar[i] = 0x5A }
        writeBytes(IndexSidecar.path(forLog: dir.file()), sidecar)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.record(newestFirst: 0)?.request.sendRequestNo == "SRN_LAST")
        #expect(reader.rowNumbers == expected)
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct HistoryStoreTests {
    @Test func appendCreatesTheLogWithMode0600() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file("sub/history.jsonl"))
        try store.append(record("SRN0001", .issued))
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func appendedRecordsLoadInFileOrder() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let written = [record("SRN0001", .pending), record("SRN0001", .issued), record("SRN0002", .rejected)]
        for r in written { try store.append(r) }
        let loaded = try readLog(store.path)
        #expect(loaded.records == written)
        #expect(loaded.unreadable.isEmpty)
    }

    @Test func eachRecordIsOneLineEndingInNewline() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        try store.append(record("SRN0002", .issued))
        let text = String(decoding: fileBytes(store.path), as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").count == 2)
    }

    @Test func appendAfterATornLastLineStartsANewLine() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let torn = #"{"v":1,"time":"2026-11-28T14:1"#
        try writeText(store.path, line(record("SRN0001", .issued)) + torn)
        try store.append(record("SRN0002", .issued))
        let report = try readLog(store.path)
        #expect(report.records.map(\.request.sendRequestNo) == ["SRN0001", "SRN0002"])
        #expect(try report.unreadable == [UnreadableLine(byteOffset: line(record("SRN0001", .issued)).utf8.count, isIncomplete: false)])
    }

    @Test func aTornLastLineIsReportedAsIncompleteAndSkipped() throws {
        let dir = try TempDir()
        let good = try line(record("SRN0001", .issued))
        writeText(dir.file(), good + #"{"v":1,"ti"#)
        let report = try readLog(dir.file())
        #expect(report.records.count == 1)
        #expect(report.unreadable == [UnreadableLine(byteOffset: good.utf8.count, isIncomplete: true)])
    }

    @Test func corruptLinesAreSkippedAndReportedWithTheirByteOffsets() throws {
        let dir = try TempDir()
        let first = try line(record("SRN0001", .issued))
        let garbage = "this is not json\n"
        try writeText(dir.file(), first + garbage + line(record("SRN0002", .issued)))
        let report = try readLog(dir.file())
        #expect(report.records.map(\.request.sendRequestNo) == ["SRN0001", "SRN0002"])
        #expect(report.unreadable.map(\.byteOffset) == [first.utf8.count])
        #expect(UnreadableLine.summary(report.unreadable) == "1 unreadable line at byte \(first.utf8.count)")
    }

    @Test func loadingNeverRewritesTheLog() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)) + "garbage\n" + #"{"torn"#)
        let before = fileBytes(dir.file())
        _ = try readLog(dir.file())
        let reader = try HistoryReader(path: dir.file())
        _ = reader.count
        _ = reader.filter("SRN")
        #expect(fileBytes(dir.file()) == before)
    }

    @Test func aMissingFileIsAnEmptyHistory() throws {
        let dir = try TempDir()
        let report = try readLog(dir.file("none.jsonl"))
        #expect(report.records.isEmpty && report.unreadable.isEmpty)
        let reader = try HistoryReader(path: dir.file("none.jsonl"))
        #expect(reader.count == 0)
        #expect(reader.entry(newestFirst: 0) == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.file("none.jsonl")))
    }

    @Test func anEmptyFileIsAnEmptyHistory() throws {
        let dir = try TempDir()
        writeText(dir.file(), "")
        #expect(try readLog(dir.file()).records.isEmpty)
        #expect(try HistoryReader(path: dir.file()).count == 0)
    }

    /// Tests run as root, so a mode-000 file is still readable: a directory where the file should be
    /// is the unreadable file here.
    @Test func anUnreadableLogIsAClearErrorNamingThePath() throws {
        let dir = try TempDir()
        let path = dir.file()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        for attempt in [{ _ = try readLog(path) }, { _ = try HistoryReader(path: path) }] {
            let error = #expect(throws: HistoryError.self) { try attempt() }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains(path))
            #expect(text.contains("directory"))
        }
        #expect(throws: HistoryError.self) { try HistoryStore(path: path).append(record("SRN0001", .issued)) }
    }

    @Test func nonUTF8BytesMakeOnlyTheirLineUnreadable() throws {
        let dir = try TempDir()
        let first = try Array(line(record("SRN0001", .issued)).utf8)
        var bad = try Array(line(record("SRN0002", .issued)).utf8)
        bad.insert(contentsOf: [0xFF, 0xFE, 0xC3], at: bad.firstIndex(of: UInt8(ascii: "T"))!)   // inside a string
        try writeBytes(dir.file(), first + bad + Array(line(record("SRN0003", .issued)).utf8))
        let report = try readLog(dir.file())
        #expect(report.records.map(\.request.sendRequestNo) == ["SRN0001", "SRN0003"])
        #expect(report.unreadable.map(\.byteOffset) == [first.count])
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.filter("SRN0003") == [0])
    }

    @Test func aRecordOfANewerSchemaIsShownNotDropped() throws {
        let dir = try TempDir()
        let newer = #"{"v":2,"time":"2027-01-01T00:00:00.000+08:00","mode":"live","channel":"sms","#
            + #""request":{"openid":"oX","brand_id":"b","product_coupon_id":"p","stock_id":"s","appid":"a","send_request_no":"SRN0009","region":"cn"},"#
            + #""outcome":"escalated","error":{"category":"quota_frozen","message":"m"}}"# + "\n"
        try writeText(dir.file(), line(record("SRN0001", .issued)) + newer)
        let report = try readLog(dir.file())
        #expect(report.unreadable.isEmpty)
        #expect(report.records.last?.v == 2)
        let reader = try HistoryReader(path: dir.file())
        let top = try #require(reader.entry(newestFirst: 0))
        #expect(top.record?.request.sendRequestNo == "SRN0009")
        #expect(top.state == .unknown)
    }

    @Test func recordsForASendRequestNoAreOldestFirst() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        for r in [record("SRN0001", .pending), record("SRN0002", .issued), record("SRN0001", .unknown), record("SRN0001", .issued)] {
            try store.append(r)
        }
        #expect(try store.records(forSendRequestNo: "SRN0001").map(\.outcome) == [.pending, .unknown, .issued])
        #expect(try store.records(forSendRequestNo: "SRN0404").isEmpty)
    }
}

@Suite struct HandWrittenLogTests {
    @Test func aLogWithCRLFLineEndsAndAByteOrderMarkReadsEveryRecord() throws {
        let dir = try TempDir()
        let crlf = try [record("SRN0001", .pending), record("SRN0001", .issued), record("SRN0002", .rejected)]
            .map { try line($0).replacingOccurrences(of: "\n", with: "\r\n") }.joined()
        writeBytes(dir.file(), [0xEF, 0xBB, 0xBF] + Array(crlf.utf8))
        let report = try readLog(dir.file())
        #expect(report.records.count == 3 && report.unreadable.isEmpty)
        let reader = try HistoryReader(path: dir.file())
        #expect(reader.rowNumbers == ["SRN0002", "SRN0001"])
        #expect(reader.unreadableLines().isEmpty)
        #expect(reader.entry(newestFirst: 1)?.json.last == UInt8(ascii: "}"))
        var out = Data()
        try HistoryExport.write(reader, format: .json) { out.append($0) }
        #expect((try JSONSerialization.jsonObject(with: out) as? [Any])?.count == 3)
    }
}

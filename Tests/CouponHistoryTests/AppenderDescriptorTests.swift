import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// The appender keeps the log open between groups: every append still lands in the file the path
/// names at that moment, after whatever others wrote, on a line of its own.
@Suite struct AppenderDescriptorTests {
    @Test func aTornLineAnotherWriterLeftAfterOurLastAppendIsEndedBeforeTheNextRecord() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        try appendText(store.path, #"{"v":1,"ti"#)
        try store.append(record("SRN0002", .issued))
        let report = try readLog(store.path)
        #expect(report.records.map(\.request.sendRequestNo) == ["SRN0001", "SRN0002"])
        #expect(report.unreadable.count == 1)
    }

    @Test func aLogReplacedBetweenAppendsGetsTheNextRecord() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        #expect(rename(store.path, dir.file("rotated.jsonl")) == 0)
        try writeText(store.path, line(record("SRN0009", .issued)))
        try store.append(record("SRN0002", .issued))
        #expect(try readLog(store.path).records.map(\.request.sendRequestNo) == ["SRN0009", "SRN0002"])
        #expect(try readLog(dir.file("rotated.jsonl")).records.map(\.request.sendRequestNo) == ["SRN0001"])
    }

    @Test func aLogRemovedBetweenAppendsIsCreatedAgainPrivate() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        #expect(unlink(store.path) == 0)
        try store.append(record("SRN0002", .issued))
        #expect(try readLog(store.path).records.map(\.request.sendRequestNo) == ["SRN0002"])
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aFIFOPutInPlaceOfTheLogIsRefusedNotWaitedOn() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        try store.append(record("SRN0001", .issued))
        #expect(unlink(store.path) == 0)
        #expect(mkfifo(store.path, 0o600) == 0)
        #expect(throws: HistoryError.self) { try store.append(record("SRN0002", .issued)) }
    }

    @Test func permissionsLoosenedBetweenAppendsAreTightenedBeforeTheNextRecord() throws {
        let dir = try TempDir()
        let notices = Collected<String>()
        let store = HistoryStore(path: dir.file(), notice: { notices.add($0) })
        try store.append(record("SRN0001", .issued))
        #expect(chmod(store.path, 0o644) == 0)
        try store.append(record("SRN0002", .issued))
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(notices.values.count == 1)
    }

    @Test func anAppendTellsWhereItsLinesStartAndNotWhenAWriterWithoutTheLockGotInTheWay() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let first = try line(record("SRN0001", .issued)), second = try line(record("SRN0002", .issued))
        #expect(try store.appender.append(Data(first.utf8), notice: { _ in }) == 0)
        // A writer that ignores the flock appends between the appender's look at the end and its write.
        let intruder = LogAppender.Admission(key: "k") { _, _ in
            try? appendText(store.path, line(record("SRN0009", .issued)))
            return nil
        }
        #expect(try store.appender.append(Data(second.utf8), admission: intruder, notice: { _ in }) == nil)
        #expect(try readLog(store.path).records.map(\.request.sendRequestNo) == ["SRN0001", "SRN0009", "SRN0002"])
        let third = try line(record("SRN0003", .issued))
        #expect(try store.appender.append(Data(third.utf8), notice: { _ in }) == fileBytes(store.path).count - third.utf8.count)
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// A batch's numbers answered from memory: what the log held, what the tracker appended, what anyone
/// else appended since (read from the bytes they added), and a `pending` record refused when another
/// writer got to its number first.
@Suite struct NumberTrackerTests {
    static func tracker(_ dir: TempDir, _ numbers: Set<String>) throws -> NumberTracker {
        try NumberTracker(store: HistoryStore(path: dir.file()), reader: HistoryReader(path: dir.file()), numbers: numbers)
    }

    static func outcomes(_ records: [SendRecord]?) -> [Outcome]? { records?.map(\.outcome) }

    @Test func whatTheLogHeldIsLoaded() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("NUM000001", .pending)) + line(record("OTHER0001", .issued))
                      + line(record("NUM000001", .unknown)))
        let tracker = try Self.tracker(dir, ["NUM000001", "NUM000002"])
        #expect(tracker.loaded.mapValues { $0.map(\.outcome) } == ["NUM000001": [.pending, .unknown]])
        #expect(Self.outcomes(try tracker.records(of: "NUM000002")) == [])
    }

    @Test func whatTheTrackerAppendedIsAnsweredInOrder() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [])
        try tracker.append(record("NUM000001", .pending))
        try tracker.append(record("NUM000001", .issued))
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .issued])
        #expect(try readLog(dir.file()).records.map(\.outcome) == [.pending, .issued])
    }

    @Test func anEnqueuedRecordIsAnsweredOnceWaitedForAndNotBefore() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        let queued = try tracker.enqueue(record("NUM000001", .issued))
        #expect(!queued.isWritten)
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending])
        try queued.wait()
        #expect(queued.isWritten)
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .issued])
        #expect(try readLog(dir.file()).records.map(\.outcome) == [.pending, .issued])
    }

    @Test func anEnqueuedRecordIsWrittenWithTheTrackersNextAppend() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001", "NUM000002"])
        try tracker.append(record("NUM000001", .pending))
        let queued = try tracker.enqueue(record("NUM000001", .issued))
        try tracker.append(record("NUM000002", .pending))
        #expect(queued.isWritten)
        #expect(try readLog(dir.file()).records.map(\.request.sendRequestNo) == ["NUM000001", "NUM000001", "NUM000002"])
        try queued.wait()
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .issued])
    }

    @Test func anEnqueuedRecordThatCannotBeWrittenThrowsWhenWaitedFor() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        tracker.store.appender.syncFile = { _ in errno = EIO; return -1 }
        let queued = try tracker.enqueue(record("NUM000001", .issued))
        #expect(throws: HistoryError.self) { try queued.wait() }
        #expect(throws: HistoryError.self, "the failure is kept, not retried") { try queued.wait() }
    }

    @Test func aRecordAnotherProcessAppendedIsSeenInItsPlace() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        try appendText(dir.file(), line(record("NUM000001", .unknown)) + line(record("OTHER0001", .issued)))
        try tracker.append(record("NUM000001", .issued))
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .unknown, .issued])
    }

    @Test func aRecordAnotherStoreOfThisProcessAppendedIsSeen() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        try HistoryStore(path: dir.file()).append(record("NUM000001", .issued))
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .issued])
    }

    @Test func aTornLineAnotherWriterLeftIsSkippedAndTheRecordsAroundItKept() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001", "NUM000002"])
        try tracker.append(record("NUM000001", .pending))
        try appendText(dir.file(), line(record("NUM000002", .pending)) + #"{"v":1,"request":{"send_request_no":"NUM000001""#)
        try tracker.append(record("NUM000001", .issued))
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .issued])
        #expect(Self.outcomes(try tracker.records(of: "NUM000002")) == [.pending])
    }

    @Test func aPendingRecordIsRefusedWhenAnotherWriterWroteItsNumberSinceItsLookUp() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [])
        try appendText(dir.file(), line(record("NUM000001", .pending)))
        #expect(throws: HistoryError.self) { try tracker.append(record("NUM000001", .pending)) }
        #expect(try readLog(dir.file()).records.count == 1, "the refused pending record was not written")
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending])
        try tracker.append(record("NUM000001", .pending))
        #expect(try readLog(dir.file()).records.count == 2, "once looked up again, it is written")
    }

    @Test func aFinalRecordIsWrittenWhateverOthersWrote() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        _ = try tracker.records(of: "NUM000001")
        try tracker.append(record("NUM000001", .pending))
        try appendText(dir.file(), line(record("NUM000001", .pending)))
        try tracker.append(record("NUM000001", .issued))
        #expect(Self.outcomes(try tracker.records(of: "NUM000001")) == [.pending, .pending, .issued])
    }

    @Test func twoTrackersNeverBothWriteAPendingRecordOfOneNumber() throws {
        let dir = try TempDir()
        let numbers = Set((0..<200).map { String(format: "RACE%06d", $0) })
        let trackers = [try Self.tracker(dir, numbers), try Self.tracker(dir, numbers)]
        let written = Collected<String>()
        onThreads(8) { t in
            let tracker = trackers[t % 2]
            for number in numbers.sorted() where abs(number.hashValue % 4) == t / 2 {
                guard (try? tracker.records(of: number))?.isEmpty == true else { continue }
                if (try? tracker.append(record(number, .pending))) != nil { written.add(number) }
            }
        }
        let pendings = try readLog(dir.file()).records.filter { $0.outcome == .pending }.map(\.request.sendRequestNo)
        #expect(pendings.count == Set(pendings).count, "no number has two pending records")
        #expect(Set(pendings) == numbers)
        #expect(written.values.count == numbers.count)
    }

    @Test func aReplacedLogIsNoLongerAnsweredFromMemory() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        try writeText(dir.file("new.jsonl"), line(record("NUM000001", .issued)))
        #expect(rename(dir.file("new.jsonl"), dir.file()) == 0)
        #expect(try tracker.records(of: "NUM000001") == nil)
    }

    @Test func aShortenedLogIsNoLongerAnsweredFromMemory() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        try tracker.append(record("NUM000001", .pending))
        #expect(truncate(dir.file(), 10) == 0)
        #expect(try tracker.records(of: "NUM000001") == nil)
    }

    @Test func aNumberNotTrackedIsNotAnswered() throws {
        let dir = try TempDir()
        let tracker = try Self.tracker(dir, ["NUM000001"])
        #expect(try tracker.records(of: "NUM000002") == nil)
    }
}

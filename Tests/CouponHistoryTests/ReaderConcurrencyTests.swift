import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

/// One reader shared by the console's background filter and its refreshes: every compound read
/// (filter, then map rows to offsets) must see one state of the rows.
@Suite struct ReaderConcurrencyTests {
    /// The console's race (issue 9, item 9): `filterOffsets` filtered under the lock, let go, and took
    /// it again to map the rows to offsets; a `refresh` in between emptied the rows and the mapping
    /// trapped on `rowsFromEnd[row]`. Filtering and refreshing from two threads at once must neither
    /// trap nor return offsets that are not matching records.
    @Test func filteringWhileAnotherThreadRefreshesNeverTrapsAndReturnsOnlyMatches() throws {
        let dir = try TempDir()
        let log = dir.file()
        let store = HistoryStore(path: log)
        var text = ""
        for i in 0..<400 { text += try line(record(String(format: "RACE%06d", i), .issued, openid: "oRace\(i % 7)")) }
        writeText(log, text)
        let reader = try HistoryReader(path: log, persistIndex: false)
        let stop = Flag()
        let bad = Flag()
        let filtering = Thread {
            while !stop.isSet {
                for offset in reader.filterOffsets("oRace3") {
                    guard let entry = reader.entry(atByteOffset: offset),
                          entry.record?.request.openid == "oRace3" else { bad.set(); continue }
                }
            }
        }
        filtering.start()
        for i in 0..<300 {
            try store.append(record(String(format: "LATE%06d", i), .issued, openid: "oRace\(i % 7)"))
            try reader.refresh()
        }
        stop.set()
        while !filtering.isFinished { usleep(1000) }
        #expect(!bad.isSet)
    }
}

extension ReaderConcurrencyTests {
    /// A load the console no longer wants stops scanning between rows and lets go of the reader.
    @Test func aCancelledFilterStopsAtOnceAndReturnsNothing() throws {
        let dir = try TempDir()
        var text = ""
        for i in 0..<5_000 { text += try line(record(String(format: "CANCEL%06d", i), .issued)) }
        writeText(dir.file(), text)
        let reader = try HistoryReader(path: dir.file(), persistIndex: false)
        var asked = 0
        let cancelled = reader.filterOffsets("no-such-text", isCancelled: { asked += 1; return asked > 1 })
        #expect(cancelled == nil)
        #expect(asked == 2, "asked again after a few hundred rows, then stopped")
        #expect(reader.filterOffsets("CANCEL000042", isCancelled: { false }) != nil)
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

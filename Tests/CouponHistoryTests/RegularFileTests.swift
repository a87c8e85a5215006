import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// The history's files must be regular files: anything else is refused at once, never waited on.
@Suite struct RegularFileTests {
    /// Runs `body` on a thread of its own; fails the test if it has not returned within 5 s (a FIFO
    /// opened for reading waits for a writer forever).
    static func withinFiveSeconds(_ what: String, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread { body(); done.signal() }.start()
        #expect(done.wait(timeout: .now() + 5) == .success, "\(what) waited on the FIFO")
    }

    @Test func aReaderRefusesAFIFOSayingWhatItIs() throws {
        let dir = try TempDir()
        #expect(mkfifo(dir.file(), 0o600) == 0)
        let path = dir.file()
        Self.withinFiveSeconds("opening a reader") {
            #expect { _ = try HistoryReader(path: path) } throws: { error in
                "\(error)".contains("a FIFO (named pipe), not a regular file") && "\(error)".contains(path)
            }
            #expect(throws: HistoryError.self) { _ = try readLog(path) }
        }
    }

    @Test func anAppendRefusesAFIFOAndWritesNothing() throws {
        let dir = try TempDir()
        #expect(mkfifo(dir.file(), 0o600) == 0)
        let path = dir.file()
        Self.withinFiveSeconds("appending") {
            #expect { try HistoryStore(path: path).append(record("SRN0001", .issued)) } throws: { error in
                "\(error)".contains("FIFO")
            }
        }
    }

    @Test func aFIFOInPlaceOfTheIndexIsIgnored() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)))
        #expect(mkfifo(IndexSidecar.path(forLog: dir.file()), 0o600) == 0)
        let path = dir.file()
        Self.withinFiveSeconds("reading with a FIFO index") {
            let reader = try? HistoryReader(path: path)
            #expect(reader?.count == 1)
            #expect((try? HistoryStore(path: path).append(record("SRN0002", .issued))) != nil)
        }
    }

    @Test func aMissingLogIsCreatedOnTheFirstAppend() throws {
        let dir = try TempDir()
        let path = dir.path + "/new/dir/history.jsonl"
        #expect(try HistoryReader(path: path).count == 0)
        try HistoryStore(path: path).append(record("SRN0001", .issued))
        #expect(try HistoryReader(path: path).count == 1)
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// Group commit: concurrent appends in one process share a write and an fsync, and each returns only
/// once its own line is durable. The log's `syncFile` stand-in holds the first group's fsync until the
/// other appenders have queued behind it, so groups are formed by construction, not by timing.
@Suite struct GroupCommitTests {
    @Test func manyThreadsAppendingAtOnceWriteEveryRecordOnceWithFewerFsyncsThanAppends() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let threads = 8, each = 25
        let first = FirstCall()
        store.appender.syncFile = { fd in
            if first.take() { waitUntil { store.appender.queuedCount == threads - 1 } }
            return fsync(fd)
        }
        let failures = Collected<String>()
        onThreads(threads) { t in
            for i in 0..<each {
                do { try store.append(record("T\(t)x\(i)AAAA", .issued)) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.values.isEmpty)
        let report = try readLog(store.path)
        #expect(report.unreadable.isEmpty, "every line is one whole JSON record")
        let numbers = report.records.map(\.request.sendRequestNo)
        #expect(numbers.count == threads * each)
        #expect(Set(numbers) == Set((0..<threads).flatMap { t in (0..<each).map { "T\(t)x\($0)AAAA" } }))
        #expect(store.appender.syncCount < threads * each)
        #expect(try HistoryReader(path: store.path).count == threads * each)
    }

    @Test func aFailedFsyncIsThrownToEveryAppenderOfItsGroup() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let followers = 5
        let calls = Collected<Int32>()
        store.appender.syncFile = { fd in
            calls.add(fd)
            if calls.values.count == 1 {
                // The first group (the leader alone) succeeds once the others queued behind it.
                waitUntil { store.appender.queuedCount == followers }
                return fsync(fd)
            }
            errno = EIO
            return -1
        }
        let errors = Collected<String>()
        onThreads(followers + 1) { t in
            if t > 0 { waitUntil { calls.values.count == 1 } }
            do { try store.append(record("FAIL\(t)AAAA", .issued)); errors.add("none") } catch {
                errors.add("\(error)")
            }
        }
        #expect(errors.values.filter { $0 == "none" }.count == 1, "the first group's one appender")
        let failed = errors.values.filter { $0 != "none" }
        #expect(failed.count == followers)
        #expect(failed.allSatisfy { $0.contains("cannot write") && $0.contains(store.path) })
        #expect(store.appender.syncCount == 2)
    }

    @Test func aFollowerReturnsOnlyAfterTheFsyncThatCoversItsLine() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let events = Collected<String>()
        let inFirstSync = DispatchSemaphore(value: 0)
        let first = FirstCall()
        store.appender.syncFile = { fd in
            var info = stat()
            fstat(fd, &info)
            events.add("fsync \(info.st_size)")
            if first.take() {
                inFirstSync.signal()
                waitUntil { store.appender.queuedCount == 1 }
            }
            return fsync(fd)
        }
        onThreads(2) { t in
            if t == 0 {
                try? store.append(record("LEADER0001", .issued))
            } else {
                inFirstSync.wait()
                try? store.append(record("FOLLOWER01", .issued))
                events.add("follower returned")
            }
        }
        let leaderLine = try line(record("LEADER0001", .issued)).utf8.count
        let bothLines = leaderLine + (try line(record("FOLLOWER01", .issued)).utf8.count)
        #expect(events.values == ["fsync \(leaderLine)", "fsync \(bothLines)", "follower returned"])
        #expect(fileBytes(store.path).count == bothLines)
    }

    @Test func anEnqueuedLineIsNotWrittenUntilSomeoneWaits() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let slot = store.appender.enqueue(Data(try line(record("QUEUED0001", .issued)).utf8))
        #expect(!slot.isSettled)
        #expect(store.appender.syncCount == 0)
        #expect(fileBytes(store.path).isEmpty)
        #expect(try store.appender.wait(for: slot, notice: { _ in }) == 0)
        #expect(store.appender.syncCount == 1)
        #expect(try readLog(store.path).records.map(\.request.sendRequestNo) == ["QUEUED0001"])
    }

    @Test func anEnqueuedLineGoesWithTheNextAppendInOneFsyncAndBeforeIt() throws {
        let dir = try TempDir()
        let store = HistoryStore(path: dir.file())
        let slot = store.appender.enqueue(Data(try line(record("QUEUED0001", .issued)).utf8))
        try store.append(record("LATER00001", .pending))
        #expect(slot.isSettled, "written by the append's group, before the append returned")
        #expect(store.appender.syncCount == 1)
        #expect(try readLog(store.path).records.map(\.request.sendRequestNo) == ["QUEUED0001", "LATER00001"])
        #expect(try store.appender.wait(for: slot, notice: { _ in }) == 0)
        #expect(store.appender.syncCount == 1, "waiting for a written slot writes nothing more")
    }

    @Test func storesOfOneLogShareItsAppenderAndStoresOfAnotherDoNot() throws {
        let dir = try TempDir()
        let a = HistoryStore(path: dir.file("a.jsonl")), again = HistoryStore(path: dir.file("a.jsonl"))
        let b = HistoryStore(path: dir.file("b.jsonl"))
        #expect(a.appender === again.appender)
        #expect(a.appender !== b.appender)
    }
}

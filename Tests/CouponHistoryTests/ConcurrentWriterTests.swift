import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// Real processes appending through `HistoryStore`: killed at random moments, and two at once.
/// The child is the `history-crash-writer` test helper, built beside the test bundle.
@Suite(.serialized) struct ConcurrentWriterTests {
    /// A running writer whose acknowledgements are read from its stdout.
    final class Writer {
        let child: ChildProcess

        init(log: String, count: Int, prefix: String, bigEvery: Int, threads: Int = 1) throws {
            child = try ChildProcess.start([try BuiltProduct.path("history-crash-writer"), log, String(count), prefix,
                                            String(bigEvery), String(threads)], environment: testEnvironment())
        }

        /// Blocks until the writer acknowledged its first record (or exited).
        func waitForFirstAck() -> Data { child.readAvailable() }

        /// Everything it printed until it exited; acknowledgements are whole `N\n` lines (one write each).
        func acknowledged(after first: Data = Data()) -> [Int] {
            let text = String(decoding: first + child.finish().stdoutData, as: UTF8.self)
            return text.split(separator: "\n").compactMap { Int($0) }
        }
    }

    /// Runs a writer per round (records `{prefix}{round}x{n}`) and kills it with SIGKILL at a random
    /// moment after its first acknowledgement; the numbers acknowledged in all rounds.
    static func killedWriters(log: String, rounds: Int, prefix: String, bigEvery: Int, threads: Int, maxDelay: UInt32,
                              betweenRounds: (Int) throws -> Void = { _ in }) throws -> [String] {
        var acknowledged: [String] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<rounds {
            let roundPrefix = "\(prefix)\(round)"
            let writer = try Writer(log: log, count: 100_000, prefix: roundPrefix, bigEvery: bigEvery, threads: threads)
            let first = writer.waitForFirstAck()
            usleep(UInt32.random(in: 0..<maxDelay, using: &generator))
            writer.child.signal(SIGKILL)
            let acks = writer.acknowledged(after: first)
            #expect(writer.child.finish().signal == SIGKILL, "round \(round): the writer was killed, not finished")
            acknowledged += acks.map { "\(roundPrefix)x\($0)" }
            try betweenRounds(round)
        }
        return acknowledged
    }

    @Test func recordsAcknowledgedBeforeASigkillAreNeverLost() throws {
        let dir = try TempDir()
        let log = dir.file()
        let store = HistoryStore(path: log)
        let acknowledged = try Self.killedWriters(log: log, rounds: 40, prefix: "R", bigEvery: 3, threads: 1,
                                                  maxDelay: 25_000) { round in
            // A reader opened between kills extends (or rebuilds) the index the killed writer left.
            if round % 5 == 0 { _ = try HistoryReader(path: log).count }
        }
        #expect(acknowledged.count >= 40)

        let report = try readLog(store.path)
        let present = Set(report.records.map(\.request.sendRequestNo))
        let missing = acknowledged.filter { !present.contains($0) }
        #expect(missing.isEmpty, "acknowledged but missing: \(missing.prefix(10))")
        // Only lines torn by a kill are unreadable: at most one per round.
        #expect(report.unreadable.count <= 40)

        // The persisted index, extended by killed writers, agrees with a fresh scan of the log.
        let persisted = try HistoryReader(path: log)
        let fresh = try HistoryReader(path: log, persistIndex: false)
        #expect(persisted.lineCount == fresh.lineCount)
        #expect(persisted.rowNumbers == fresh.rowNumbers)
        #expect(Set(persisted.rowNumbers).isSuperset(of: acknowledged))
    }

    /// Group commit under SIGKILL: eight threads share fsyncs; whatever any of them acknowledged is in
    /// the log, whole, and no record is there twice.
    @Test func recordsAcknowledgedByConcurrentAppendersBeforeASigkillAreNeverLost() throws {
        let dir = try TempDir()
        let log = dir.file()
        let acknowledged = try Self.killedWriters(log: log, rounds: 15, prefix: "G", bigEvery: 5, threads: 8, maxDelay: 40_000)
        #expect(acknowledged.count >= 15)
        let report = try readLog(log)
        let numbers = report.records.map(\.request.sendRequestNo)
        let present = Set(numbers)
        let missing = acknowledged.filter { !present.contains($0) }
        #expect(missing.isEmpty, "acknowledged but missing: \(missing.prefix(10))")
        #expect(numbers.count == present.count, "no record twice")
        // Every acknowledged record parsed whole; only a write a kill cut short is unreadable.
        #expect(report.unreadable.count <= 15)
        let fresh = try HistoryReader(path: log, persistIndex: false)
        #expect(Set(fresh.rowNumbers).isSuperset(of: acknowledged))
    }

    @Test func twoWritersAppendingAtOnceNeverInterleaveLines() throws {
        let dir = try TempDir()
        let log = dir.file()
        let count = 150
        let a = try Writer(log: log, count: count, prefix: "A", bigEvery: 10)
        let b = try Writer(log: log, count: count, prefix: "B", bigEvery: 10)
        #expect(a.acknowledged().count == count)
        #expect(b.acknowledged().count == count)
        #expect(a.child.finish().status == 0 && b.child.finish().status == 0)

        let report = try readLog(log)
        #expect(report.unreadable.isEmpty, "every line parses")
        #expect(report.records.count == 2 * count)
        let numbers = Set(report.records.map(\.request.sendRequestNo))
        #expect(numbers == Set((0..<count).map { "Ax\($0)" } + (0..<count).map { "Bx\($0)" }))
        let text = fileBytes(log)
        #expect(text.filter { $0 == 0x0A }.count == 2 * count)
        #expect(try HistoryReader(path: log).count == 2 * count)
    }
}

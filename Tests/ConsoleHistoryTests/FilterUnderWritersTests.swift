@testable import Console
import ConsoleHistory
import CouponDeskTestSupport
import CouponHistory
import Foundation
import WeChatPayCore
import XCTest

/// The reported case: a filter stayed "loading" for seconds after the index was deleted while three
/// writers appended. With real readers and real appends, the loader keeps delivering the filter's
/// rows while the log keeps changing and every change asks for a new load.
///
/// An XCTest, not a Swift Testing test, so that it runs alone: each load runs as a detached task on
/// Swift's cooperative pool, which has one thread per core. In the parallel Swift Testing run, tests
/// blocking in child processes held both of this machine's pool threads for 20 s, and no load could
/// start at all (CI: 2 loads in 20 s; here, 4 pool-blocking tasks beside it: 0 loads). That measures
/// the other tests, not the loader.
final class FilterUnderWritersTests: XCTestCase {
    func testAFilterKeepsDeliveringWhileThreeWritersAppendAndTheIndexIsGone() throws {
        try MainActor.assumeIsolated { try Self.keepsDelivering() }
    }

    @MainActor private static func keepsDelivering() throws {
        let directory = try TempDir()
        let path = directory.file()
        var text = Data()
        for i in 0..<20_000 {
            text.append(try record(String(format: "CDBULK%08d", i), .issued, openid: "oBulk\(i % 97)").jsonLine())
            text.append(0x0A)
        }
        try text.write(to: URL(fileURLWithPath: path))
        let browse = try HistoryReader(path: path)
        let search = try HistoryReader(path: path, persistIndex: false)
        _ = browse.count   // builds and saves the index…
        try FileManager.default.removeItem(atPath: path + ".idx")   // …which is then deleted

        let stop = StopFlag()
        let writers = (0..<3).map { writer in
            Thread {
                let store = HistoryStore(path: path)
                var n = 0
                while !stop.isSet {
                    try? store.append(record(String(format: "CDWRITER%d%06d", writer, n), .issued, openid: "oWriter\(writer)"))
                    n += 1
                }
            }
        }
        writers.forEach { $0.start() }
        defer {
            stop.set()
            while writers.contains(where: { !$0.isFinished }) { usleep(1_000) }
        }

        let mailbox = Mailbox()
        let loader = HistoryLoader(load: { await HistoryReaderSnapshot.load(browse: browse, search: search, filter: $0) },
                                   found: { mailbox.post(.found(generation: $0, snapshot: $1)) })
        var generation = 1
        loader.request(filter: "oWriter", generation: generation)
        var delivered: [(generation: Int, count: Int)] = []
        let started = Date()
        var looks = 0
        while delivered.count < 3 && looks < 400 {
            looks += 1
            // Every look finds the log changed: ask again, as the runtime does.
            generation += 1
            loader.request(filter: "oWriter", generation: generation)
            for case .found(let g, let snapshot) in mailbox.drain() {
                XCTAssertEqual(snapshot.filter, "oWriter")
                delivered.append((g, snapshot.count))
                loader.finished(generation: g)
            }
            // Waits holding the main actor, as the console's loop does.
            usleep(50_000)
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(delivered.count, 3, "rows delivered while the writers ran: \(delivered.count) in \(elapsed) s")
        XCTAssertEqual(delivered.map(\.generation), delivered.map(\.generation).sorted())
        XCTAssertEqual(delivered.map(\.count), delivered.map(\.count).sorted(), "each load finds at least the rows of the one before")
    }
}

final class StopFlag: @unchecked Sendable {
    // Unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

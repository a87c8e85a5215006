@testable import Console
import Foundation
import Testing
import WeChatPayCore

/// The filtered history pane (issue: it lagged appends, showed unfiltered rows under a filter while
/// loading, and could stay "loading" while the log kept growing).
@Suite struct FilteredPaneTests {
    static func records(_ openids: [String]) -> [SendRecord] {
        openids.enumerated().map { Fixture.issued(String(format: "CDPANE%06d", $0.offset), openid: $0.element) }
    }

    @Test func whileAFilterLoadsNoRowsOfAnotherFilterAreShown() {
        var model = UpdateHistoryTests.browsing(Self.records(["oAlpha", "oBeta", "oGamma"]))
        #expect(model.history.rowCount == 3)
        _ = model.apply(.key(.character("/")), .key(.character("B")))
        #expect(model.history.loading)
        #expect(model.history.rowCount == 0)
        let screen = model.frame().screen
        #expect(!screen.contains("oAlpha") && !screen.contains("oGamma"))
        #expect(screen.contains("Finding the sends that match “B”…"))
    }

    @Test func clearingTheFilterShowsNoFilteredRowsUnderTheUnfilteredHeader() {
        var model = UpdateHistoryTests.browsing(Self.records(["oAlpha", "oBeta"]))
        _ = model.apply(.key(.character("/")))
        model.type("Beta")
        _ = model.deliver(InMemoryHistory(records: Self.records(["oAlpha", "oBeta"]), filter: "Beta"), generation: model.history.generation)
        #expect(model.history.rowCount == 1)
        _ = model.apply(.key(.escape))
        // The "B" rows are not the whole history: nothing until the unfiltered rows come.
        #expect(model.history.rowCount == 0 && model.history.loading)
        _ = model.deliver(InMemoryHistory(records: Self.records(["oAlpha", "oBeta"])), generation: model.history.generation)
        #expect(model.history.rowCount == 2)
    }

    /// The log grows while a filter's rows load: the runtime asks again (a later generation) without
    /// cancelling the load in flight, whose rows are shown as soon as they come, still "loading" the
    /// newer rows.
    @Test func rowsOfASupersededLoadOfTheSameFilterAreShownAtOnce() {
        var model = UpdateHistoryTests.browsing(Self.records(["oAlpha"]))
        _ = model.apply(.key(.character("/")), .key(.character("o")))
        let first = model.history.generation
        _ = model.apply(.historyChangedOutside)
        #expect(model.history.generation == first + 1)
        _ = model.deliver(InMemoryHistory(records: Self.records(["oAlpha", "oBeta"]), filter: "o"), generation: first)
        #expect(model.history.rowCount == 2)
        #expect(model.history.loading)
        _ = model.deliver(InMemoryHistory(records: Self.records(["oAlpha", "oBeta", "oNew"]), filter: "o"), generation: first + 1)
        #expect(model.history.rowCount == 3 && !model.history.loading)
    }
}

/// The runtime's loader: a stream of log changes never starves a filter's load, a new filter stops
/// the old one. Loads here wait until the test releases them, so nothing depends on timing.
@Suite @MainActor struct HistoryLoaderTests {
    /// Loads that each wait for the test to release them (or to be cancelled).
    final class GatedLoads: @unchecked Sendable {
        // Unchecked: every property is only touched with `lock` held.
        private let lock = NSLock()
        private var startedFilters: [String] = []
        private var releasedCount = 0
        private var cancelledCount = 0

        var started: [String] { locked { startedFilters } }
        var cancelled: Int { locked { cancelledCount } }
        func release() { locked { releasedCount += 1 } }

        private func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

        func load(_ filter: String) async -> any HistorySnapshot {
            let index = locked { startedFilters.append(filter); return startedFilters.count }
            while locked({ releasedCount < index }) {
                if Task.isCancelled { locked { cancelledCount += 1 }; return EmptyHistory(filter: filter) }
                try? await Task.sleep(nanoseconds: 2_000_000)
            }
            return InMemoryHistory(records: [], filter: filter)
        }
    }

    /// A loader run as the runtime runs it: posted results are handed back to it.
    @MainActor final class Harness {
        let loads = GatedLoads()
        let mailbox = Mailbox()
        var delivered: [Int] = []
        lazy var loader: HistoryLoader = {
            let loads = self.loads, mailbox = self.mailbox
            return HistoryLoader(load: { await loads.load($0) }, found: { mailbox.post(.found(generation: $0, snapshot: $1)) })
        }()

        /// Drains results into the loader until `condition` holds (or a minute passes).
        func wait(for what: String, _ condition: () -> Bool) {
            let deadline = Date().addingTimeInterval(60)
            while !condition() && Date() < deadline {
                for case .found(let generation, _) in mailbox.drain() {
                    delivered.append(generation)
                    loader.finished(generation: generation)
                }
                usleep(2_000)
            }
            #expect(condition(), "timed out waiting for \(what)")
        }
    }

    @Test func aStreamOfLogChangesNeverCancelsTheLoadInFlight() {
        let h = Harness(), loads = h.loads
        h.loader.request(filter: "o", generation: 1)
        h.wait(for: "the first load") { loads.started.count == 1 }
        // The log keeps changing while it runs; the old runtime cancelled the load each time.
        for generation in 2...4 { h.loader.request(filter: "o", generation: generation) }
        usleep(50_000)
        #expect(loads.started.count == 1 && loads.cancelled == 0)
        loads.release()
        h.wait(for: "the first rows, then the newest request") { h.delivered == [1] && loads.started.count == 2 }
        loads.release()
        h.wait(for: "the newest rows") { h.delivered == [1, 4] }
        #expect(loads.cancelled == 0)
        #expect(!h.loader.isBusy)
    }

    @Test func aNewFilterStopsTheLoadOfTheOldOne() {
        let h = Harness(), loads = h.loads
        h.loader.request(filter: "", generation: 1)
        h.wait(for: "the first load") { loads.started.count == 1 }
        h.loader.request(filter: "x", generation: 2)
        h.wait(for: "the old load to stop and the new one to start") { loads.cancelled == 1 && loads.started == ["", "x"] }
        loads.release()
        loads.release()
        h.wait(for: "the new filter's rows") { h.delivered == [2] }
    }
}

/// The loop notices a log changed elsewhere within about half a second (it polled every 2 s), and
/// the filtered pane shows the new rows.
@Suite @MainActor struct FollowTheLogTests {
    /// The log "grows" as soon as the filter's first rows have been found (so they always come first,
    /// however loaded the machine): from then on its version differs and loads find one more send.
    final class GrowingLog: @unchecked Sendable {
        // @unchecked: the fields are only touched under `lock`.
        private let lock = NSLock()
        private var grewAt: Date?
        private var seenAt: Date?

        /// The log's version; the first look after it grew is noted (`seenGrownAt`).
        var version: Int {
            lock.withLock {
                if grewAt != nil && seenAt == nil { seenAt = Date() }
                return grewAt == nil ? 1 : 2
            }
        }
        var grownAt: Date? { lock.withLock { grewAt } }
        var seenGrownAt: Date? { lock.withLock { seenAt } }

        func load(_ filter: String) -> any HistorySnapshot {
            let grown = version == 2
            let records = (0..<(grown ? 2 : 1)).map { Fixture.issued(String(format: "CDFOLLOW%04d", $0), openid: "oFollow\($0)") }
            if !filter.isEmpty { lock.withLock { if grewAt == nil { grewAt = Date() } } }
            return InMemoryHistory(records: records, filter: filter)
        }
    }

    @Test func aSendAppendedElsewhereIsNoticedWithinASecondAndShowsUnderTheFilter() {
        let log = GrowingLog()
        let services = ConsoleServices(send: { _ in Fixture.issued() }, loadHistory: { log.load($0) },
                                       historyVersion: { log.version })
        var model = Fixture.model(width: 100, height: 30)
        model.focus = .history
        let keys: [TerminalInput] = [.key(.character("/"))] + "oFollow".map { .key(.character($0)) }
        let terminal = FakeTerminal(keys: keys) { $0.screen.contains("History · 2 sends") }
        let runtime = ConsoleRuntime(model: model, terminal: terminal, services: services)
        runtime.run()
        #expect(terminal.frames.contains { $0.screen.contains("History · 1 send ") }, "the filter's first rows came first")
        #expect(terminal.frames.last?.screen.contains("History · 2 sends") == true)
        // The loop looks twice a second (it used to look every 2 s); the bound leaves room for a busy
        // machine. What is timed is the look itself: the reload and the drawing after it are other
        // tasks, which a machine running the whole suite on two cores can hold back for a second.
        let noticed = (log.seenGrownAt ?? Date()).timeIntervalSince(log.grownAt ?? Date())
        #expect(noticed < 1.5, "the loop looked at the log \(noticed) s after it grew")
    }
}

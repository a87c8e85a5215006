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
        _ = model.apply(.historyLoaded(generation: model.history.generation,
                                       snapshot: InMemoryHistory(records: Self.records(["oAlpha", "oBeta"]), filter: "Beta")))
        #expect(model.history.rowCount == 1)
        _ = model.apply(.key(.escape))
        // The "B" rows are not the whole history: nothing until the unfiltered rows come.
        #expect(model.history.rowCount == 0 && model.history.loading)
        _ = model.apply(.historyLoaded(generation: model.history.generation,
                                       snapshot: InMemoryHistory(records: Self.records(["oAlpha", "oBeta"]))))
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
        _ = model.apply(.historyLoaded(generation: first, snapshot: InMemoryHistory(records: Self.records(["oAlpha", "oBeta"]), filter: "o")))
        #expect(model.history.rowCount == 2)
        #expect(model.history.loading)
        _ = model.apply(.historyLoaded(generation: first + 1,
                                       snapshot: InMemoryHistory(records: Self.records(["oAlpha", "oBeta", "oNew"]), filter: "o")))
        #expect(model.history.rowCount == 3 && !model.history.loading)
    }
}

/// The runtime's loader: a stream of log changes never starves a filter's load, a new filter stops
/// the old one.
@Suite @MainActor struct HistoryLoaderTests {
    /// A load that takes `seconds` and counts how many loads started and how many finished.
    final class SlowLoads: @unchecked Sendable {
        // Unchecked: the counters are only touched with `lock` held.
        private let lock = NSLock()
        private var startedFilters: [String] = []
        private var finishedCount = 0
        let seconds: Double
        init(seconds: Double) { self.seconds = seconds }
        var started: [String] { lock.lock(); defer { lock.unlock() }; return startedFilters }
        var finished: Int { lock.lock(); defer { lock.unlock() }; return finishedCount }

        private func note(started filter: String) { lock.lock(); startedFilters.append(filter); lock.unlock() }
        private func noteFinished() { lock.lock(); finishedCount += 1; lock.unlock() }

        func load(_ filter: String) async -> any HistorySnapshot {
            note(started: filter)
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if Task.isCancelled { return EmptyHistory(filter: filter) }
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            noteFinished()
            return InMemoryHistory(records: [], filter: filter)
        }
    }

    /// Runs the loader like the runtime does: requests come in, posted results are handed back.
    static func drive(_ loader: HistoryLoader, _ mailbox: Mailbox, until deadline: Date,
                      each: () -> Void = {}) -> [Int] {
        var delivered: [Int] = []
        while Date() < deadline {
            each()
            for case .historyLoaded(let generation, _) in mailbox.drain() {
                delivered.append(generation)
                loader.finished(generation: generation)
            }
            usleep(10_000)
        }
        return delivered
    }

    @Test func aStreamOfLogChangesNeverCancelsTheLoadInFlight() {
        let loads = SlowLoads(seconds: 0.3)
        let mailbox = Mailbox()
        let loader = HistoryLoader(load: { await loads.load($0) }, post: { mailbox.post($0) })
        var generation = 1
        loader.request(filter: "o", generation: generation)
        // A change every 50 ms for 1.5 s, each asking for the same filter again (the old runtime
        // cancelled the load each time: nothing was ever delivered).
        var nextChange = Date()
        let delivered = Self.drive(loader, mailbox, until: Date().addingTimeInterval(1.5)) {
            if Date() >= nextChange {
                generation += 1
                loader.request(filter: "o", generation: generation)
                nextChange = Date().addingTimeInterval(0.05)
            }
        }
        #expect(delivered.count >= 2, "rows keep arriving while the log keeps changing")
        #expect(delivered == delivered.sorted())
        #expect(loads.started.count <= delivered.count + 1, "one load at a time, the newest request waiting")
    }

    @Test func aNewFilterStopsTheLoadOfTheOldOne() {
        let loads = SlowLoads(seconds: 0.5)
        let mailbox = Mailbox()
        let loader = HistoryLoader(load: { await loads.load($0) }, post: { mailbox.post($0) })
        loader.request(filter: "", generation: 1)
        _ = Self.drive(loader, mailbox, until: Date().addingTimeInterval(0.1))
        loader.request(filter: "x", generation: 2)
        let delivered = Self.drive(loader, mailbox, until: Date().addingTimeInterval(1.2))
        #expect(delivered == [2])
        #expect(loads.started == ["", "x"])
        #expect(loads.finished == 1)
    }
}

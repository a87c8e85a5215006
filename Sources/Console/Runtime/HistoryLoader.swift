import Foundation
import WeChatPayCore

/// Runs the history loads the console asks for, one at a time, so the pane keeps up with the log and
/// the filter without starving:
///
/// - A load for the filter that is already loading never cancels it (a stream of appends used to
///   cancel every load before it finished, leaving a filter "loading" for seconds): the newest such
///   request waits and runs when the running one has posted its rows, after a pause as long as that
///   load took (so following a busy log costs at most about half a core).
/// - A load for another filter cancels the running one — which stops scanning at once — and starts
///   after a short pause while the filter is being typed, so each keystroke does not scan the log.
///
/// What a load found reaches the loop through `found`; the runtime calls `finished` when it sees it.
@MainActor
final class HistoryLoader {
    typealias Load = @Sendable (_ filter: String) async -> any HistorySnapshot

    typealias Found = @Sendable (_ generation: Int, _ snapshot: any HistorySnapshot) -> Void

    private let load: Load
    private let found: Found
    private var running: (filter: String, generation: Int, task: Task<Void, Never>, started: Date)?
    private var waiting: (filter: String, generation: Int)?
    private var lastFilter: String?
    private var lastDuration: TimeInterval = 0

    /// The pause before a load for a filter being typed.
    static let typingPause: TimeInterval = 0.12
    /// The longest pause between two loads of the same filter.
    static let longestFollowPause: TimeInterval = 2

    init(load: @escaping Load, found: @escaping Found) {
        self.load = load; self.found = found
    }

    /// True while a load runs or waits.
    var isBusy: Bool { running != nil || waiting != nil }

    func request(filter: String, generation: Int) {
        if let running, running.filter == filter {
            waiting = (filter, generation)
            return
        }
        running?.task.cancel()
        waiting = nil
        let typing = !filter.isEmpty && lastFilter != nil && filter != lastFilter
        start(filter: filter, generation: generation, pause: typing ? Self.typingPause : 0)
    }

    /// The runtime has received the rows of `generation`: the next waiting load may start.
    func finished(generation: Int) {
        guard let done = running, done.generation == generation else { return }
        lastDuration = Date().timeIntervalSince(done.started)
        running = nil
        if let next = waiting {
            waiting = nil
            start(filter: next.filter, generation: next.generation, pause: min(lastDuration, Self.longestFollowPause))
        }
    }

    /// Stops everything (the console is quitting).
    func cancelAll() {
        running?.task.cancel()
        running = nil
        waiting = nil
    }

    private func start(filter: String, generation: Int, pause: TimeInterval) {
        lastFilter = filter
        let load = self.load, found = self.found
        let task = Task.detached {
            if pause > 0 {
                try? await Task.sleep(nanoseconds: UInt64(pause * 1e9))
                if Task.isCancelled { return }
            }
            let snapshot = await load(filter)
            if Task.isCancelled { return }
            found(generation, snapshot)
        }
        running = (filter, generation, task, Date().addingTimeInterval(pause))
    }
}

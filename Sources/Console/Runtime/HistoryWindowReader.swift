import WeChatPayCore

/// Where the console's history meets the log: keeps what the loads found and reads the rows the pane
/// asks for (`Effect.readHistory`), looking up the processes of the pending ones. The runtime owns
/// one; the screenshot scene and the benchmark drive `update` with one, headless.
public struct HistoryWindowReader {
    /// How many of the log's newest rows are looked at for this session's pending records.
    public static let topRows = 32
    /// Loads kept at most: later ones are kept, older ones can no longer be shown.
    static let keptLoads = 8

    /// What a `pending` record means now (`SendPolicy.pendingState`: its process is looked up).
    let pendingState: (SendRecord) -> SendPolicy.PendingSend?
    private var loads: [Int: any HistorySnapshot] = [:]
    private var pendingAtTop: [Int: Set<String>] = [:]
    /// The load read last: the pane's, kept however many later loads come.
    private var lastRead: Int?

    public init(pendingState: @escaping (SendRecord) -> SendPolicy.PendingSend?) {
        self.pendingState = pendingState
    }

    /// Keeps `snapshot`, found by load `generation`, and says what it found (for `Msg.historyLoaded`).
    public mutating func found(_ snapshot: any HistorySnapshot, generation: Int) -> HistoryLoad {
        loads[generation] = snapshot
        for old in loads.keys.sorted().dropLast(Self.keptLoads) where old != lastRead { forget(old) }
        return HistoryLoad(generation: generation, filter: snapshot.filter, count: snapshot.count)
    }

    /// The rows `request` asks for, or nil when its load is not kept. The pane never asks for a load
    /// older than one it asked for, so older ones are dropped.
    public mutating func read(_ request: HistoryWindow.Request) -> HistoryWindow? {
        for old in loads.keys where old < request.generation { forget(old) }
        guard let snapshot = loads[request.generation] else { return nil }
        lastRead = request.generation
        let top = pendingAtTop[request.generation] ?? Self.pendingNumbers(in: snapshot.entries(in: 0..<min(snapshot.count, Self.topRows)))
        pendingAtTop[request.generation] = top
        return Self.window(request, records: snapshot.entries(in: request.rows), pendingAtTop: top, pendingState: pendingState)
    }

    /// The rows `request` asks for, read from `snapshot` (a reader that keeps one load).
    public static func read(_ request: HistoryWindow.Request, from snapshot: any HistorySnapshot,
                            pendingState: (SendRecord) -> SendPolicy.PendingSend?) -> HistoryWindow {
        let top = pendingNumbers(in: snapshot.entries(in: 0..<min(snapshot.count, topRows)))
        return window(request, records: snapshot.entries(in: request.rows), pendingAtTop: top, pendingState: pendingState)
    }

    static func window(_ request: HistoryWindow.Request, records: [SendRecord], pendingAtTop: Set<String>,
                       pendingState: (SendRecord) -> SendPolicy.PendingSend?) -> HistoryWindow {
        var states: [String: SendPolicy.PendingSend] = [:]
        for record in records + [request.detail].compactMap({ $0 }) where record.outcome == .pending {
            states[record.request.sendRequestNo] = pendingState(record)
        }
        return HistoryWindow(request: request, records: records, pendingAtTop: pendingAtTop, pendingStates: states)
    }

    static func pendingNumbers(in records: [SendRecord]) -> Set<String> {
        Set(records.filter { $0.outcome == .pending }.map(\.request.sendRequestNo))
    }

    private mutating func forget(_ generation: Int) {
        loads[generation] = nil
        pendingAtTop[generation] = nil
    }
}

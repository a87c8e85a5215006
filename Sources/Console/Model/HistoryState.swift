import WeChatPayCore

/// A send made in this session, shown at the top of the history at once — before the log is
/// re-read — and dropped when a history load requested after it settled arrives.
public struct RecentSend: Equatable, Sendable {
    public var record: SendRecord
    public var inFlight: Bool
    /// The load generation that will contain this record (set when it settles).
    public var containedFromGeneration: Int?
    /// Why the final record could not be written to the log. Such a send stays in this list for the
    /// session: the log holds only its pending record, and the result must not vanish with a reload.
    public var journalProblem: String? = nil
}

/// One row of the history pane: a send and whether it is in flight here.
public struct HistoryRow: Equatable, Sendable {
    public var record: SendRecord
    public var inFlight: Bool

    public init(record: SendRecord, inFlight: Bool) { self.record = record; self.inFlight = inFlight }
}

/// The history pane's state: values only. The log's rows come from the runtime (`HistoryLoad`, then
/// the `HistoryWindow` the pane asks for); this session's sends stand above them.
public struct HistoryState: Equatable, Sendable {
    public var recent: [RecentSend] = []
    public var selected = 0
    public var top = 0
    public var filter = TextField()
    /// The filter text the history is loaded for.
    public var appliedFilter = ""
    public var editingFilter = false
    /// Bumped for every load request.
    public var generation = 0
    /// The load shown: a result older than it is stale and ignored; a newer one for the same filter is
    /// shown at once, even while a later load is still running.
    public var shown: HistoryLoad?
    /// True until the result of the latest load request arrives.
    public var loading = false
    /// The rows of the shown load the runtime read for the pane.
    public var window: HistoryWindow?
    /// The rows asked for last (each need is asked for once).
    public var requested: HistoryWindow.Request?

    public init() {}

    public var shownGeneration: Int { shown?.generation ?? 0 }

    /// The shown load if it was found for the filter applied now; else none yet (its rows are loading):
    /// never one filter's rows under another's header.
    var current: HistoryLoad? { shown?.filter == appliedFilter ? shown : nil }

    /// The window of the current load.
    var currentWindow: HistoryWindow? {
        guard let current, let window, window.request.generation == current.generation else { return nil }
        return window
    }

    /// How many sends the log holds under the filter applied now.
    public var logCount: Int { current?.count ?? 0 }

    var inFlightNumbers: Set<String> { Set(recent.filter(\.inFlight).map(\.record.request.sendRequestNo)) }

    public var visibleRecent: [RecentSend] {
        let logged = pendingInLog
        return recent.filter {
            // Once the log (re-read mid-send) holds the send's own pending record, that row stands
            // for it; a second "sending" row would show one send twice.
            !($0.inFlight && logged.contains($0.record.request.sendRequestNo))
                && HistorySearch.matches($0.record, text: appliedFilter)
        }
    }

    /// send_request_nos in flight whose write-ahead `pending` record is already among the newest rows
    /// of the log.
    var pendingInLog: Set<String> {
        inFlightNumbers.intersection(currentWindow?.pendingAtTop ?? [])
    }

    public var rowCount: Int { visibleRecent.count + logCount }

    /// Rows `range` (newest first): this session's recent sends, then the log's rows the window holds.
    public func rows(in range: Range<Int>) -> [HistoryRow] {
        let recentRows = visibleRecent
        var out: [HistoryRow] = []
        let clamped = range.clamped(to: 0..<rowCount)
        for i in clamped.clamped(to: 0..<recentRows.count) {
            out.append(HistoryRow(record: recentRows[i].record, inFlight: recentRows[i].inFlight))
        }
        let logRows = (max(clamped.lowerBound, recentRows.count) - recentRows.count)..<(clamped.upperBound - recentRows.count)
        if !logRows.isEmpty, let window = currentWindow {
            // A pending record of a send still in flight is that send, not an interrupted one.
            let inFlight = inFlightNumbers
            for row in logRows {
                guard let record = window.record(atLogRow: row) else { continue }
                out.append(HistoryRow(record: record,
                                      inFlight: record.outcome == .pending && inFlight.contains(record.request.sendRequestNo)))
            }
        }
        return out
    }

    public func row(_ index: Int) -> HistoryRow? {
        rows(in: index..<(index + 1)).first
    }

    /// What a `pending` record of the log means now, as the runtime found it when it read the rows;
    /// nil when it has not been looked up.
    public func pendingState(of record: SendRecord) -> SendPolicy.PendingSend? {
        currentWindow?.pendingStates[record.request.sendRequestNo]
    }

    /// The rows the pane needs now that its window does not hold (nil: none, or already asked for).
    /// `pageRows`: how many rows the pane shows; `detail`: the record the open detail shows.
    func windowNeeded(pageRows: Int, detail: SendRecord?) -> HistoryWindow.Request? {
        guard let current, current.count > 0 else { return nil }
        let upper = min(current.count, top + pageRows)
        let lower = min(upper, max(0, top - recent.count))
        let unknownDetail = detail.flatMap { record in
            record.outcome == .pending && !inFlightNumbers.contains(record.request.sendRequestNo)
                && pendingState(of: record) == nil ? record : nil
        }
        let need = HistoryWindow.Request(generation: current.generation, rows: lower..<upper, detail: unknownDetail)
        if let window = currentWindow, window.covers(need) { return nil }
        return need == requested ? nil : need
    }
}

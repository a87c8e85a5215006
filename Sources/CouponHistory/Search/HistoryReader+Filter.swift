import Foundation
import WeChatPayCore

/// Finding the sends that match a search text and an outcome.
extension HistoryReader {
    /// Rows whose state matches: `text` (case-insensitive for ASCII) inside the openid, stock_id,
    /// send_request_no, token, request_id or error text of the state record, and `outcome` if given
    /// (`.unknown` includes interrupted pending sends). Newest first, at most `limit`. An empty text
    /// filters by outcome only. Scans the log's bytes only when there is a text, newest first, and only
    /// as far back as it takes to find `limit` rows.
    public func filter(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max) -> [Int] {
        withState { state in
            var rows: [Int] = []
            guard limit > 0 else { return rows }
            state.forEachMatch(text, outcome: outcome, isCancelled: { false }) { row, _ in
                rows.append(row)
                return rows.count < limit
            }
            return rows
        }
    }

    /// `filter`, answered as the byte offsets of the matching rows' records rather than row numbers.
    /// Row numbers belong to one reader's view of the log; an offset names the same record for every
    /// reader of that log, so one reader can filter (in the background) while another shows the
    /// results with `entry(atByteOffset:)`.
    public func filterOffsets(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max) -> [Int] {
        filterOffsets(text, outcome: outcome, limit: limit, isCancelled: { false }) ?? []
    }

    /// `filterOffsets` that gives up, returning nil, as soon as `isCancelled` says so (it is asked
    /// between rows): a load the console no longer wants stops scanning and lets go of the reader.
    public func filterOffsets(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max,
                              isCancelled: () -> Bool) -> [Int]? {
        withState { state in
            var offsets: [Int] = []
            guard limit > 0 else { return offsets }
            let walk = state.forEachMatch(text, outcome: outcome, isCancelled: isCancelled) { _, line in
                offsets.append(state.log.entries[line].offset)
                return offsets.count < limit
            }
            if case .cancelled = walk { return nil }
            return offsets
        }
    }
}

extension HistoryReader {
    /// One page of the sends matching `text` and `outcome` (as `filter` matches them), newest first:
    /// up to `count` entries whose records could be read, from row `from` on. A line that cannot be
    /// decoded is skipped (and reported by `unreadableLines()`), so it never takes a place in the page.
    /// `next` is the row to ask for the next page from, nil when no rows are left. Memory grows with
    /// what is returned, never with `count`: `Int.max` means all.
    /// Throws `HistoryError.shrank` if the log was truncated or rotated in place while it was read.
    public func sends(matching text: String = "", outcome: Outcome? = nil, from row: Int = 0,
                      count: Int) throws(HistoryError) -> (entries: [HistoryEntry], next: Int?) {
        lock.lock(); defer { lock.unlock() }
        return try state.page(matching: text, outcome: outcome, from: row, count: count)
    }
}

extension ReaderState {
    func page(matching text: String, outcome: Outcome?, from row: Int,
              count: Int) throws(HistoryError) -> (entries: [HistoryEntry], next: Int?) {
        var page: [HistoryEntry] = []
        guard count > 0 else { return (page, row) }
        let walk = forEachMatch(text, outcome: outcome, from: row, isCancelled: { false }) { _, line in
            let entry = entry(line: line)
            if entry.record != nil { page.append(entry) }
            return page.count < count
        }
        try log.checkNotShrunk()
        if shrank { throw HistoryError.shrank(path: log.path) }
        if case .stopped(let next) = walk { return (page, next) }
        return (page, nil)
    }

    /// How a walk over the matching rows ended.
    enum MatchWalk {
        /// Every row was looked at.
        case finished
        /// `found` asked to stop; `next` is the row after the last one it saw.
        case stopped(next: Int)
        /// `isCancelled` said so.
        case cancelled
        /// The log shrank under the walk (`shrank` is set).
        case shrank
    }

    /// Calls `found` with the row and index line of each matching row, newest first, from row `from`,
    /// until it returns false or the rows run out.
    @discardableResult
    func forEachMatch(_ text: String, outcome: Outcome?, from: Int = 0, isCancelled: () -> Bool,
                      _ found: (_ row: Int, _ line: Int) -> Bool) -> MatchWalk {
        var candidates = searchWindow(for: text)
        defer { searchWindow = (text, candidates) }
        let wanted = outcome.map { $0 == .pending ? .unknown : $0 }
        var row = max(0, from)
        while true {
            if isCancelled() { return .cancelled }
            // Rows in batches: the walk (which may index older parts of the log) happens between
            // batches; inside one, the index and the rows are read from local copies.
            walk(upTo: row + Self.matchBatch)
            let log = self.log, rows = self.rows
            let entries = log.entries
            let end = min(rows.known, row + Self.matchBatch)
            guard row < end else { return .finished }
            while row < end {
                guard let line = rows.line(ofRow: row, entryCount: entries.count) else { return .finished }
                if wanted.map({ entries[line].code.shownState == $0 }) ?? true {
                    let textMatches: Bool
                    do { textMatches = try candidates.matches(line: line, in: log) } catch {
                        shrank = true
                        return .shrank
                    }
                    if textMatches && !found(row, line) { return .stopped(next: row + 1) }
                }
                row += 1
            }
        }
    }

    /// Rows looked at between two checks for cancellation.
    static let matchBatch = 256

    /// The filter's window of the log for `text`: the last one if it was for the same text (a paged
    /// listing reads each chunk of the log once), else a new one.
    private func searchWindow(for text: String) -> CandidateWindow {
        if let (lastText, window) = searchWindow, lastText == text { return window }
        return CandidateWindow(search: ByteSearch(text))
    }
}

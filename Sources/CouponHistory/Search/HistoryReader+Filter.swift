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
            state.forEachMatch(text, outcome: outcome, limit: limit, isCancelled: { false }) { row, _ in rows.append(row) }
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
            let finished = state.forEachMatch(text, outcome: outcome, limit: limit, isCancelled: isCancelled) { _, line in
                offsets.append(state.log.entries[line].offset)
            }
            return finished ? offsets : nil
        }
    }
}

extension ReaderState {
    /// Calls `found` with the row and index line of each matching row, newest first, at most `limit`
    /// of them. False if `isCancelled` stopped it early.
    @discardableResult
    func forEachMatch(_ text: String, outcome: Outcome?, limit: Int, isCancelled: () -> Bool,
                      _ found: (_ row: Int, _ line: Int) -> Void) -> Bool {
        var candidates = CandidateWindow(search: ByteSearch(text))
        let wanted = outcome.map { $0 == .pending ? .unknown : $0 }
        var matched = 0
        var row = 0
        while matched < limit {
            if row & 255 == 0 && isCancelled() { return false }
            guard let line = line(ofRow: row) else { break }
            let outcomeMatches = wanted.map { log.entries[line].code.shownState == $0 } ?? true
            if outcomeMatches && candidates.matches(line: line, in: log) {
                found(row, line)
                matched += 1
            }
            row += 1
        }
        return true
    }
}

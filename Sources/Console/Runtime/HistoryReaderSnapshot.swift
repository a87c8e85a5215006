import CouponHistory
import Foundation
import WeChatPayCore

/// The console's view of the history log over CouponHistory's reader (which the executable opens):
/// rows are read on demand, so a million-record log costs what the visible rows cost.
public struct HistoryReaderSnapshot: HistorySnapshot {
    let reader: HistoryReader
    /// Row numbers of the filter's matches, or nil for every row.
    let rows: [Int]?
    public let count: Int

    public init(reader: HistoryReader, rows: [Int]?, count: Int) {
        self.reader = reader; self.rows = rows; self.count = count
    }

    public func entries(in range: Range<Int>) -> [SendRecord] {
        let clamped = range.clamped(to: 0..<count)
        guard !clamped.isEmpty else { return [] }
        if let rows {
            return clamped.compactMap { reader.entry(newestFirst: rows[$0])?.record }
        }
        // A line that cannot be decoded is skipped here (the history commands report it).
        return reader.entries(newestFirst: clamped).compactMap(\.record)
    }

    /// Refreshes `browse` and returns the whole history, or — after a short pause that a newer
    /// keystroke cancels — the rows matching `filter`, found by scanning with `search`, a second
    /// reader, so the screen (reading rows through `browse`) never waits for a scan.
    public static func load(browse: HistoryReader, search: HistoryReader, filter: String) async -> any HistorySnapshot {
        _ = try? browse.refresh()
        if filter.isEmpty { return HistoryReaderSnapshot(reader: browse, rows: nil, count: browse.count) }
        try? await Task.sleep(nanoseconds: 120_000_000)
        if Task.isCancelled { return EmptyHistory() }
        _ = try? search.refresh()
        let rows = search.filter(filter)
        return HistoryReaderSnapshot(reader: browse, rows: rows, count: rows.count)
    }
}

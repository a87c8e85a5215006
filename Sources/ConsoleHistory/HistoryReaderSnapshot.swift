import Console
import CouponHistory
import Foundation
import WeChatPayCore

/// The console's history over CouponHistory's reader (which the command line opens): what a load
/// found, from which the console's runtime reads the rows its pane shows, on demand, so a
/// million-record log costs what the visible rows cost. Its own target, so that `Console` knows no log.
public struct HistoryReaderSnapshot: HistorySnapshot {
    let reader: HistoryReader
    /// Byte offsets of the filter's matches (newest first), or nil for every row. Offsets, not row
    /// numbers: the matches are found by a second reader, whose row numbers can differ from this
    /// reader's when the log grew between the two refreshes; a line's offset never changes.
    let matchOffsets: [Int]?
    public let filter: String
    public let count: Int
    /// Decoded rows of this snapshot (row numbers are stable for its lifetime): scrolling by a
    /// line decodes one record, not a screenful.
    private let cache = RowCache()

    /// `filter`: the text `matchOffsets` were found for ("" with every row).
    public init(reader: HistoryReader, matchOffsets: [Int]?, filter: String = "", count: Int) {
        self.reader = reader; self.matchOffsets = matchOffsets; self.filter = filter; self.count = count
    }

    public func entries(in range: Range<Int>) -> [SendRecord] {
        let clamped = range.clamped(to: 0..<count)
        guard !clamped.isEmpty else { return [] }
        let missing = clamped.filter { cache.record(at: $0) == nil }
        if let first = missing.first, let last = missing.last {
            let span = first..<(last + 1)
            if let matchOffsets {
                for row in span { cache.store(reader.entry(atByteOffset: matchOffsets[row])?.record, at: row) }
            } else {
                for (offset, entry) in reader.entries(newestFirst: span).enumerated() {
                    cache.store(entry.record, at: span.lowerBound + offset)
                }
            }
            cache.trim(keepingAround: clamped)
        }
        // A line that cannot be decoded is skipped here (the history commands report it).
        return clamped.compactMap { cache.record(at: $0) ?? nil }
    }

    /// Refreshes `browse` and returns the whole history, or the rows matching `filter`, found by
    /// scanning with `search`, a second reader, so the screen (reading rows through `browse`) never
    /// waits for a scan. A cancelled load stops scanning at once (and returns no rows).
    public static func load(browse: HistoryReader, search: HistoryReader, filter: String) async -> any HistorySnapshot {
        _ = try? browse.refresh()
        if filter.isEmpty { return HistoryReaderSnapshot(reader: browse, matchOffsets: nil, count: browse.count) }
        _ = try? search.refresh()
        guard let offsets = search.filterOffsets(filter, isCancelled: { Task.isCancelled }) else {
            return EmptyHistory(filter: filter)
        }
        return HistoryReaderSnapshot(reader: browse, matchOffsets: offsets, filter: filter, count: offsets.count)
    }
}

/// Decoded records by row, shared by copies of one snapshot. A row whose line cannot be decoded
/// is remembered as nil so it is not read again each frame.
final class RowCache: @unchecked Sendable {
    // Unchecked: `records` is only touched with `lock` held.
    private let lock = NSLock()
    private var records: [Int: SendRecord?] = [:]

    func record(at row: Int) -> SendRecord?? {
        lock.lock(); defer { lock.unlock() }
        return records[row]
    }

    func store(_ record: SendRecord?, at row: Int) {
        lock.lock(); records[row] = .some(record); lock.unlock()
    }

    /// Keeps the cache to a few screens around what is shown.
    func trim(keepingAround shown: Range<Int>) {
        lock.lock(); defer { lock.unlock() }
        guard records.count > 4 * max(64, shown.count) else { return }
        let keep = (shown.lowerBound - 2 * shown.count)..<(shown.upperBound + 2 * shown.count)
        records = records.filter { keep.contains($0.key) }
    }
}

import Foundation
import WeChatPayCore

/// Read access to a history log for browsing: newest first, one row per send, paged and filtered
/// without reading the whole log.
///
/// Rows are sends: one per send_request_no, ordered by its newest record (a resend moves a send to the
/// top), showing that newest record as the send's state. Row 0 is the newest.
///
/// Cost model (1M records ≈ 450 MB, release build): opening reads the newest 16k entries of the saved
/// index (`path.idx`, 24 bytes a line) or, without one, indexes only the newest megabyte of the log;
/// the first rows are found by walking the index backwards only as far as needed (about 20 ms from
/// process start either way). Older rows load the rest of the saved index, or scan the rest of the log
/// once and save the index (about 0.4 s). `count` walks the whole index (about 0.1 s, no log bytes
/// read); `filter` with text scans the log's bytes in 4 MB chunks (about 0.2 s); each shown record
/// is read with one `pread` and decoded on demand.
///
/// Thread-safe: each public method is one operation under one lock (`withState`), compound ones
/// included — a filter finds its rows and maps them to offsets without letting go — so a background
/// task may filter while the UI reads rows and another thread refreshes. Row numbers stay valid until
/// `refresh()` returns true; filter results as rows must be recomputed then (offsets stay valid).
public final class HistoryReader: @unchecked Sendable {
    // Unchecked: every mutable thing lives in `state`, which is reached only under `lock` (through
    // `withState`, or `lock`/`unlock` around it where typed throws need a plain call).
    public let path: String
    let lock = NSLock()
    let state: ReaderState

    /// Opens the log at `path`. A missing file is an empty history (it may appear later: `refresh()`).
    /// Throws `HistoryError.cannotOpen` for a directory or a file that cannot be read.
    /// `persistIndex`: keep the line index in `path + ".idx"` (on by default; off leaves no files behind).
    public init(path: String, persistIndex: Bool = true) throws(HistoryError) {
        self.path = path
        state = ReaderState(log: try IndexedLog(path: path, persistIndex: persistIndex))
    }

    /// Runs `body` with the reader's state, under the lock: one whole operation at a time.
    func withState<T>(_ body: (ReaderState) throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body(state)
    }

    /// True once the whole log is indexed (after `count`, `filter`, or walking to the oldest row).
    /// Before that, `unreadableLines()` knows only the part read so far.
    public var isFullyIndexed: Bool {
        withState { $0.log.index.isComplete }
    }

    /// Picks up records appended since the last look (by this or another process). Returns true when
    /// the rows changed; row numbers from before are then stale.
    @discardableResult
    public func refresh() throws(HistoryError) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return try state.refresh()
    }
}

/// Everything a reader knows about its log, changed only under `HistoryReader`'s lock.
final class ReaderState {
    var log: IndexedLog
    var rows = SendRows()
    /// Byte offsets of lines that looked like records but did not decode.
    var decodeFailures = Set<Int>()
    /// A line the index has was no longer in the log when read: it was truncated or rotated in place.
    /// Cleared when the log is reopened.
    var shrank = false
    let decoder = RecordDecoder()
    /// The text filter's last window of the log and the text it was for, reused by the next page.
    var searchWindow: (text: String, window: CandidateWindow)?
    /// The lines of each send_request_no, for look-ups by number (built on the first one).
    var numberLookup = NumberLookup()

    init(log: IndexedLog) {
        self.log = log
    }

    func refresh() throws(HistoryError) -> Bool {
        switch try log.refresh() {
        case .none:
            return false
        case .appended:
            rows.reset()
            searchWindow = nil
            return true
        case .reopened:
            rows.reset()
            searchWindow = nil
            decodeFailures = []
            shrank = false
            return true
        }
    }

    func walk(upTo wanted: Int) {
        rows.walk(upTo: wanted, in: &log)
    }

    /// The index line of row `row`, walking as far as needed; nil past the last row.
    func line(ofRow row: Int) -> Int? {
        guard row >= 0 else { return nil }
        walk(upTo: row + 1)
        return rows.line(ofRow: row, in: log)
    }

    /// Row `row` as an entry; nil past the last row.
    func entry(row: Int) -> HistoryEntry? {
        line(ofRow: row).map(entry(line:))
    }

    /// The entry of index line `line`, its record decoded.
    func entry(line: Int) -> HistoryEntry {
        let (record, json) = decode(line: line)
        let indexed = log.entries[line]
        return HistoryEntry(record: record, byteOffset: indexed.offset, state: indexed.code.shownState, json: json)
    }

    /// The record of index line `line` and its bytes as logged (trimmed of surrounding whitespace).
    /// A line the log no longer holds (it shrank) is not counted as unreadable: `shrank` says so.
    private func decode(line: Int) -> (SendRecord?, Data) {
        let offset = log.entries[line].offset
        let bytes: [UInt8]
        do { bytes = try log.readLine(line) } catch {
            if case .shrank = error { shrank = true } else { decodeFailures.insert(offset) }
            return (nil, Data())
        }
        let json = Data(bytes[RawLine.jsonRange(of: bytes)])
        guard let record = decoder.decode(json) else {
            decodeFailures.insert(offset)
            return (nil, json)
        }
        return (record, json)
    }
}

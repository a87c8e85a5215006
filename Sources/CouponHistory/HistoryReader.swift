import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// One send as the history shows it: the newest readable-looking record of its send_request_no.
public struct HistoryEntry: Sendable {
    /// The record, or nil if its line looked like a record but could not be decoded (it is then also
    /// listed in `HistoryReader.unreadableLines()`).
    public let record: SendRecord?
    /// Where the record's line starts in the log.
    public let byteOffset: Int
    /// The outcome to show: `issued`, `rejected` or `unknown`. A `pending` record with nothing after it
    /// was interrupted (a crash or kill mid-send, or a send still in flight in another process) and
    /// shows as `unknown`; so does an outcome word of a newer build.
    public let state: Outcome

    /// The send's newest record is a `pending` one: interrupted (or still in flight elsewhere).
    public var isInterrupted: Bool { record?.outcome == .pending }
}

/// A line of the log that is not a readable record: skipped, counted, reported, never rewritten.
public struct UnreadableLine: Sendable, Equatable {
    public let byteOffset: Int
    /// The last line of the file has no newline yet: a crash mid-write (or a write in progress).
    public let isIncomplete: Bool

    public init(byteOffset: Int, isIncomplete: Bool) {
        self.byteOffset = byteOffset
        self.isIncomplete = isIncomplete
    }

    /// "1 unreadable line at byte 1234", "3 unreadable lines at bytes 0, 57, 912", at most `shown`
    /// offsets then "…".
    public static func summary(_ lines: [UnreadableLine], shown: Int = 5) -> String? {
        guard !lines.isEmpty else { return nil }
        let offsets = lines.prefix(shown).map { String($0.byteOffset) }.joined(separator: ", ")
        let more = lines.count > shown ? ", …" : ""
        return lines.count == 1 ? "1 unreadable line at byte \(offsets)"
                                : "\(lines.count) unreadable lines at bytes \(offsets)\(more)"
    }
}

/// Read access to a history log for browsing: newest first, one row per send, paged and filtered
/// without reading the whole log.
///
/// Rows are sends: one per send_request_no, ordered by its newest record (a resend moves a send to the
/// top), showing that newest record as the send's state. Row 0 is the newest.
///
/// Cost model (1M records ≈ 400 MB): opening reads the sidecar index (24 bytes a record) or builds it
/// once by scanning the log; the first rows are found by walking the index backwards only as far as
/// needed; `count` walks the whole index (no log bytes read); `filter` scans the log's bytes in 4 MB
/// chunks; each shown record is read with one `pread` and decoded on demand.
///
/// Thread-safe: every method takes an internal lock, so a background task may filter while the UI
/// reads rows (it waits for the filter to finish). Row numbers stay valid until `refresh()` returns
/// true; filter results are row numbers and must be recomputed then.
public final class HistoryReader: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var file: LogFile?
    private var index = LineIndex()
    private var identity = LogFile.Identity(device: 0, inode: 0, size: 0)
    private let persistIndex: Bool
    // The row walk: entries examined newest to oldest; the first line seen of a send is its row.
    // Rows and the walk count entries from the end of the index, so extending the index backwards
    // (a log opened without a saved index) leaves them valid.
    private var rowsFromEnd: [Int32] = []
    private var walked = 0
    private var seen = SendKeySet()
    /// Byte offsets of lines that looked like records but did not decode.
    private var decodeFailures = Set<Int>()
    private let decoder = JSONDecoder()
    /// How much of the log a reader without a saved index reads before showing the newest rows.
    static let tailBytes = 1 << 20

    /// Opens the log at `path`. A missing file is an empty history (it may appear later: `refresh()`).
    /// Throws `HistoryError.cannotOpen` for a directory or a file that cannot be read.
    /// `persistIndex`: keep the line index in `path + ".idx"` (on by default; off leaves no files behind).
    public init(path: String, persistIndex: Bool = true) throws(HistoryError) {
        self.path = path
        self.persistIndex = persistIndex
        try reload()
    }

    /// Opens the log afresh. With a saved index that still matches, that index (extended by what was
    /// appended since); without one, only the newest megabyte is indexed now and the rest when needed,
    /// so the first screen of a million-record log does not wait for a full scan.
    private func reload() throws(HistoryError) {
        file = try LogFile.openIfPresent(path)
        index = LineIndex()
        identity = LogFile.Identity(device: 0, inode: 0, size: 0)
        decodeFailures = []
        guard let file else { resetRows(); return }
        identity = file.identity()
        if persistIndex, let saved = IndexSidecar.load(forLog: path, file: file) {
            index = saved
            let before = (count: index.entries.count, covered: index.covered)
            try run { try index.extend(from: file, to: identity.size) }
            if index.covered > before.covered {
                IndexSidecar.extend(index, from: before.count, fromCovered: before.covered, forLog: path, file: file)
            }
        } else {
            index = try run { try LineIndex.tail(of: file, size: identity.size, bytes: Self.tailBytes) }
            if index.isComplete && persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
        }
        resetRows()
    }

    /// Indexes the whole log if only its newest part is indexed, and saves the index for next time.
    private func completeIndex() {
        guard let file, !index.isComplete else { return }
        guard (try? index.extendBackward(from: file, bytes: Int.max / 2)) != nil else { return }
        if persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
    }

    private func run<T>(_ body: () throws -> T) throws(HistoryError) -> T {
        do { return try body() } catch let error as HistoryError { throw error } catch {
            throw HistoryError.cannotRead(path: path, reason: "\(error)")
        }
    }

    private func resetRows() {
        rowsFromEnd = []
        walked = 0
        seen = SendKeySet()
    }

    /// True once the whole log is indexed (always, after `count`, `filter` or a saved index).
    /// Before that, `unreadableLines()` knows only the part read so far.
    public var isFullyIndexed: Bool {
        lock.lock(); defer { lock.unlock() }
        return index.isComplete
    }

    /// Picks up records appended since the last look (by this or another process). Returns true when
    /// the rows changed; row numbers from before are then stale.
    @discardableResult
    public func refresh() throws(HistoryError) -> Bool {
        lock.lock(); defer { lock.unlock() }
        var st = stat()
        let exists = stat(path, &st) == 0
        let now = exists ? LogFile.Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int(st.st_size))
                         : LogFile.Identity(device: 0, inode: 0, size: 0)
        if now == identity && (file != nil) == exists { return false }
        guard let file, now.device == identity.device, now.inode == identity.inode, now.size >= index.covered else {
            try reload()   // appeared, replaced or truncated: start over
            return true
        }
        identity = file.identity()
        let before = (count: index.entries.count, covered: index.covered)
        try run { try index.extend(from: file, to: identity.size) }
        guard index.entries.count > before.count else { return false }
        if persistIndex && index.isComplete {
            IndexSidecar.extend(index, from: before.count, fromCovered: before.covered, forLog: path, file: file)
        }
        resetRows()
        return true
    }

    /// The number of sends (rows). Walks the whole index the first time (about 50 ms at 1M records).
    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        walkRows(upTo: Int.max)
        return rowsFromEnd.count
    }

    /// How many lines the log holds (records plus unreadable lines), from the index.
    public var lineCount: Int {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        return index.entries.count
    }

    /// Row `row` (0 = newest send), or nil past the end.
    public func entry(newestFirst row: Int) -> HistoryEntry? {
        lock.lock(); defer { lock.unlock() }
        return entryLocked(row)
    }

    /// The state record of row `row` (0 = newest send); nil past the end or if it cannot be decoded.
    public func record(newestFirst row: Int) -> SendRecord? {
        entry(newestFirst: row)?.record
    }

    /// Rows `range` (clamped to the rows that exist), newest first.
    public func entries(newestFirst range: Range<Int>) -> [HistoryEntry] {
        lock.lock(); defer { lock.unlock() }
        var out: [HistoryEntry] = []
        for row in range {
            guard let entry = entryLocked(row) else { break }
            out.append(entry)
        }
        return out
    }

    private func entryLocked(_ row: Int) -> HistoryEntry? {
        guard row >= 0 else { return nil }
        walkRows(upTo: row + 1)
        guard row < rowsFromEnd.count else { return nil }
        let line = lineOfRow(row)
        let record = decode(line: line)
        return HistoryEntry(record: record, byteOffset: index.entries[line].offset,
                            state: Self.state(of: index.entries[line].code))
    }

    static func state(of code: OutcomeCode) -> Outcome {
        switch code {
        case .issued: return .issued
        case .rejected: return .rejected
        default: return .unknown
        }
    }

    private func lineOfRow(_ row: Int) -> Int {
        index.entries.count - 1 - Int(rowsFromEnd[row])
    }

    /// Walks the index from the newest line back until `wanted` rows are known (or all of them),
    /// indexing older parts of the log first if only its newest part is indexed.
    private func walkRows(upTo wanted: Int) {
        if wanted == Int.max && index.isComplete {
            seen.reserve(index.entries.count)
            rowsFromEnd.reserveCapacity(index.entries.count)
        }
        while rowsFromEnd.count < wanted {
            if walked == index.entries.count {
                guard let file, !index.isComplete else { return }
                // Ever larger steps back, so walking a whole unindexed log costs about one full scan.
                let step = max(4 << 20, index.covered - index.start)
                guard (try? index.extendBackward(from: file, bytes: step)) != nil else { return }
                if index.isComplete && persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
                continue
            }
            let entry = index.entries[index.entries.count - 1 - walked]
            if entry.code != .unreadable && seen.insert(entry.key) {
                rowsFromEnd.append(Int32(walked))
            }
            walked += 1
        }
    }

    private func decode(line: Int) -> SendRecord? {
        guard let file else { return nil }
        let range = index.lineRange(line)
        guard let bytes = try? file.read(at: range.lowerBound, count: range.count),
              let record = try? decoder.decode(SendRecord.self, from: Data(bytes)) else {
            decodeFailures.insert(range.lowerBound)
            return nil
        }
        return record
    }

    /// Rows whose state matches: `text` (case-insensitive for ASCII) inside the openid, stock_id,
    /// send_request_no, token, request_id or error text of the state record, and `outcome` if given
    /// (`.unknown` includes interrupted pending sends). Newest first, at most `limit`. An empty text
    /// filters by outcome only. Scans the log's bytes only when there is a text.
    public func filter(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max) -> [Int] {
        lock.lock(); defer { lock.unlock() }
        let search = ByteSearch(text)
        if search != nil { completeIndex() }
        var candidates = CandidateWindow(search: search, reader: self)
        var result: [Int] = []
        var row = 0
        while result.count < limit {
            walkRows(upTo: row + 1)
            guard row < rowsFromEnd.count else { break }
            let line = lineOfRow(row)
            let code = index.entries[line].code
            let outcomeMatches = outcome.map { Self.state(of: code) == ($0 == .pending ? .unknown : $0) } ?? true
            if outcomeMatches && candidates.matches(line: line) { result.append(row) }
            row += 1
        }
        return result
    }

    /// Every record of one send_request_no, oldest first (the last is its state). Reads only the lines
    /// the index attributes to that number.
    public func records(forSendRequestNo number: String) -> [SendRecord] {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        let key = SendKey(number)
        var out: [SendRecord] = []
        for (i, entry) in index.entries.enumerated() where entry.key == key && entry.code != .unreadable {
            if let record = decode(line: i), record.request.sendRequestNo == number { out.append(record) }
        }
        return out
    }

    /// Every line that is not a readable record: lines the index found malformed, lines that failed to
    /// decode when shown, and an incomplete last line. In file order. Only in the indexed part of the
    /// log while `isFullyIndexed` is false (a first screen read without a saved index).
    public func unreadableLines() -> [UnreadableLine] {
        lock.lock(); defer { lock.unlock() }
        var out: [UnreadableLine] = []
        for entry in index.entries where entry.code == .unreadable || decodeFailures.contains(entry.offset) {
            out.append(UnreadableLine(byteOffset: entry.offset, isIncomplete: false))
        }
        if let file, identity.size > index.covered,
           let tail = try? file.read(at: index.covered, count: min(identity.size - index.covered, 4096)),
           tail.contains(where: { !RawLine.isSpace($0) }) {
            out.append(UnreadableLine(byteOffset: index.covered, isIncomplete: true))
        }
        return out
    }

    /// Calls `body` with every readable record in file order (oldest first), for export. Lines that do
    /// not decode are skipped and reported by `unreadableLines()` afterwards. Returns the count.
    @discardableResult
    public func forEachRecord(_ body: (SendRecord, _ rawLine: UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        guard let file else { return 0 }
        var line = 0
        var emitted = 0
        try file.forEachLine(from: 0, to: index.covered) { bytes, offset in
            let raw = RawLine(bytes: bytes)
            if raw.isBlank { return }
            // Lines and entries advance together: both skip blank lines.
            defer { line += 1 }
            guard line < index.entries.count, index.entries[line].code != .unreadable else { return }
            guard let record = try? decoder.decode(SendRecord.self, from: Data(bytes)) else {
                decodeFailures.insert(offset)
                return
            }
            try body(record, bytes)
            emitted += 1
        }
        return emitted
    }

    /// The bytes of lines `range` of the index, read at once (the filter's unit of work).
    fileprivate func readLines(_ range: Range<Int>) -> (bytes: [UInt8], start: Int)? {
        guard let file, !range.isEmpty else { return nil }
        let start = index.entries[range.lowerBound].offset
        let end = index.lineRange(range.upperBound - 1).upperBound
        guard let bytes = try? file.read(at: start, count: end - start) else { return nil }
        return (bytes, start)
    }

    fileprivate var indexEntries: [IndexEntry] { index.entries }
    fileprivate func lineRange(_ i: Int) -> Range<Int> { index.lineRange(i) }
}

/// The text filter's view of the log: a window of lines read in one chunk, moving from the newest lines
/// to the oldest as rows are checked, with the lines in it that contain the text in a searchable field.
private struct CandidateWindow {
    let search: ByteSearch?
    unowned let reader: HistoryReader
    var window: Range<Int> = 0..<0
    var matching = Set<Int>()
    var finders: [Finder] = []

    init(search: ByteSearch?, reader: HistoryReader) {
        self.search = search
        self.reader = reader
    }

    mutating func matches(line: Int) -> Bool {
        guard let search else { return true }
        if !window.contains(line) { load(endingAt: line + 1, search) }
        return matching.contains(line)
    }

    /// Reads the lines before `end`, up to about 4 MB of them, and finds the matching ones: a byte
    /// search over the whole chunk, then a field check on each line it hits.
    private mutating func load(endingAt end: Int, _ search: ByteSearch) {
        let entries = reader.indexEntries
        var start = end - 1
        let limitOffset = entries[end - 1].offset - LogFile.chunkSize
        while start > 0 && entries[start - 1].offset > limitOffset { start -= 1 }
        window = start..<end
        matching = []
        guard let (bytes, base) = reader.readLines(window) else { return }
        if finders.isEmpty {
            var counts = [Int](repeating: 0, count: 256)
            for b in bytes.prefix(1 << 20) { counts[Int(b)] += 1 }
            finders = search.patterns.map { Finder(pattern: $0, anchorFrequency: counts) }
        }
        bytes.withUnsafeBytes { buffer in
            for finder in finders {
                var from = 0
                while let hit = finder.first(in: buffer, from: from) {
                    // The line holding the hit: the last entry starting at or before it.
                    var lo = start, hi = end - 1
                    while lo < hi {
                        let mid = (lo + hi + 1) / 2
                        if entries[mid].offset - base <= hit { lo = mid } else { hi = mid - 1 }
                    }
                    let range = reader.lineRange(lo)
                    let lineBytes = UnsafeRawBufferPointer(rebasing: buffer[(range.lowerBound - base)..<(range.upperBound - base)])
                    if !matching.contains(lo), entries[lo].code != .unreadable,
                       search.matchesSearchableField(of: RawLine(bytes: lineBytes)) {
                        matching.insert(lo)
                    }
                    from = range.upperBound - base + 1
                }
            }
        }
    }
}

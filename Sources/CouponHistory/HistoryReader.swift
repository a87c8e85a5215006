import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

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
/// Thread-safe: every method takes an internal lock, so a background task may filter while the UI
/// reads rows (it waits for the filter to finish). Row numbers stay valid until `refresh()` returns
/// true; filter results are row numbers and must be recomputed then.
public final class HistoryReader: @unchecked Sendable {
    public let path: String
    // Internal (not private) for the extensions in HistoryReader+Confirms.swift.
    let lock = NSLock()
    var file: LogFile?
    var index = LineIndex()
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
    let decoder = JSONDecoder()
    /// The log's first bytes and the bytes before `index.covered` when last read, to notice a log
    /// rewritten in place.
    private var fingerprints: (head: UInt64, tail: UInt64)?
    /// Entries of the saved index not loaded yet (they precede `index.start`).
    private var olderInSidecar = 0
    /// How much of the log a reader without a saved index reads before showing the newest rows.
    static let tailBytes = 1 << 20
    /// How many entries of a saved index are loaded at open (the rest when older rows are asked for).
    static let newestEntries = 16_384

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
        olderInSidecar = 0
        guard let file else { resetRows(); return }
        identity = file.identity()
        if persistIndex, let saved = IndexSidecar.load(forLog: path, file: file, newest: Self.newestEntries) {
            index = saved.index
            olderInSidecar = saved.older
            let covered = index.covered
            try run { try index.extend(from: file, to: identity.size) }
            if index.covered > covered { IndexSidecar.catchUp(forLog: path, file: file) }
        } else {
            index = try run { try LineIndex.tail(of: file, size: identity.size, bytes: Self.tailBytes) }
            if index.isComplete && persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
        }
        fingerprints = try? IndexSidecar.fingerprints(of: file, covered: index.covered)
        resetRows()
    }

    /// Indexes the whole log if only its newest part is indexed.
    func completeIndex() {
        while !index.isComplete && indexOlder(bytes: Int.max / 2) {}
    }

    /// Puts older lines in front of the index: the rest of the saved index if there is one, else about
    /// `bytes` more of the log, scanned (and the index saved once it is whole). False if nothing could
    /// be added (already complete, or the log cannot be read).
    private func indexOlder(bytes: Int) -> Bool {
        guard let file, !index.isComplete else { return false }
        if olderInSidecar > 0 {
            let count = olderInSidecar
            olderInSidecar = 0
            if let older = IndexSidecar.loadOlder(forLog: path, file: file, count: count, before: index.start) {
                index.entries.insert(contentsOf: older, at: 0)
                index.start = 0
                return true
            }
            // The saved index changed under us or is damaged: scan the log instead.
        }
        guard (try? index.extendBackward(from: file, bytes: bytes)) != nil else { return false }
        if index.isComplete && persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
        return true
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

    /// True once the whole log is indexed (after `count`, `filter`, or walking to the oldest row).
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
        // Same file and longer: the bytes already indexed must be the same bytes (not rewritten in place).
        guard let seen = fingerprints, let current = try? IndexSidecar.fingerprints(of: file, covered: index.covered),
              current == seen else {
            try reload()
            return true
        }
        identity = file.identity()
        let before = (count: index.entries.count, covered: index.covered)
        try run { try index.extend(from: file, to: identity.size) }
        fingerprints = try? IndexSidecar.fingerprints(of: file, covered: index.covered)
        guard index.entries.count > before.count else { return false }
        if persistIndex { IndexSidecar.catchUp(forLog: path, file: file) }
        resetRows()
        return true
    }

    /// The number of sends (rows). Walks the whole index the first time (about 0.1 s at 1M records,
    /// plus indexing the rest of the log if there was no saved index).
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
        return entry(line: lineOfRow(row))
    }

    func entry(line: Int) -> HistoryEntry {
        let (record, json) = decode(line: line)
        return HistoryEntry(record: record, byteOffset: index.entries[line].offset,
                            state: Self.state(of: index.entries[line].code), json: json)
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
        if wanted == Int.max {
            // Every row: index everything first, so the set of sends is sized once.
            completeIndex()
            seen.reserve(index.entries.count)
            rowsFromEnd.reserveCapacity(index.entries.count)
        }
        while rowsFromEnd.count < wanted {
            if walked == index.entries.count {
                // Ever larger steps back, so walking a whole unindexed log costs about one full scan.
                guard indexOlder(bytes: max(4 << 20, index.covered - index.start)) else { return }
                continue
            }
            let entry = index.entries[index.entries.count - 1 - walked]
            if entry.code != .unreadable && entry.code != .action && seen.insert(entry.key) {
                rowsFromEnd.append(Int32(walked))
            }
            walked += 1
        }
    }

    /// The record of entry `line` and its bytes as logged (trimmed of surrounding whitespace).
    private func decode(line: Int) -> (SendRecord?, Data) {
        let range = index.lineRange(line)
        guard let file, let bytes = try? file.read(at: range.lowerBound, count: range.count) else {
            decodeFailures.insert(range.lowerBound)
            return (nil, Data())
        }
        let json = Data(bytes[RawLine.jsonRange(of: bytes)])
        guard let record = try? decoder.decode(SendRecord.self, from: json) else {
            decodeFailures.insert(range.lowerBound)
            return (nil, json)
        }
        return (record, json)
    }

    /// Rows whose state matches: `text` (case-insensitive for ASCII) inside the openid, stock_id,
    /// send_request_no, token, request_id or error text of the state record, and `outcome` if given
    /// (`.unknown` includes interrupted pending sends). Newest first, at most `limit`. An empty text
    /// filters by outcome only. Scans the log's bytes only when there is a text, newest first, and only
    /// as far back as it takes to find `limit` rows.
    public func filter(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max) -> [Int] {
        lock.lock(); defer { lock.unlock() }
        let search = ByteSearch(text)
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

    /// `filter`, answered as the byte offsets of the matching rows' records rather than row numbers.
    /// Row numbers belong to one reader's view of the log; an offset names the same record for every
    /// reader of that log, so one reader can filter (in the background) while another shows the
    /// results with `entry(atByteOffset:)`.
    public func filterOffsets(_ text: String, outcome: Outcome? = nil, limit: Int = Int.max) -> [Int] {
        let rows = filter(text, outcome: outcome, limit: limit)
        lock.lock(); defer { lock.unlock() }
        return rows.map { index.entries[lineOfRow($0)].offset }
    }

    /// The record whose line starts at `offset` (as `HistoryEntry.byteOffset` or `filterOffsets` give
    /// it), or nil if no line of the log starts there.
    public func entry(atByteOffset offset: Int) -> HistoryEntry? {
        lock.lock(); defer { lock.unlock() }
        guard offset >= 0, offset < index.covered else { return nil }
        while offset < index.start && indexOlder(bytes: max(4 << 20, index.covered - index.start)) {}
        var lo = 0, hi = index.entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if index.entries[mid].offset < offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo < index.entries.count, index.entries[lo].offset == offset else { return nil }
        return entry(line: lo)
    }

    /// Every record of one send_request_no, oldest first (the last is its state). Reads only the lines
    /// the index attributes to that number.
    public func records(forSendRequestNo number: String) -> [SendRecord] {
        entries(forSendRequestNo: number).compactMap(\.record)
    }

    /// Every readable record of one send_request_no with its line as logged, oldest first.
    public func entries(forSendRequestNo number: String) -> [HistoryEntry] {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        let key = SendKey(number)
        var out: [HistoryEntry] = []
        for (i, entry) in index.entries.enumerated() where entry.key == key && entry.code != .unreadable && entry.code != .action {
            let shown = self.entry(line: i)
            if shown.record?.request.sendRequestNo == number { out.append(shown) }
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

    /// Calls `body` with every readable pre-send record in file order (oldest first). Lines that do
    /// not decode are skipped and reported by `unreadableLines()` afterwards. Returns the count.
    @discardableResult
    public func forEachRecord(_ body: (SendRecord, _ rawLine: UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var count = 0
        try forEachLine { record, line in
            guard case .send(let send) = record else { return }
            try body(send, line)
            count += 1
        }
        return count
    }

    /// Calls `body` with every readable record — pre-sends and confirms — in file order (oldest first),
    /// for export. Returns the count of records handed to `body`.
    /// Decoding is the expensive part (tens of microseconds a record), so each 4 MB batch of lines is
    /// decoded on all cores, then handed to `body` in order.
    @discardableResult
    public func forEachLine(_ body: (HistoryRecord, _ rawLine: UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        guard index.isComplete else { throw HistoryError.cannotRead(path: path, reason: "the log could not be read to its start") }
        let entries = index.entries
        var emitted = 0
        var batchStart = 0
        let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)
        while batchStart < entries.count {
            var batchEnd = batchStart + 1
            let limit = entries[batchStart].offset + LogFile.chunkSize
            while batchEnd < entries.count && entries[batchEnd].offset < limit { batchEnd += 1 }
            guard let (bytes, base) = readLines(batchStart..<batchEnd) else {
                throw HistoryError.cannotRead(path: path, reason: HistoryStore.errnoText())
            }
            let ranges = (batchStart..<batchEnd).map { index.lineRange($0) }
            var decoded = [HistoryRecord?](repeating: nil, count: ranges.count)
            let first = batchStart
            bytes.withUnsafeBytes { buffer in
                decoded.withUnsafeMutableBufferPointer { out in
                    let results = UncheckedSendable(out)
                    let input = UncheckedSendable(buffer)
                    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                        let decoder = JSONDecoder()
                        var i = lane
                        while i < ranges.count {
                            let code = entries[first + i].code
                            if code != .unreadable {
                                let range = ranges[i]
                                let bytes = UnsafeRawBufferPointer(rebasing: input.value[(range.lowerBound - base)..<(range.upperBound - base)])
                                let line = Data(UnsafeRawBufferPointer(rebasing: bytes[RawLine.jsonRange(of: bytes)]))
                                results.value[i] = code == .action
                                    ? (try? decoder.decode(ConfirmRecord.self, from: line)).map(HistoryRecord.confirm)
                                    : (try? decoder.decode(SendRecord.self, from: line)).map(HistoryRecord.send)
                            }
                            i += lanes
                        }
                    }
                }
            }
            try bytes.withUnsafeBytes { buffer in
                for (i, record) in decoded.enumerated() {
                    let range = ranges[i]
                    guard let record else {
                        // An action this build does not know (a newer build's) is skipped, not unreadable.
                        let code = entries[batchStart + i].code
                        if code != .unreadable && code != .action { decodeFailures.insert(range.lowerBound) }
                        continue
                    }
                    try body(record, UnsafeRawBufferPointer(rebasing: buffer[(range.lowerBound - base)..<(range.upperBound - base)]))
                    emitted += 1
                }
            }
            batchStart = batchEnd
        }
        return emitted
    }

    // For `CandidateWindow`, which runs inside `filter` with the lock held.

    /// The bytes of lines `range` of the index, read at once (the filter's unit of work).
    func readLines(_ range: Range<Int>) -> (bytes: [UInt8], start: Int)? {
        guard let file, !range.isEmpty else { return nil }
        let start = index.entries[range.lowerBound].offset
        let end = index.lineRange(range.upperBound - 1).upperBound
        guard let bytes = try? file.read(at: start, count: end - start) else { return nil }
        return (bytes, start)
    }

    var indexEntries: [IndexEntry] { index.entries }
    func lineRange(_ i: Int) -> Range<Int> { index.lineRange(i) }
}

/// Hands a buffer to `concurrentPerform`'s lanes, each of which writes only its own elements.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

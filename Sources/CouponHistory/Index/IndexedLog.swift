import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A log file and the index of its lines, kept current: opened with the saved index (or only the
/// newest megabyte indexed), extended when the log grows, reopened when it is replaced, truncated or
/// rewritten in place, and indexed further back when older lines are asked for.
///
/// A value with no lock: `HistoryReader` keeps it inside its locked state.
struct IndexedLog {
    let path: String
    /// Keep the index in `path + ".idx"` (off: leave no files behind).
    let persistIndex: Bool
    private(set) var file: LogFile?
    private(set) var index = LineIndex()
    private(set) var identity = LogFile.Identity(device: 0, inode: 0, size: 0)
    /// The log's first bytes and the bytes before `index.covered` when last read, to notice a log
    /// rewritten in place.
    private var fingerprints: (head: UInt64, tail: UInt64)?
    /// Entries of the saved index not loaded yet (they precede `index.start`).
    private var olderInSidecar = 0

    /// How much of the log a reader without a saved index reads before showing the newest rows.
    static let tailBytes = 1 << 20
    /// How many entries of a saved index are loaded at open (the rest when older rows are asked for).
    static let newestEntries = 16_384

    /// What `refresh` found.
    enum Change {
        /// Nothing new (or only part of a line).
        case none
        /// New lines were appended; what was indexed before is unchanged.
        case appended
        /// The log appeared, was replaced, truncated or rewritten: everything was indexed afresh.
        case reopened
    }

    init(path: String, persistIndex: Bool) throws(HistoryError) {
        self.path = path
        self.persistIndex = persistIndex
        try reload()
    }

    var entries: [IndexEntry] { index.entries }

    /// Opens the log afresh. With a saved index that still matches, that index (extended by what was
    /// appended since); without one, only the newest megabyte is indexed now and the rest when needed,
    /// so the first screen of a million-record log does not wait for a full scan.
    mutating func reload() throws(HistoryError) {
        file = try LogFile.openIfPresent(path)
        index = LineIndex()
        identity = LogFile.Identity(device: 0, inode: 0, size: 0)
        olderInSidecar = 0
        fingerprints = nil
        guard let file else { return }
        identity = file.identity()
        if persistIndex, let saved = IndexSidecar.load(forLog: path, file: file, newest: Self.newestEntries) {
            index = saved.index
            olderInSidecar = saved.older
            let covered = index.covered, size = identity.size
            try run { try index.extend(from: file, to: size) }
            if index.covered > covered { IndexSidecar.catchUp(forLog: path, file: file) }
        } else {
            let size = identity.size
            index = try run { try LineIndex.tail(of: file, size: size, bytes: Self.tailBytes) }
            if index.isComplete && persistIndex { IndexSidecar.save(index, forLog: path, file: file) }
        }
        fingerprints = try? IndexSidecar.fingerprints(of: file, covered: index.covered)
    }

    /// Picks up what changed on disk since the last look (by this or another process).
    mutating func refresh() throws(HistoryError) -> Change {
        var st = stat()
        let exists = stat(path, &st) == 0
        let now = exists ? LogFile.Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int(st.st_size))
                         : LogFile.Identity(device: 0, inode: 0, size: 0)
        if now == identity && (file != nil) == exists { return .none }
        guard let file, now.device == identity.device, now.inode == identity.inode, now.size >= index.covered else {
            try reload()   // appeared, replaced or truncated: start over
            return .reopened
        }
        // Same file and longer: the bytes already indexed must be the same bytes (not rewritten in place).
        guard let seen = fingerprints, let current = try? IndexSidecar.fingerprints(of: file, covered: index.covered),
              current == seen else {
            try reload()
            return .reopened
        }
        identity = file.identity()
        let before = index.entries.count
        let size = identity.size
        try run { try index.extend(from: file, to: size) }
        fingerprints = try? IndexSidecar.fingerprints(of: file, covered: index.covered)
        guard index.entries.count > before else { return .none }
        if persistIndex { IndexSidecar.catchUp(forLog: path, file: file) }
        return .appended
    }

    /// Indexes the whole log if only its newest part is indexed.
    mutating func completeIndex() {
        while !index.isComplete && indexOlder(bytes: Int.max / 2) {}
    }

    /// Puts older lines in front of the index, in ever larger steps (so walking a whole unindexed log
    /// costs about one full scan). False if nothing could be added.
    mutating func indexOlder() -> Bool {
        indexOlder(bytes: max(4 << 20, index.covered - index.start))
    }

    /// Puts older lines in front of the index: the rest of the saved index if there is one, else about
    /// `bytes` more of the log, scanned (and the index saved once it is whole). False if nothing could
    /// be added (already complete, or the log cannot be read).
    mutating func indexOlder(bytes: Int) -> Bool {
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

    /// The index line that starts at byte `offset`, indexing further back if it is older than the
    /// indexed part; nil if no line of the log starts there.
    mutating func line(atByteOffset offset: Int) -> Int? {
        guard offset >= 0, offset < index.covered else { return nil }
        while offset < index.start && indexOlder() {}
        var lo = 0, hi = index.entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if index.entries[mid].offset < offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo < index.entries.count, index.entries[lo].offset == offset else { return nil }
        return lo
    }

    /// The bytes of line `i` (without its newline). Throws `shrank` if the log no longer has them.
    func readLine(_ i: Int) throws(HistoryError) -> [UInt8] {
        guard let file else { throw HistoryError.shrank(path: path) }
        let range = index.lineRange(i)
        return try file.readExactly(at: range.lowerBound, count: range.count)
    }

    /// The bytes of lines `range` of the index, read at once, and the offset of the first: exactly the
    /// bytes the index spans, so its line ranges can slice them. Throws `shrank` if the log no longer
    /// has them all.
    func readLines(_ range: Range<Int>) throws(HistoryError) -> (bytes: [UInt8], start: Int) {
        guard !range.isEmpty else { return ([], 0) }
        guard let file else { throw HistoryError.shrank(path: path) }
        let start = index.entries[range.lowerBound].offset
        let end = index.lineRange(range.upperBound - 1).upperBound
        return (try file.readExactly(at: start, count: end - start), start)
    }

    /// Throws `shrank` if the open log is now shorter than what was indexed, or its indexed bytes were
    /// rewritten (truncated and written again): whatever was read from it since may be incomplete.
    func checkNotShrunk() throws(HistoryError) {
        guard let file else { return }
        guard file.identity().size >= index.covered,
              let now = try? IndexSidecar.fingerprints(of: file, covered: index.covered),
              let then = fingerprints, now == then else { throw HistoryError.shrank(path: path) }
    }

    func lineRange(_ i: Int) -> Range<Int> { index.lineRange(i) }

    /// Bytes after the last complete line that are not blank: an incomplete last line.
    var incompleteTail: Int? {
        guard let file, identity.size > index.covered,
              let tail = try? file.read(at: index.covered, count: min(identity.size - index.covered, 4096)),
              tail.contains(where: { !RawLine.isSpace($0) }) else { return nil }
        return index.covered
    }

    private func run<T>(_ body: () throws -> T) throws(HistoryError) -> T {
        do { return try body() } catch let error as HistoryError { throw error } catch {
            throw HistoryError.cannotRead(path: path, reason: "\(error)")
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The index of a log's lines: one `IndexEntry` (offset, outcome, send key) per non-blank complete line.
///
/// It is built once by scanning the log's bytes, persisted in a sidecar file next to the log
/// (`history.jsonl.idx`), and extended — never rebuilt — when the log grows: appends by `HistoryStore`
/// extend the sidecar directly, and a reader that finds the log longer than the sidecar covers scans
/// only the new bytes. The sidecar is a cache: it is trusted only while it matches the log's device,
/// inode, the bytes at its start and the bytes just before the point it covers; otherwise it is
/// rebuilt. Entries are stored in this machine's byte order.
struct LineIndex {
    var entries: [IndexEntry] = []
    /// Bytes of the log indexed: just past the last complete line's `\n`.
    var covered = 0
    /// The index holds the lines that start in `[start, covered)`. A complete index starts at 0; a
    /// reader with no saved index first indexes only the newest bytes of the log (enough for the first
    /// screen) and extends backwards when older rows are asked for.
    var start = 0

    var isComplete: Bool { start == 0 }

    /// Scans `[covered, size)` of `file` and appends an entry for every new complete line.
    mutating func extend(from file: LogFile, to size: Int) throws {
        guard size > covered else { return }
        var added: [IndexEntry] = []
        covered = try file.forEachLine(from: covered, to: size) { line, offset in
            let raw = RawLine(bytes: line)
            if raw.isBlank { return }
            added.append(raw.indexEntry(at: offset))
        }
        entries.append(contentsOf: added)
    }

    /// An index of only the lines in about the last `bytes` of the log.
    static func tail(of file: LogFile, size: Int, bytes: Int) throws -> LineIndex {
        var reach = bytes
        var from: Int? = nil
        while from == nil {
            from = try file.lineStart(atOrAfter: max(0, size - reach), before: size)
            reach *= 2   // no line starts in reach: one long (or incomplete) last line
        }
        var index = LineIndex(entries: [], covered: from!, start: from!)
        try index.extend(from: file, to: size)
        return index
    }

    /// Indexes at least `bytes` more of the log before `start` (whole lines), or all of it.
    /// Returns how many entries were put in front.
    @discardableResult
    mutating func extendBackward(from file: LogFile, bytes: Int) throws -> Int {
        guard start > 0 else { return 0 }
        var reach = bytes
        var from = start
        while from == start {
            from = try file.lineStart(atOrAfter: max(0, start - reach), before: start) ?? start
            if from == start { reach *= 2 }   // one line longer than the reach
        }
        // Older lines first, then the ones already indexed, in one array sized for both (a million
        // entries are 24 MB: no extra copies).
        var merged = try LineIndex.entries(of: file, from: from, to: start, reserving: entries.count)
        let added = merged.count
        merged.append(contentsOf: entries)
        entries = merged
        start = from
        return added
    }

    /// The entries of the complete lines in `[from, to)` (`from` a line start, `to` just past a
    /// newline). A range over `parallelAbove` bytes is cut at line starts into `lanes` pieces (one per
    /// core), scanned in parallel.
    /// `reserving`: room to leave for entries the caller appends.
    static func entries(of file: LogFile, from: Int, to: Int, reserving: Int = 0, parallelAbove: Int = 32 << 20,
                        lanes: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [IndexEntry] {
        var cuts = [from]
        if lanes > 1 && to - from > parallelAbove {
            for lane in 1..<lanes {
                let cut = try file.lineStart(atOrAfter: from + (to - from) * lane / lanes, before: to) ?? to
                if cut > cuts.last! { cuts.append(cut) }
            }
        }
        cuts.append(to)
        let pieces = UnsafeMutableBufferPointer<[IndexEntry]>.allocate(capacity: cuts.count - 1)
        pieces.initialize(repeating: [])
        defer { pieces.deinitialize(); pieces.deallocate() }
        let failed = Locked(false)
        let shared = SendableBox(pieces)
        let bounds = cuts
        DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { piece in
            var found: [IndexEntry] = []
            found.reserveCapacity((bounds[piece + 1] - bounds[piece]) / 256)
            do {
                try file.forEachLine(from: bounds[piece], to: bounds[piece + 1]) { line, offset in
                    let raw = RawLine(bytes: line)
                    if raw.isBlank { return }
                    found.append(raw.indexEntry(at: offset))
                }
            } catch {
                failed.set(true)
            }
            shared.value[piece] = found
        }
        if failed.get() { throw HistoryError.cannotRead(path: file.path, reason: HistoryStore.errnoText()) }
        var all: [IndexEntry] = []
        all.reserveCapacity(pieces.reduce(0) { $0 + $1.count } + reserving)
        for i in pieces.indices {
            all.append(contentsOf: pieces[i])
            pieces[i] = []
        }
        return all
    }

    /// The bytes of entry `i`'s line, without its newline (and any blank lines after it).
    func lineRange(_ i: Int) -> Range<Int> {
        let begin = entries[i].offset
        let end = i + 1 < entries.count ? entries[i + 1].offset : covered
        return begin..<max(begin, end - 1)
    }
}

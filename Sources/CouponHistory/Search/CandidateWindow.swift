import Foundation

/// The text filter's view of the log: a window of lines read in one chunk, moving from the newest lines
/// to the oldest as rows are checked, with the lines in it that contain the text in a searchable field.
/// The window and its matches are kept as byte offsets, which stay true while the log is indexed
/// further back (entry numbers shift then).
struct CandidateWindow {
    let search: ByteSearch?
    /// Byte offsets of the first line in the window and just past the last line's start.
    private var window: Range<Int> = 0..<0
    /// Offsets of the lines in the window that match.
    private var matching = Set<Int>()
    private var finders: [Finder] = []

    init(search: ByteSearch?) {
        self.search = search
    }

    /// Whether index line `line` of `log` holds the text in a searchable field (always, without a text).
    /// Throws `shrank` if the log no longer holds the bytes the index says it does.
    mutating func matches(line: Int, in log: IndexedLog) throws(HistoryError) -> Bool {
        guard let search else { return true }
        let offset = log.entries[line].offset
        if !window.contains(offset) { try load(endingAt: line + 1, search, log) }
        return matching.contains(offset)
    }

    /// Reads the lines before `end`, up to about 4 MB of them, and finds the matching ones: a byte
    /// search over the whole chunk, then a field check on each line it hits.
    private mutating func load(endingAt end: Int, _ search: ByteSearch, _ log: IndexedLog) throws(HistoryError) {
        let entries = log.entries
        var start = end - 1
        let limitOffset = entries[end - 1].offset - LogFile.chunkSize
        while start > 0 && entries[start - 1].offset > limitOffset { start -= 1 }
        window = 0..<0
        matching = []
        let (bytes, base) = try log.readLines(start..<end)
        window = entries[start].offset..<(entries[end - 1].offset + 1)
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
                    let range = log.lineRange(lo)
                    let lineBytes = UnsafeRawBufferPointer(rebasing: buffer[(range.lowerBound - base)..<(range.upperBound - base)])
                    if !matching.contains(entries[lo].offset), entries[lo].code.isSendRecord,
                       search.matchesSearchableField(of: RawLine(bytes: lineBytes)) {
                        matching.insert(entries[lo].offset)
                    }
                    // On past this line (a hit in the blank lines after it belongs to no line).
                    from = max(range.upperBound - base + 1, hit + 1)
                }
            }
        }
    }
}

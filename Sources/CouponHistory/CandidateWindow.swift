import Foundation

/// The text filter's view of the log: a window of lines read in one chunk, moving from the newest lines
/// to the oldest as rows are checked, with the lines in it that contain the text in a searchable field.
struct CandidateWindow {
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

import Foundation

/// The rows of the history: one per send, newest first, found by walking the index from its newest
/// line back; the first line met of a send is its row and shows the send's state.
///
/// Rows count lines from the end of the index, so indexing older parts of the log (which puts entries
/// in front) leaves them valid; appending new lines does not, and the owner resets the walk then.
/// A value with no lock: `HistoryReader` keeps it inside its locked state.
struct SendRows {
    private var rowsFromEnd: [Int32] = []
    private var walked = 0
    private var seen = SendKeySet()

    /// How many rows the walk has found so far.
    var known: Int { rowsFromEnd.count }

    mutating func reset() { self = SendRows() }

    /// Walks the index from the newest line back until `wanted` rows are known (or all of them),
    /// indexing older parts of the log first if only its newest part is indexed.
    mutating func walk(upTo wanted: Int, in log: inout IndexedLog) {
        if wanted == Int.max {
            // Every row: index everything first, so the set of sends is sized once.
            log.completeIndex()
            seen.reserve(log.entries.count)
            rowsFromEnd.reserveCapacity(log.entries.count)
        }
        while rowsFromEnd.count < wanted {
            let entries = log.entries
            if walked == entries.count {
                guard log.indexOlder() else { return }
                continue
            }
            // One pass over what is indexed now (the array is not copied: `log` is not touched inside).
            while walked < entries.count && rowsFromEnd.count < wanted {
                let entry = entries[entries.count - 1 - walked]
                if entry.code.isSendRecord && seen.insert(entry.key) {
                    rowsFromEnd.append(Int32(walked))
                }
                walked += 1
            }
        }
    }

    /// The index line of row `row`; nil if the walk has not found that row (never traps).
    func line(ofRow row: Int, in log: IndexedLog) -> Int? {
        line(ofRow: row, entryCount: log.entries.count)
    }

    /// `line(ofRow:in:)` for an index of `entryCount` entries.
    func line(ofRow row: Int, entryCount: Int) -> Int? {
        guard row >= 0, row < rowsFromEnd.count else { return nil }
        let line = entryCount - 1 - Int(rowsFromEnd[row])
        return line >= 0 ? line : nil
    }
}

import Foundation
import WeChatPayCore

/// Rows, single records and the log's unreadable lines.
extension HistoryReader {
    /// The number of sends (rows). Walks the whole index the first time (about 0.1 s at 1M records,
    /// plus indexing the rest of the log if there was no saved index).
    public var count: Int {
        withState { state in
            state.walk(upTo: Int.max)
            return state.rows.known
        }
    }

    /// How many lines the log holds (records plus unreadable lines), from the index.
    public var lineCount: Int {
        withState { state in
            state.log.completeIndex()
            return state.log.entries.count
        }
    }

    /// Row `row` (0 = newest send), or nil past the end.
    public func entry(newestFirst row: Int) -> HistoryEntry? {
        withState { $0.entry(row: row) }
    }

    /// The state record of row `row` (0 = newest send); nil past the end or if it cannot be decoded.
    public func record(newestFirst row: Int) -> SendRecord? {
        entry(newestFirst: row)?.record
    }

    /// Rows `range` (clamped to the rows that exist), newest first.
    public func entries(newestFirst range: Range<Int>) -> [HistoryEntry] {
        withState { state in
            var out: [HistoryEntry] = []
            for row in range {
                guard let entry = state.entry(row: row) else { break }
                out.append(entry)
            }
            return out
        }
    }

    /// The record whose line starts at `offset` (as `HistoryEntry.byteOffset` or `filterOffsets` give
    /// it), or nil if no line of the log starts there.
    public func entry(atByteOffset offset: Int) -> HistoryEntry? {
        withState { state in
            state.log.line(atByteOffset: offset).map(state.entry(line:))
        }
    }

    /// Every record of one send_request_no, oldest first. Reads only the lines the index attributes to
    /// that number. Usually one send (the last record is its state); a number reused for another
    /// request (by an older version or another tool) holds the records of each.
    public func records(forSendRequestNo number: String) -> [SendRecord] {
        entries(forSendRequestNo: number).compactMap(\.record)
    }

    /// Every readable record of one send_request_no with its line as logged, oldest first.
    public func entries(forSendRequestNo number: String) -> [HistoryEntry] {
        withState { state in
            state.log.completeIndex()
            let key = SendKey.number(number)
            var out: [HistoryEntry] = []
            for i in state.numberLookup.lines(for: key, in: state.log.entries) {
                let shown = state.entry(line: i)
                if shown.record?.request.sendRequestNo == number { out.append(shown) }
            }
            return out
        }
    }

    /// Every line that is not a readable record: lines the index found malformed, lines that failed to
    /// decode when shown, and an incomplete last line. In file order. Only in the indexed part of the
    /// log while `isFullyIndexed` is false (a first screen read without a saved index).
    public func unreadableLines() -> [UnreadableLine] {
        withState { state in
            var out: [UnreadableLine] = []
            for entry in state.log.entries where entry.code == .unreadable || state.decodeFailures.contains(entry.offset) {
                out.append(UnreadableLine(byteOffset: entry.offset, isIncomplete: false))
            }
            if let tail = state.log.incompleteTail {
                out.append(UnreadableLine(byteOffset: tail, isIncomplete: true))
            }
            return out
        }
    }
}

import Foundation
import WeChatPayCore

/// Every record of the log, in file order, decoded on all cores.
extension HistoryReader {
    /// Calls `body` with every readable pre-send record in file order (oldest first). Lines that do not
    /// decode are skipped and reported by `unreadableLines()` afterwards. Returns the count.
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
    /// for export. Lines that do not decode are skipped and reported by `unreadableLines()` afterwards.
    /// Returns the count of records handed to `body`.
    /// Throws `HistoryError.shrank` if the log was truncated or rotated in place while it was read.
    /// Decoding is the expensive part (tens of microseconds a record), so each 4 MB batch of lines is
    /// decoded on all cores, then handed to `body` in order. `body` runs under the reader's lock: it
    /// must not call the reader.
    @discardableResult
    public func forEachLine(_ body: (HistoryRecord, _ rawLine: UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try withState { state in try state.forEachLine(body) }
    }
}

extension ReaderState {
    func forEachLine(_ body: (HistoryRecord, _ rawLine: UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        log.completeIndex()
        guard log.index.isComplete else {
            throw HistoryError.cannotRead(path: log.path, reason: "the log could not be read to its start")
        }
        let entries = log.entries
        var emitted = 0
        var batchStart = 0
        while batchStart < entries.count {
            var batchEnd = batchStart + 1
            let limit = entries[batchStart].offset + LogFile.chunkSize
            while batchEnd < entries.count && entries[batchEnd].offset < limit { batchEnd += 1 }
            let (bytes, base) = try log.readLines(batchStart..<batchEnd)
            let ranges = (batchStart..<batchEnd).map { log.lineRange($0) }
            let codes = entries[batchStart..<batchEnd].map(\.code)
            let decoded = Self.decodeInParallel(bytes, base: base, ranges: ranges, codes: codes)
            try bytes.withUnsafeBytes { buffer in
                for (i, record) in decoded.enumerated() {
                    let range = ranges[i]
                    guard let record else {
                        // An action this build does not know (a newer build's) is skipped, not unreadable.
                        if codes[i].isSendRecord { decodeFailures.insert(range.lowerBound) }
                        continue
                    }
                    try body(record, UnsafeRawBufferPointer(rebasing: buffer[(range.lowerBound - base)..<(range.upperBound - base)]))
                    emitted += 1
                }
            }
            batchStart = batchEnd
        }
        // Truncated (and perhaps written again) after the last batch was read: the export may be short.
        try log.checkNotShrunk()
        return emitted
    }

    /// The records of the lines at `ranges` (file offsets; `bytes` starts at `base`), decoded on every
    /// core; nil for a line that does not decode or that the index found unreadable.
    static func decodeInParallel(_ bytes: [UInt8], base: Int, ranges: [Range<Int>], codes: [OutcomeCode]) -> [HistoryRecord?] {
        var decoded = [HistoryRecord?](repeating: nil, count: ranges.count)
        let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)
        bytes.withUnsafeBytes { buffer in
            decoded.withUnsafeMutableBufferPointer { out in
                let results = SendableBox(out)
                let input = SendableBox(buffer)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    let decoder = RecordDecoder()
                    let confirmDecoder = JSONDecoder()
                    var i = lane
                    while i < ranges.count {
                        if codes[i] != .unreadable {
                            let range = ranges[i]
                            let bytes = UnsafeRawBufferPointer(rebasing: input.value[(range.lowerBound - base)..<(range.upperBound - base)])
                            let line = Data(UnsafeRawBufferPointer(rebasing: bytes[RawLine.jsonRange(of: bytes)]))
                            results.value[i] = codes[i] == .action
                                ? (try? confirmDecoder.decode(ConfirmRecord.self, from: line)).map(HistoryRecord.confirm)
                                : decoder.decode(line).map(HistoryRecord.send)
                        }
                        i += lanes
                    }
                }
            }
        }
        return decoded
    }
}

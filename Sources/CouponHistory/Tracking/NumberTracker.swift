import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The records of a set of send_request_numbers (a batch's rows) kept in memory while they are sent:
/// what the log held when the tracker was made, what this process appended through it since, and what
/// anyone else appended since (other processes, other stores of this process) — read from the bytes
/// they added, which are told from the tracker's own by the log's size and the appender's record of the
/// tracker's writes (`LogAppender.ownBytes`). A look-up costs a `stat`, not a refresh of the log's
/// index and a read of the number's lines (twice a row).
///
/// **Two processes, one number.** A `pending` record appended through the tracker is checked under the
/// log's flock, just before its group is written: if another process wrote a record of its number
/// after this process last looked the number up (`records(of:)`), the pending record is not written,
/// the append throws `HistoryError.raced`, and nothing is sent; looking again finds the other process's
/// record. Every process of this build checks under the same flock, so two batches of one file never
/// both send a row (a lone `send` or an older build does not check, as before).
///
/// **A log that changes under it.** Replaced, removed or shorter than what was read: the tracker no
/// longer answers (`records(of:)` returns nil, appends are not checked) and the caller reads the log
/// itself, as it always did.
public final class NumberTracker: @unchecked Sendable {
    // Unchecked: every `var` is touched only with `lock` held.
    public let numbers: Set<String>
    let store: HistoryStore
    private let lock = NSLock()
    private let hashes: Set<UInt64>
    /// Each number's records with the offsets of their lines, in file order.
    private var byNumber: [String: [(offset: Int, record: SendRecord)]] = [:]
    /// The newest record's offset each number's last look-up answered with (-1: none).
    private var lookedUp: [String: Int] = [:]
    /// Every record of `numbers` in the log's bytes `[0, accounted)` is in `byNumber`.
    private var accounted = 0
    /// The log memory describes (nil while there is none), and a read handle on it.
    private var identity: FileID?
    private var file: LogFile?
    /// The log changed in a way memory cannot follow: the tracker no longer answers.
    private var lost = false
    private let decoder = RecordDecoder()

    /// Reads the records of `numbers` from the log once (through `reader`, refreshed first).
    public init(store: HistoryStore, reader: HistoryReader, numbers: Set<String>) throws(HistoryError) {
        self.store = store
        self.numbers = numbers
        hashes = Set(numbers.map(SendKey.number))
        try reader.refresh()
        reader.lock.lock(); defer { reader.lock.unlock() }
        let state = reader.state
        state.log.completeIndex()
        guard state.log.index.isComplete else {
            throw HistoryError.cannotRead(path: store.path, reason: "the log could not be read to its start")
        }
        file = state.log.file
        identity = state.log.file.map { _ in state.log.identity.file }
        accounted = state.log.index.covered
        for (line, entry) in state.log.entries.enumerated() where entry.code.isSendRecord && hashes.contains(entry.key.number) {
            guard let record = state.entry(line: line).record, numbers.contains(record.request.sendRequestNo) else { continue }
            byNumber[record.request.sendRequestNo, default: []].append((entry.offset, record))
        }
    }

    deinit { store.appender.forget(ObjectIdentifier(self)) }

    /// False once the log changed in a way memory cannot follow (replaced, removed, shortened): the
    /// tracker then no longer answers.
    public var isAnswering: Bool {
        lock.lock(); defer { lock.unlock() }
        return !lost
    }

    /// What the log held of each number when the tracker was made (numbers without records left out).
    public var loaded: [String: [SendRecord]] {
        lock.lock(); defer { lock.unlock() }
        return byNumber.mapValues { $0.map(\.record) }
    }

    /// Every record of `number`, oldest first, as the log holds them now; nil when the tracker cannot
    /// say (not one of its numbers, or the log changed under it): read the log then.
    public func records(of number: String) throws(HistoryError) -> [SendRecord]? {
        guard numbers.contains(number) else { return nil }
        lock.lock(); defer { lock.unlock() }
        guard try catchUp(underFlock: nil) else { return nil }
        let found = byNumber[number] ?? []
        lookedUp[number] = found.last?.offset ?? -1
        return found.map(\.record)
    }

    /// Appends `record` (durable when this returns, as `HistoryStore.append`). A `pending` record of a
    /// tracked number is written only if no other process wrote a record of its number since its last
    /// look-up; otherwise this throws `HistoryError.raced` and writes nothing.
    public func append(_ record: SendRecord) throws {
        try enqueue(record).wait()
    }

    /// Queues `record` for the log's next group and returns at once; it is durable, and in memory, once
    /// `QueuedRecord.wait()` returns (a `pending` record is checked as `append` says when its group is
    /// written). A batch worker queues a row's final record this way and goes on to its next row, whose
    /// `pending` record then shares the final's fsync.
    public func enqueue(_ record: SendRecord) throws -> QueuedRecord {
        let number = record.request.sendRequestNo
        var line = try record.jsonLine()
        line.append(0x0A)
        let admission: LogAppender.Admission? = numbers.contains(number) && record.outcome == .pending
            ? LogAppender.Admission(key: number) { [self] file, now in admit(number, file: file, now: now) } : nil
        return QueuedRecord(tracker: self, record: record,
                            slot: store.appender.enqueue(line, admission: admission, owner: ObjectIdentifier(self)))
    }

    /// A record queued by `enqueue`, on its way to the log.
    public final class QueuedRecord: @unchecked Sendable {
        // Unchecked: `slot` is settled and read through the appender's own synchronisation.
        let tracker: NumberTracker
        public let record: SendRecord
        let slot: LogAppender.Slot

        init(tracker: NumberTracker, record: SendRecord, slot: LogAppender.Slot) {
            self.tracker = tracker; self.record = record; self.slot = slot
        }

        /// Whether the record's group was written (or failed): `wait()` then returns at once.
        public var isWritten: Bool { slot.isSettled }

        /// Returns once the record is durable (writing a group if need be), or throws why it could not
        /// be written. Once durable it is in the tracker's memory too (once: by its offset, however
        /// often this is called).
        public func wait() throws(HistoryError) {
            tracker.settled(record, at: try tracker.store.appender.wait(for: slot, notice: tracker.store.notice))
        }
    }

    /// A record made durable at `offset`, into memory (nil: where it went is not known; it is read from
    /// the file like another writer's line).
    private func settled(_ record: SendRecord, at offset: Int?) {
        let number = record.request.sendRequestNo
        guard numbers.contains(number), let offset else { return }
        lock.lock(); defer { lock.unlock() }
        insert(record, of: number, at: offset)
    }

    /// Puts a record in its number's list by its line's offset (once).
    private func insert(_ record: SendRecord, of number: String, at offset: Int) {
        // Taken out and put back: the array is changed in place, not copied.
        var records = byNumber.removeValue(forKey: number) ?? []
        defer { byNumber[number] = records }
        let index = records.lastIndex { $0.offset < offset }.map { $0 + 1 } ?? 0
        guard index == records.count || records[index].offset != offset else { return }
        records.insert((offset, record), at: index)
    }

    /// The admission of a `pending` record of `number`, asked under the log's flock with the log as it is.
    private func admit(_ number: String, file: LogFile, now: LogFile.Identity) -> HistoryError? {
        lock.lock(); defer { lock.unlock() }
        guard (try? catchUp(underFlock: (file, now))) == true, let seen = lookedUp[number] else { return nil }
        let newest = byNumber[number]?.last?.offset ?? -1
        return newest > seen ? .raced(path: store.path, number: number) : nil
    }

    /// Brings memory up to the log's end: its size now, or (`underFlock`) the log as the appender saw
    /// it under its flock, read through the appender's descriptor. False when memory no longer
    /// describes the log.
    private func catchUp(underFlock locked: (file: LogFile, now: LogFile.Identity)?) throws(HistoryError) -> Bool {
        guard !lost else { return false }
        let now: LogFile.Identity?
        if let locked {
            now = locked.now
        } else {
            var st = stat()
            now = stat(store.path, &st) == 0 ? LogFile.Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int(st.st_size)) : nil
        }
        guard let now else {
            // No log: still none (nothing to read), or removed since (memory describes a file gone).
            if identity != nil || accounted > 0 { lost = true }
            return !lost
        }
        if identity == nil && accounted == 0 { identity = now.file }   // the log appeared
        guard now.file == identity, now.size >= accounted else { lost = true; return false }
        guard now.size > accounted else { return true }
        let reader = try readHandle(locked?.file, identity: now.file)
        guard let reader else { lost = true; return false }
        // Bytes from `writing` on may be a group of ours still being written: left for the next look.
        let (spans, writing) = store.appender.ownBytes(of: ObjectIdentifier(self), after: accounted, file: now.file)
        let limit = min(now.size, writing ?? now.size)
        // A group listed here was written whole before it was listed, so the log holds it now, even if
        // the size taken a moment earlier caught it half-way (a write is copied page by page); a log that
        // is shorter than our own bytes now was cut.
        if let reach = spans.last(where: { $0.lowerBound < limit })?.upperBound, reach > now.size,
           reader.identity().size < reach {
            lost = true
            return false
        }
        var position = accounted
        for span in spans where span.lowerBound < limit {
            // Ours begins with a newline when it followed a torn line: the gap's last bytes are that line.
            if span.lowerBound > position { try readOthers(reader, position..<span.lowerBound) }
            position = max(position, span.upperBound)
        }
        if position < limit { position = try readOthers(reader, position..<limit) }
        accounted = position
        return true
    }

    /// A handle to read the log `identity`: the appender's under its flock, else the tracker's own
    /// (opened when the log first appears); nil if the file at the path is not that log.
    private func readHandle(_ locked: LogFile?, identity: FileID) throws(HistoryError) -> LogFile? {
        if let locked { return locked }
        if file == nil { file = try LogFile.openIfPresent(store.path) }
        guard let file, file.identity().file == identity else { return nil }
        return file
    }

    /// Reads the complete lines others appended in `range` (starting at a line start) into memory;
    /// returns the offset just past the last complete one.
    @discardableResult
    private func readOthers(_ file: LogFile, _ range: Range<Int>) throws(HistoryError) -> Int {
        do {
            return try file.forEachLine(from: range.lowerBound, to: range.upperBound) { line, offset in
                let raw = RawLine(bytes: line)
                guard !raw.isBlank else { return }
                let entry = raw.indexEntry(at: offset)
                guard entry.code.isSendRecord, hashes.contains(entry.key.number) else { return }
                let json = Data(UnsafeRawBufferPointer(rebasing: line[RawLine.jsonRange(of: line)]))
                guard let record = decoder.decode(json), numbers.contains(record.request.sendRequestNo) else { return }
                insert(record, of: record.request.sendRequestNo, at: offset)
            }
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError.cannotRead(path: store.path, reason: "\(error)")
        }
    }
}

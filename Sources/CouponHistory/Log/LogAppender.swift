import CouponDeskText
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one appender of a log file in this process (`LogAppender.shared(for:)`): group commit.
///
/// An appender queues its encoded lines under the in-process lock. If no write is in progress it
/// becomes the leader: it takes the file's `flock` (other processes still serialize through it),
/// writes every queued line with one `write`, `fsync`s once, releases the flock, and wakes the
/// appenders whose lines were in that write; anyone still queued then leads the next group. So
/// concurrent appends share fsyncs, and each still returns only once its own line is on stable
/// storage. A failed write or fsync is thrown to every appender of that group.
///
/// An append may carry an admission check, asked under the flock just before its group is written
/// (with the file as it is then): refused, its lines are left out of the group and the append throws
/// the check's error. A batch uses it so that two processes never both send one number (`NumberTracker`).
/// Two checked appends of one key (a number) from different owners never go in one group: the later
/// waits for the next group, whose check then sees the earlier one's lines in the file.
///
/// The appender also keeps which bytes of the log each tracker's appends wrote (`ownBytes`, by the
/// append's `owner`): a tracker that keeps records in memory reads only the bytes others appended.
///
/// Waiting is blocking (a semaphore per append), bounded by one leader's write and fsync.
final class LogAppender: @unchecked Sendable {
    // Unchecked: every `var` is only touched with `condition` locked, except `syncFile`, which tests
    // set before appending, and `log`, which only the leader of the moment touches (one at a time:
    // `flushing` is set and cleared under `condition`, which orders one leader's writes before the next's).
    let path: String
    private let condition = NSCondition()
    private var queued: [Slot] = []
    private var flushing = false
    /// How many groups were written and fsynced (tests check that appends share them).
    private(set) var syncCount = 0
    /// Makes a descriptor's data durable: `fsync`, or a test's stand-in that slows, orders or fails it.
    var syncFile: @Sendable (Int32) -> Int32 = { fsync($0) }
    /// The log as the leaders keep it open between groups (see `LogAppender+Write`).
    var log = OpenLog()
    /// The bytes each owner's appends wrote and made durable in the log `ownedFile`.
    private var owned: [ObjectIdentifier: OwnBytes] = [:]
    private var ownedFile: FileID?
    /// Where the group being written starts (its bytes may be in the file before it is recorded).
    private var writing: Int?

    /// Asked under the log's flock before the group is written, with the log, which file it is and its
    /// size then: nil to write the append's lines, else the error its append throws. `key`: what it guards.
    struct Admission {
        let key: String
        let check: (_ file: LogFile, _ now: LogFile.Identity) -> HistoryError?
    }

    /// One append waiting for its group.
    final class Slot {
        let lines: Data
        let admission: Admission?
        /// Whose bytes these are, for `ownBytes` (nil: nobody asks).
        let owner: ObjectIdentifier?
        /// Set by the leader: where the lines start in the log (nil: written, but where is not known),
        /// or why they were not written.
        var outcome: Result<Int?, HistoryError>?
        /// 1 once `outcome` is final (stored after it, with release ordering): its appender may then
        /// read it without the appender's lock.
        let settled = Atomic<Int>(0)
        /// Signalled when the slot is settled, or when its appender is asked to lead the next group.
        let wake = DispatchSemaphore(value: 0)
        /// Its appender waits for it (set under the appender's lock): only such a slot is asked to lead.
        /// A slot queued by `enqueue` is not, until `wait(for:)`: it goes with whichever group comes next.
        var waiting = false
        var isSettled: Bool { settled.load(ordering: .acquiring) == 1 }
        init(lines: Data, admission: Admission?, owner: ObjectIdentifier?) {
            self.lines = lines; self.admission = admission; self.owner = owner
        }
    }

    private init(path: String) { self.path = path }

    deinit { log.close() }

    // MARK: One appender per path

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: WeakAppender] = [:]
    private struct WeakAppender { weak var appender: LogAppender? }

    /// The appender of `path` (spelled as given, made absolute): every `HistoryStore` of one log in
    /// this process shares it, so their appends share groups. Kept while some store holds it.
    static func shared(for path: String) -> LogAppender {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        registryLock.lock(); defer { registryLock.unlock() }
        if let existing = registry[key]?.appender { return existing }
        let appender = LogAppender(path: path)
        registry = registry.filter { $0.value.appender != nil }
        registry[key] = WeakAppender(appender: appender)
        return appender
    }

    // MARK: Appending

    /// Appends `lines` (each ending in `\n`) and returns once they are fsynced, with the offset they
    /// start at (nil when a writer that does not take the flock put bytes in the way). `notice` hears the log's permissions being tightened, if this appender leads the write
    /// that does it. `admission` (if any) may keep the lines out, as its error. `owner`: whose bytes
    /// they are, for `ownBytes`.
    @discardableResult
    func append(_ lines: Data, admission: Admission? = nil, owner: ObjectIdentifier? = nil,
                notice: @Sendable (Phrase) -> Void) throws(HistoryError) -> Int? {
        try wait(for: enqueue(lines, admission: admission, owner: owner), notice: notice)
    }

    /// Queues `lines` for the next group and returns at once: they go with whichever group is written
    /// next (another appender's, or this caller's own at `wait(for:)`), so a caller with other work to do
    /// meanwhile (a batch worker signing its next row) does not wait for an fsync of its own. Not durable
    /// until `wait(for:)` returns.
    func enqueue(_ lines: Data, admission: Admission? = nil, owner: ObjectIdentifier? = nil) -> Slot {
        let slot = Slot(lines: lines, admission: admission, owner: owner)
        condition.lock()
        queued.append(slot)
        condition.unlock()
        return slot
    }

    /// Returns once `slot`'s lines are fsynced (leading a group if none is being written), with the
    /// offset they start at, or throws why they were not written.
    @discardableResult
    func wait(for slot: Slot, notice: @Sendable (Phrase) -> Void) throws(HistoryError) -> Int? {
        if slot.isSettled { return try slot.outcome!.get() }
        condition.lock()
        slot.waiting = true
        while !slot.isSettled {
            // Not queued any more and not settled: its group is done and its wake-up is on the way.
            if !flushing && !queued.isEmpty {
                lead(notice: notice)
                continue
            }
            // Woken alone, never with every other waiter (a broadcast made them all fight for the
            // lock at each group's end): when settled, or asked to lead the next group.
            condition.unlock()
            slot.wake.wait()
            if slot.isSettled { return try slot.outcome!.get() }
            condition.lock()
        }
        condition.unlock()
        return try slot.outcome!.get()
    }

    /// Appends queued and not yet being written (tests wait for followers to have queued).
    var queuedCount: Int {
        condition.lock(); defer { condition.unlock() }
        return queued.count
    }

    /// Writes every queued line as one group; called with `condition` locked, returns with it locked.
    private func lead(notice: @Sendable (Phrase) -> Void) {
        flushing = true
        let group = queued, sync = syncFile
        queued = []
        condition.unlock()
        let (written, deferred) = write(group, sync: sync, notice: notice)
        condition.lock()
        syncCount += 1
        queued.insert(contentsOf: deferred, at: 0)
        for (owner, range) in written { owned[owner, default: OwnBytes()].wrote(range) }
        writing = nil
        flushing = false
        // Whoever queued meanwhile and waits leads next (the first of them; the others wait for its group).
        queued.first(where: \.waiting)?.wake.signal()
        let settledSlots = group.filter { $0.outcome != nil }
        condition.unlock()
        for slot in settledSlots {
            slot.settled.store(1, ordering: .releasing)
            slot.wake.signal()
        }
        condition.lock()
    }

    /// Called by the leader (under the flock, without `condition`) just before its one `write`, at `end`
    /// of the log `file`.
    func willWrite(at end: Int, file: FileID?) {
        condition.lock(); defer { condition.unlock() }
        if ownedFile != file { owned = [:]; ownedFile = file }
        writing = end
    }

    /// The bytes at or after `offset` that `owner`'s appends wrote to the log `file` (merged where
    /// adjacent), and where a group being written now starts: bytes from there on may be the owner's
    /// though not listed yet. Empty and nil when the appender's log is another file.
    func ownBytes(of owner: ObjectIdentifier, after offset: Int, file: FileID) -> (spans: [Range<Int>], writing: Int?) {
        condition.lock(); defer { condition.unlock() }
        guard ownedFile == file else { return ([], nil) }
        return (owned[owner]?.spans(after: offset) ?? [], writing)
    }

    /// Stops keeping `owner`'s bytes (its tracker is gone).
    func forget(_ owner: ObjectIdentifier) {
        condition.lock(); owned[owner] = nil; condition.unlock()
    }
}

/// Which bytes of the log one owner's appends wrote, as ranges in file order.
struct OwnBytes {
    private var written: [Range<Int>] = []

    mutating func wrote(_ range: Range<Int>) {
        if let last = written.last, last.upperBound == range.lowerBound {
            written[written.count - 1] = last.lowerBound..<range.upperBound
        } else {
            written.append(range)
        }
    }

    /// The spans ending after `offset`, in order.
    func spans(after offset: Int) -> [Range<Int>] {
        var lo = 0, hi = written.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if written[mid].upperBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return Array(written[lo...])
    }
}

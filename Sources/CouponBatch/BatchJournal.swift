import CouponDeskText
import CouponHistory
import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The history as a batch uses it: records go through `HistoryStore`'s appender (the same write-ahead
/// `pending` and final records as `send`, durable before the call returns, appended concurrently by
/// the workers, in groups).
///
/// Once the batch's numbers are known (`records(forSendRequestNumbers:)`, or `track`), their records
/// are kept in memory (`NumberTracker`): what the log held, what the workers appended, and what other
/// processes append meanwhile (read from the bytes they add) — so a row's look-up costs a `stat`, not a
/// refresh of the log's index. A `pending` record is written only if no other process wrote a record
/// of its number since the row looked it up (checked under the log's flock): two batches of one file
/// never both send a row; the row that lost the race is looked up again (`takeRaced`). Numbers not
/// tracked, or a log replaced or shortened under the batch, are looked up in the log as before.
public final class BatchJournal: SendJournal, Sendable {
    public let store: HistoryStore
    let reader: HistoryReader
    private let current = TrackerSlot()

    /// `notices`: the store's notices (the log's permissions tightened), worded in every language.
    public init(path: String, notices: @escaping @Sendable (Phrase) -> Void) throws {
        store = HistoryStore(path: path, notices: notices)
        reader = try HistoryReader(path: path)
    }

    /// Notices in English.
    public convenience init(path: String, notice: @escaping @Sendable (String) -> Void = { _ in }) throws {
        try self.init(path: path, notices: { notice($0.description) })
    }

    public var path: String { store.path }

    /// Keeps the records of `numbers` in memory from now on (one pass over the log), unless they are
    /// tracked already.
    @discardableResult
    public func track(_ numbers: Set<String>) throws -> NumberTracker {
        if let tracker = current.tracker, numbers.isSubset(of: tracker.numbers) { return tracker }
        let tracker = try NumberTracker(store: store, reader: reader, numbers: numbers)
        current.tracker = tracker
        return tracker
    }

    /// The tracker answering the batch's look-ups, once its numbers are known.
    public var tracker: NumberTracker? { current.tracker }

    /// Appends `record`, durable when this returns — except a row's final record appended by a batch
    /// worker (`FinalRecordLane.current`), which is queued and held by the worker's lane: it is written
    /// with the worker's next `pending` record, and its row is counted once it is durable.
    public func append(_ record: SendRecord) throws {
        guard let tracker = current.tracker else { return try store.append(record) }
        let lane = FinalRecordLane.current
        if let lane, record.outcome != .pending, tracker.numbers.contains(record.request.sendRequestNo) {
            return lane.hold(try tracker.enqueue(record))
        }
        // Whatever the lane holds was queued before this record: written with it or before it.
        defer { lane?.release() }
        do { try tracker.append(record) } catch HistoryError.raced(let path, let number) {
            current.raced(number)
            throw HistoryError.raced(path: path, number: number)
        }
    }

    /// Whether `number`'s last `pending` record was refused because another process wrote a record of
    /// it first (once: the answer is consumed). The row was not sent; it is looked up again.
    public func takeRaced(_ number: String) -> Bool { current.takeRaced(number) }

    public func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] {
        if let tracker = current.tracker, let records = try tracker.records(of: sendRequestNo) { return records }
        try reader.refresh()
        return reader.records(forSendRequestNo: sendRequestNo)
    }

    /// Every record of each of `numbers`, oldest first, in one pass over the log: what a batch's rows
    /// were before it starts. From then on those numbers are tracked in memory.
    public func records(forSendRequestNumbers numbers: Set<String>) throws -> [String: [SendRecord]] {
        try track(numbers).loaded
    }
}

/// The journal's tracker and the numbers whose pending record lost a race. The tracker is read by
/// every worker twice a row and set once: a read-write lock, so readers never wait on each other.
final class TrackerSlot: @unchecked Sendable {
    // Unchecked: `value` is touched only with `rwlock` held (written exclusively), `racedNumbers` only
    // with `lock` held.
    private let rwlock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    private var value: NumberTracker?
    private let lock = NSLock()
    private var racedNumbers = Set<String>()

    init() { rwlock.initialize(to: pthread_rwlock_t()); pthread_rwlock_init(rwlock, nil) }

    deinit { pthread_rwlock_destroy(rwlock); rwlock.deallocate() }

    var tracker: NumberTracker? {
        get { pthread_rwlock_rdlock(rwlock); defer { pthread_rwlock_unlock(rwlock) }; return value }
        set { pthread_rwlock_wrlock(rwlock); value = newValue; pthread_rwlock_unlock(rwlock) }
    }

    func raced(_ number: String) { lock.lock(); racedNumbers.insert(number); lock.unlock() }

    func takeRaced(_ number: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return racedNumbers.remove(number) != nil
    }
}

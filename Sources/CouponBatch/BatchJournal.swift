import CouponDeskText
import CouponHistory
import Foundation
import WeChatPayCore

/// The history as a batch uses it: records go through `HistoryStore.append` (the same write-ahead
/// `pending` and final records as `send`, durable before the call returns, appended concurrently by
/// the workers), and a number's records are looked up in one reader kept open for the whole batch and
/// refreshed before each look-up — so a record another process appended a moment ago is seen, without
/// reopening and re-indexing the log for every row.
public final class BatchJournal: SendJournal, Sendable {
    public let store: HistoryStore
    let reader: HistoryReader

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

    public func append(_ record: SendRecord) throws {
        try store.append(record)
    }

    public func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord] {
        try reader.refresh()
        return reader.records(forSendRequestNo: sendRequestNo)
    }

    /// Every record of each of `numbers`, oldest first, in one pass over the log: what a batch's rows
    /// were before it starts (a look-up per row would read the index once per row).
    public func records(forSendRequestNumbers numbers: Set<String>) throws -> [String: [SendRecord]] {
        try reader.refresh()
        var found: [String: [SendRecord]] = [:]
        guard !reader.sendRequestNumbers(among: numbers).isEmpty else { return found }
        try reader.forEachRecord { record, _ in
            let number = record.request.sendRequestNo
            if numbers.contains(number) { found[number, default: []].append(record) }
        }
        return found
    }
}

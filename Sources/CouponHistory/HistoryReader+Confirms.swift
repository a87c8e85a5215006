import Foundation
import WeChatPayCore

/// The confirms in the log (PROTOCOL §9, `"action": "confirm"`): kept under the send they belong to,
/// never rows, never a send's state. And which coupon numbers are sends of this log.
extension HistoryReader {
    /// Which of `numbers` are sends in this log: one walk of the index for all of them (the `coupons`
    /// command marks the coupons claimed from a send made here).
    public func sendRequestNumbers(among numbers: Set<String>) -> Set<String> {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        var byKey: [SendKey: String] = [:]
        for number in numbers { byKey[SendKey(number)] = number }
        var found = Set<String>()
        for (i, entry) in index.entries.enumerated() where entry.code != .unreadable && entry.code != .action {
            guard let number = byKey[entry.key], !found.contains(number) else { continue }
            if self.entry(line: i).record?.request.sendRequestNo == number { found.insert(number) }
        }
        return found
    }

    /// The confirms of one send (records whose `pre_send_request_no` is `number`), oldest first, each
    /// with its line as logged. A confirm never changes the send's state: it is not among `entries`.
    public func confirmEntries(forSendRequestNo number: String) -> [LoggedConfirm] {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        let key = SendKey(number)
        return confirmEntriesLocked { $0.key == key }.filter { $0.record.preSendRequestNo == number }
    }

    /// Every confirm record of the log, oldest first (the confirm's own journal: which out_request_no a
    /// coupon's confirm must repeat). Reads only the lines the index marks as actions.
    public func confirmRecords() -> [ConfirmRecord] {
        lock.lock(); defer { lock.unlock() }
        completeIndex()
        return confirmEntriesLocked { _ in true }.map(\.record)
    }

    private func confirmEntriesLocked(_ include: (IndexEntry) -> Bool) -> [LoggedConfirm] {
        var out: [LoggedConfirm] = []
        for (i, entry) in index.entries.enumerated() where entry.code == .action && include(entry) {
            let range = index.lineRange(i)
            guard let file, let bytes = try? file.read(at: range.lowerBound, count: range.count) else { continue }
            let json = Data(bytes[RawLine.jsonRange(of: bytes)])
            // Another action (a newer build's) is not a confirm: skipped, not unreadable.
            guard let record = try? decoder.decode(ConfirmRecord.self, from: json) else { continue }
            out.append(LoggedConfirm(record: record, byteOffset: range.lowerBound, json: json))
        }
        return out
    }
}

import Foundation
import WeChatPayCore

/// The confirms in the log (PROTOCOL §9, `"action": "confirm"`): kept under the send they belong to,
/// never rows, never a send's state. And which coupon numbers are sends of this log.
extension HistoryReader {
    /// Which of `numbers` are sends in this log: one walk of the index for all of them (the `coupons`
    /// command marks the coupons claimed from a send made here).
    public func sendRequestNumbers(among numbers: Set<String>) -> Set<String> {
        withState { state in
            state.log.completeIndex()
            var byHash: [UInt64: [String]] = [:]
            for number in numbers { byHash[SendKey.number(number), default: []].append(number) }
            var found = Set<String>()
            for (i, entry) in state.log.entries.enumerated() where entry.code.isSendRecord {
                guard let candidates = byHash[entry.key.number], candidates.contains(where: { !found.contains($0) }) else { continue }
                if let number = state.entry(line: i).record?.request.sendRequestNo, candidates.contains(number) {
                    found.insert(number)
                }
            }
            return found
        }
    }

    /// The confirms of one send (records whose `pre_send_request_no` is `number`), oldest first, each
    /// with its line as logged. A confirm never changes the send's state: it is not among its entries.
    public func confirmEntries(forSendRequestNo number: String) -> [LoggedConfirm] {
        withState { state in
            state.log.completeIndex()
            let key = SendKey.number(number)
            return state.confirmEntries { $0.key.number == key }.filter { $0.record.preSendRequestNo == number }
        }
    }

    /// Every confirm record of the log, oldest first (the confirm's own journal: which out_request_no a
    /// coupon's confirm must repeat). Reads only the lines the index marks as actions.
    public func confirmRecords() -> [ConfirmRecord] {
        withState { state in
            state.log.completeIndex()
            return state.confirmEntries { _ in true }.map(\.record)
        }
    }
}

extension ReaderState {
    func confirmEntries(_ include: (IndexEntry) -> Bool) -> [LoggedConfirm] {
        var out: [LoggedConfirm] = []
        let decoder = JSONDecoder()
        for (i, entry) in log.entries.enumerated() where entry.code == .action && include(entry) {
            guard let bytes = try? log.readLine(i) else { continue }
            let json = Data(bytes[RawLine.jsonRange(of: bytes)])
            // Another action (a newer build's) is not a confirm: skipped, not unreadable.
            guard let record = try? decoder.decode(ConfirmRecord.self, from: json) else { continue }
            out.append(LoggedConfirm(record: record, byteOffset: entry.offset, json: json))
        }
        return out
    }
}

import Console
import WeChatPayCore

/// A history held in memory: one entry per send — a send_request_no with one request's data, as the
/// log reader counts them — whose newest record is its state; newest first, optionally filtered. The
/// tests' stand-in for the history store's reader.
struct InMemoryHistory: HistorySnapshot {
    let sends: [SendRecord]
    let filter: String

    /// `records` in log order (oldest first), as the file holds them.
    init(records: [SendRecord], filter: String = "") {
        self.filter = filter
        var latest: [PreSendRequest: Int] = [:]
        for (i, record) in records.enumerated() { latest[record.request] = i }
        let newest = latest.values.sorted(by: >).map { records[$0] }
        sends = filter.isEmpty ? newest : newest.filter { HistorySearch.matches($0, text: filter) }
    }

    var count: Int { sends.count }

    func entries(in range: Range<Int>) -> [SendRecord] {
        Array(sends[range.clamped(to: 0..<sends.count)])
    }
}

import WeChatPayCore

/// A history held in memory: one entry per send_request_no (its newest record is its state),
/// newest first, optionally filtered. Used for small logs and by tests; a large log is served by
/// the history store's index instead.
public struct InMemoryHistory: HistorySnapshot {
    public let sends: [SendRecord]

    /// `records` in log order (oldest first), as the file holds them.
    public init(records: [SendRecord], filter: String = "") {
        var latest: [String: Int] = [:]
        for (i, record) in records.enumerated() { latest[record.request.sendRequestNo] = i }
        let newest = latest.values.sorted(by: >).map { records[$0] }
        sends = filter.isEmpty ? newest : newest.filter { HistorySearch.matches($0, text: filter) }
    }

    public var count: Int { sends.count }

    public func entries(in range: Range<Int>) -> [SendRecord] {
        Array(sends[range.clamped(to: 0..<sends.count)])
    }
}

/// The index lines of each send_request_no (by its number hash), built on the first look-up by number
/// and extended with the lines appended since — so a campaign that checks every row's number before
/// sending it pays once for the log, not once per row (a linear scan of a million-line index per row
/// would cost more than the send).
///
/// It trusts its lines only while the index it was built from is still a prefix of the current one
/// (same first line, same line at its end): an index extended backwards, rebuilt or reopened after a
/// shrink starts it again.
struct NumberLookup {
    private var lines: [UInt64: [Int]] = [:]
    private var count = 0
    private var firstOffset: Int?
    private var lastOffset: Int?

    /// The index lines whose number hash is `number`, oldest first, for the entries as they are now.
    mutating func lines(for number: UInt64, in entries: [IndexEntry]) -> [Int] {
        catchUp(entries)
        return lines[number] ?? []
    }

    private mutating func catchUp(_ entries: [IndexEntry]) {
        let stillAPrefix = entries.count >= count
            && entries.first?.offset == firstOffset
            && (count == 0 || entries[count - 1].offset == lastOffset)
        if !stillAPrefix { self = NumberLookup() }
        guard entries.count > count else { return }
        for i in count..<entries.count where entries[i].code.isSendRecord {
            lines[entries[i].key.number, default: []].append(i)
        }
        count = entries.count
        firstOffset = entries.first?.offset
        lastOffset = entries.last?.offset
    }
}

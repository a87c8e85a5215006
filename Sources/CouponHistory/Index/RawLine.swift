import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// Byte-level reading of one history line, without decoding JSON.
///
/// Paging and filtering a million records must not build a million `SendRecord`s, so the index and the
/// filter look at raw bytes: they find a key such as `"send_request_no"` with `memmem` and take the
/// string value after it. This is sound for JSON because a string value can never contain an unescaped
/// `"`: the bytes `"outcome"` followed by `:` can only be a key. Whitespace around `:` is allowed, so
/// logs written by other tools (e.g. Python's `json.dumps`) index the same way.
struct RawLine {
    let bytes: UnsafeRawBufferPointer

    /// The byte range of the string value of `key` (between its quotes, still JSON-escaped), if the line
    /// has that key with a string value. `quotedKey` includes the quotes, e.g. `"outcome"`.
    func stringValue(of quotedKey: QuotedKey) -> Range<Int>? {
        guard bytes.count > quotedKey.bytes.count else { return nil }
        guard let found = RawLine.find(quotedKey, in: bytes) else { return nil }
        var i = found + quotedKey.bytes.count
        let n = bytes.count
        while i < n, RawLine.isSpace(bytes[i]) { i += 1 }
        guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        while i < n, RawLine.isSpace(bytes[i]) { i += 1 }
        guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: "\"") { return start..<i }
            i += 1
        }
        return nil
    }

    /// The first occurrence of `needle` (at least 2 bytes) in `haystack`: `memchr` for the needle's
    /// rarest letter in JSON text (the `q` of `"send_request_no"`, not its `s`), then a compare.
    /// (glibc's `memmem` is a GNU extension that Swift's Glibc module does not export.)
    static func find(_ key: QuotedKey, in haystack: UnsafeRawBufferPointer) -> Int? {
        let needle = key.bytes
        guard let base = haystack.baseAddress, needle.count >= 2, haystack.count >= needle.count else { return nil }
        let n = haystack.count, m = needle.count
        let anchor = key.anchor
        let anchorByte = Int32(needle[anchor])
        var from = anchor
        return needle.withUnsafeBytes { key -> Int? in
            while from < n, let hit = memchr(base + from, anchorByte, n - from) {
                let start = base.distance(to: UnsafeRawPointer(hit)) - anchor
                if start + m <= n && memcmp(base + start, key.baseAddress!, m) == 0 { return start }
                from = start + anchor + 1
            }
            return nil
        }
    }

    /// Letters from rarest to commonest in history lines (keys, ids, tokens).
    private static let rarity = Array("qzjxkvwyfbghpmlcudtnraisoe_".utf8)

    static func anchorIndex(_ needle: [UInt8]) -> Int {
        var best = 0, bestRank = Int.max
        for (i, b) in needle.enumerated() {
            let rank = rarity.firstIndex(of: b) ?? (rarity.count + 1)
            if rank < bestRank { bestRank = rank; best = i }
        }
        return best
    }

    /// True when the line looks like one JSON object: `{` … `}` around optional whitespace. A torn line
    /// (crash mid-write) lacks its closing brace; garbage lacks both.
    var looksLikeObject: Bool {
        let json = RawLine.jsonRange(of: bytes)
        return json.count >= 2 && bytes[json.lowerBound] == UInt8(ascii: "{") && bytes[json.upperBound - 1] == UInt8(ascii: "}")
    }

    /// The line without surrounding whitespace (a CRLF file's `\r` included) and without a UTF-8 byte
    /// order mark, which editors on some systems put at the start of a file: the bytes to decode.
    static func jsonRange<C: RandomAccessCollection>(of bytes: C) -> Range<Int> where C.Element == UInt8, C.Index == Int {
        var lo = bytes.startIndex, hi = bytes.endIndex
        if hi - lo >= 3, bytes[lo] == 0xEF, bytes[lo + 1] == 0xBB, bytes[lo + 2] == 0xBF { lo += 3 }
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    var isBlank: Bool {
        for b in bytes where !RawLine.isSpace(b) { return false }
        return true
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A
    }

    static let sendRequestNoKey = QuotedKey("send_request_no")
    static let outcomeKey = QuotedKey("outcome")

    /// The keys whose values `--search` and the console's `/` filter match: `HistorySearch`'s fields.
    static let searchableKeys: [QuotedKey] = HistorySearch.fieldKeys.map(QuotedKey.init)

    static let actionKey = QuotedKey("action")
    static let preSendRequestNoKey = QuotedKey("pre_send_request_no")
    static let actionPrefix = Array("{\"action\"".utf8)

    /// What the index remembers of a line: where it is, how it ended, and which send it belongs to.
    func indexEntry(at offset: Int) -> IndexEntry {
        guard looksLikeObject else { return IndexEntry(offset: offset, code: .unreadable, key: SendKey(number: 0, send: 0)) }
        if isActionRecord { return actionEntry(at: offset) }
        // The request object, read once, gives the data and (usually) the number too.
        let data = RequestData(of: self)
        guard let numberRange = data?.number ?? stringValue(of: RawLine.sendRequestNoKey) else {
            // No send_request_no: another writer's action record (`"action"` not first), else unreadable.
            if stringValue(of: RawLine.actionKey) != nil { return actionEntry(at: offset) }
            return IndexEntry(offset: offset, code: .unreadable, key: SendKey(number: 0, send: 0))
        }
        guard let outcomeRange = stringValue(of: RawLine.outcomeKey) else {
            return IndexEntry(offset: offset, code: .unreadable, key: SendKey(number: 0, send: 0))
        }
        let number = UnsafeRawBufferPointer(rebasing: bytes[numberRange])
        let outcome = UnsafeRawBufferPointer(rebasing: bytes[outcomeRange])
        return IndexEntry(offset: offset, code: OutcomeCode(word: outcome), key: SendKey(number: number, data: data))
    }

    /// A record that is not a pre-send (a confirm, `"action"`): kept under the number of the send it
    /// belongs to (`pre_send_request_no`), never a row and never that send's state.
    func actionEntry(at offset: Int) -> IndexEntry {
        let number = stringValue(of: RawLine.preSendRequestNoKey)
            .map { SendKey(number: UnsafeRawBufferPointer(rebasing: bytes[$0]), data: nil) }
        return IndexEntry(offset: offset, code: .action, key: number ?? SendKey(number: 0, send: 0))
    }

    /// A line CouponDesk wrote for a record that is not a pre-send: its keys are sorted, so it starts
    /// `{"action"` — decided without a search, so pre-send lines pay nothing for it. (A line of another
    /// writer with `"action"` elsewhere is recognised too, when it has no send_request_no.)
    var isActionRecord: Bool {
        let json = RawLine.jsonRange(of: bytes)
        let prefix = RawLine.actionPrefix
        guard json.count > prefix.count else { return false }
        for i in 0..<prefix.count where bytes[json.lowerBound + i] != prefix[i] { return false }
        return true
    }
}

/// A JSON key with its quotes, e.g. `"outcome"`, and which of its bytes to look for first.
struct QuotedKey: Sendable {
    let bytes: [UInt8]
    let anchor: Int

    init(_ name: String) {
        bytes = Array("\"\(name)\"".utf8)
        anchor = RawLine.anchorIndex(bytes)
    }
}

import Foundation
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

    /// The keys whose values `--search` and the console's `/` filter match (DESIGN §3: openid, stock,
    /// send_request_no, token, error text; also the Request-ID, which WeChat Pay support asks for).
    static let searchableKeys: [QuotedKey] = [
        "openid", "stock_id", "send_request_no", "token", "request_id", "message", "code", "category",
    ].map(QuotedKey.init)

    static let actionKey = QuotedKey("action")
    static let preSendRequestNoKey = QuotedKey("pre_send_request_no")
    static let actionPrefix = Array("{\"action\"".utf8)

    /// What the index remembers of a line: where it is, how it ended, and which send it belongs to.
    func indexEntry(at offset: Int) -> IndexEntry {
        guard looksLikeObject else { return IndexEntry(offset: offset, code: .unreadable, key: SendKey(a: 0, b: 0)) }
        let numberRange = isActionRecord ? nil : stringValue(of: RawLine.sendRequestNoKey)
        guard let numberRange else {
            // A record that is not a pre-send (a confirm, `"action"`): kept under the send it belongs
            // to, never a row and never that send's state.
            guard isActionRecord || stringValue(of: RawLine.actionKey) != nil else {
                return IndexEntry(offset: offset, code: .unreadable, key: SendKey(a: 0, b: 0))
            }
            let key = stringValue(of: RawLine.preSendRequestNoKey).map { SendKey(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
            return IndexEntry(offset: offset, code: .action, key: key ?? SendKey(a: 0, b: 0))
        }
        guard let outcomeRange = stringValue(of: RawLine.outcomeKey) else {
            return IndexEntry(offset: offset, code: .unreadable, key: SendKey(a: 0, b: 0))
        }
        let number = UnsafeRawBufferPointer(rebasing: bytes[numberRange])
        let outcome = UnsafeRawBufferPointer(rebasing: bytes[outcomeRange])
        return IndexEntry(offset: offset, code: OutcomeCode(word: outcome), key: SendKey(number))
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

/// The outcome of a line as the index stores it (one byte).
enum OutcomeCode: UInt8, Sendable {
    /// Not a record: torn, garbage, or missing send_request_no/outcome.
    case unreadable = 0
    case pending = 1, issued = 2, rejected = 3, unknown = 4
    /// An outcome word this build does not know (a newer build's); shown as unknown.
    case otherWord = 5
    /// A record that is not a pre-send (`"action"`, e.g. a confirm): not a row, never a send's state.
    case action = 6

    init(word: UnsafeRawBufferPointer) {
        switch String(decoding: word, as: UTF8.self) {
        case "pending": self = .pending
        case "issued": self = .issued
        case "rejected": self = .rejected
        case "unknown": self = .unknown
        default: self = .otherWord
        }
    }
}

/// One line of the log as the index sees it. 24 bytes, stored as is in the sidecar file.
struct IndexEntry: Sendable {
    /// The line's byte offset in the low 56 bits, its `OutcomeCode` in the high 8.
    var word: UInt64
    var key: SendKey

    init(offset: Int, code: OutcomeCode, key: SendKey) {
        word = UInt64(offset) | (UInt64(code.rawValue) << 56)
        self.key = key
    }

    var offset: Int { Int(word & 0x00FF_FFFF_FFFF_FFFF) }
    var code: OutcomeCode { OutcomeCode(rawValue: UInt8(word >> 56)) ?? .unreadable }
}

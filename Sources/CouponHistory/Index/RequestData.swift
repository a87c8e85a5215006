import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The data of a line's `request` object that makes a send (besides its number), read from the raw
/// bytes in one pass over the object: each of the fields below that has a string value is hashed
/// with its name, as text (escapes resolved); a field that is absent, null or not a string adds
/// nothing. The sum does not depend on the order of the keys or on whitespace, so the same request
/// written by another encoder is the same send.
struct RequestData {
    /// The request fields that tell two sends under one number apart; a field's seed is its place here.
    static let fields: [StaticString] = ["openid", "brand_id", "product_coupon_id", "stock_id", "appid",
                                         "coupon_code", "attach"]
    static let requestKey = QuotedKey("request")

    private(set) var hash: UInt64 = 0
    /// Where the request's `send_request_no` string is (between its quotes), met on the way.
    private(set) var number: Range<Int>?

    /// The request data of `line`; nil when it has no `"request": {…}` object that can be read.
    /// This runs for every line when a log is indexed, so it walks the bytes once, skipping through
    /// strings eight bytes at a time.
    init?(of line: RawLine) {
        let bytes = line.bytes
        let n = bytes.count
        guard let found = RawLine.find(Self.requestKey, in: bytes) else { return nil }
        var i = found + Self.requestKey.bytes.count
        // (A nested function capturing `i` would cost an allocation per line.)
        i = Self.skipSpace(bytes, i)
        guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        i = Self.skipSpace(bytes, i)
        guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            i = Self.skipSpace(bytes, i)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return }
            guard bytes[i] == UInt8(ascii: "\""), let (keyEnd, _) = JSONStringBytes.scanString(bytes, from: i + 1) else { return nil }
            let key = (i + 1)..<keyEnd
            i = keyEnd + 1
            i = Self.skipSpace(bytes, i)
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            i = Self.skipSpace(bytes, i)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                guard let (valueEnd, escaped) = JSONStringBytes.scanString(bytes, from: i + 1) else { return nil }
                let name = UnsafeRawBufferPointer(rebasing: bytes[key])
                if let field = Self.field(named: name) {
                    var hasher = FieldHasher(seed: UInt64(field + 1))
                    hasher.addJSONString(UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<valueEnd]), escaped: escaped)
                    hash &+= hasher.value
                } else if number == nil && Self.isSendRequestNo(name) {
                    number = (i + 1)..<valueEnd
                }
                i = valueEnd + 1
            } else {
                guard let end = JSONStringBytes.endOfValue(in: bytes, from: i) else { return nil }
                i = end
            }
            i = Self.skipSpace(bytes, i)
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1 } else if bytes[i] != UInt8(ascii: "}") { return nil }
        }
    }

    @inline(__always) static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ from: Int) -> Int {
        var i = from
        while i < bytes.count, RawLine.isSpace(bytes[i]) { i += 1 }
        return i
    }

    static func isSendRequestNo(_ name: UnsafeRawBufferPointer) -> Bool {
        name.count == 15 && spelledAs(name, "send_request_no")
    }

    /// Whether `name` is `text`, compared a word at a time (no call to memcmp for a dozen bytes).
    @inline(__always) static func spelledAs(_ name: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard name.count == text.utf8CodeUnitCount else { return false }
        let spelled = UnsafeRawBufferPointer(start: text.utf8Start, count: name.count)
        var i = 0
        while i + 8 <= name.count {
            guard name.loadUnaligned(fromByteOffset: i, as: UInt64.self) == spelled.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
            i += 8
        }
        while i < name.count {
            guard name[i] == spelled[i] else { return false }
            i += 1
        }
        return true
    }

    /// The place in `fields` of the key `name` (as written between its quotes); nil for other keys.
    /// Decided by length and first byte before comparing: this runs for every key of every request.
    static func field(named name: UnsafeRawBufferPointer) -> Int? {
        let candidate: Int, spelled: StaticString
        switch (name.count, name.first ?? 0) {
        case (6, UInt8(ascii: "o")): (candidate, spelled) = (0, "openid")
        case (8, UInt8(ascii: "b")): (candidate, spelled) = (1, "brand_id")
        case (17, UInt8(ascii: "p")): (candidate, spelled) = (2, "product_coupon_id")
        case (8, UInt8(ascii: "s")): (candidate, spelled) = (3, "stock_id")
        case (5, UInt8(ascii: "a")): (candidate, spelled) = (4, "appid")
        case (11, UInt8(ascii: "c")): (candidate, spelled) = (5, "coupon_code")
        case (6, UInt8(ascii: "a")): (candidate, spelled) = (6, "attach")
        default: return nil
        }
        return spelledAs(name, spelled) ? candidate : nil
    }
}

/// Walking JSON text by bytes: where strings and values end, and what a string's escapes stand for.
enum JSONStringBytes {
    /// The index of the quote that closes a string whose contents start at `from`, and whether the
    /// contents hold an escape; nil if it is not closed. Looks at eight bytes at a time: the lowest
    /// quote or backslash in a word is found from its bit mask.
    static func scanString(_ bytes: UnsafeRawBufferPointer, from: Int) -> (end: Int, escaped: Bool)? {
        var i = from
        var escaped = false
        let n = bytes.count
        while i + 8 <= n {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let special = zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
            if special == 0 { i += 8; continue }
            // The lowest flagged byte is exact (a false flag can only sit above a true one).
            let at = i + special.trailingZeroBitCount / 8
            if bytes[at] == UInt8(ascii: "\"") { return (at, escaped) }
            escaped = true
            i = at + 2
        }
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") { escaped = true; i += 2; continue }
            if b == UInt8(ascii: "\"") { return (i, escaped) }
            i += 1
        }
        return nil
    }

    /// The high bit of each zero byte of `x` set (and possibly of bytes above the lowest zero byte).
    @inline(__always) static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The index of the quote that closes a string whose contents start at `from`; nil if it is not
    /// closed.
    static func end(of bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") { i += 2; continue }
            if b == UInt8(ascii: "\"") { return i }
            i += 1
        }
        return nil
    }

    /// Just past the value (not a string) that starts at `from`: a number, `true`, `false`, `null`,
    /// or a whole object or array (strings inside skipped as strings).
    static func endOfValue(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        var depth = 0
        var i = from
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let close = end(of: bytes, from: i + 1) else { return nil }
                i = close
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return i }
                depth -= 1
                if depth == 0 { return i + 1 }
            case UInt8(ascii: ","):
                if depth == 0 { return i }
            default:
                if depth == 0 && RawLine.isSpace(bytes[i]) { return i }
            }
            i += 1
        }
        return nil
    }

    /// Calls `body` with the UTF-8 bytes of a string's contents, its escapes resolved (`\n`, `\"`,
    /// `\u00e9`, surrogate pairs). A malformed escape is passed on as written.
    static func forEachUnescaped(_ bytes: UnsafeRawBufferPointer, _ body: (UInt8) -> Void) {
        var i = 0
        let n = bytes.count
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= n else { return nil }
            var value: UInt32 = 0
            for k in at..<(at + 4) {
                guard let digit = hexValue(bytes[k]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while i < n {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < n else { body(b); i += 1; continue }
            let e = bytes[i + 1]
            switch e {
            case UInt8(ascii: "n"): body(0x0A)
            case UInt8(ascii: "t"): body(0x09)
            case UInt8(ascii: "r"): body(0x0D)
            case UInt8(ascii: "b"): body(0x08)
            case UInt8(ascii: "f"): body(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i + 2) else { body(b); i += 1; continue }
                i += 6
                if (0xD800..<0xDC00).contains(scalar), i + 1 < n, bytes[i] == UInt8(ascii: "\\"),
                   bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                for unit in String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8 { body(unit) }
                continue
            default: body(e)   // \" \\ \/ and anything else: the character itself
            }
            i += 2
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

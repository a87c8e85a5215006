import Foundation

/// The data of a line's `request` object that makes a send (besides its number), read from the raw
/// bytes in one pass over the object: each of the fields below that has a string value is hashed
/// with its name, as text (escapes resolved); a field that is absent, null or not a string adds
/// nothing. The sum does not depend on the order of the keys or on whitespace, so the same request
/// written by another encoder is the same send.
struct RequestData {
    /// The request fields that tell two sends under one number apart, in the order of their seeds.
    static let fields: [[UInt8]] = ["openid", "brand_id", "product_coupon_id", "stock_id", "appid",
                                    "coupon_code", "attach"].map { Array($0.utf8) }
    static let requestKey = QuotedKey("request")

    private(set) var hash: UInt64 = 0

    /// The request data of `line`; nil when it has no `"request": {…}` object that can be read.
    init?(of line: RawLine) {
        let bytes = line.bytes
        let n = bytes.count
        guard let found = RawLine.find(Self.requestKey, in: bytes) else { return nil }
        var i = found + Self.requestKey.bytes.count
        func skipSpace() { while i < n, RawLine.isSpace(bytes[i]) { i += 1 } }
        skipSpace()
        guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        skipSpace()
        guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            skipSpace()
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return }
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = JSONStringBytes.end(of: bytes, from: i + 1) else { return nil }
            let key = (i + 1)..<keyEnd
            i = keyEnd + 1
            skipSpace()
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                guard let valueEnd = JSONStringBytes.end(of: bytes, from: i + 1) else { return nil }
                add(key: UnsafeRawBufferPointer(rebasing: bytes[key]),
                    value: UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<valueEnd]))
                i = valueEnd + 1
            } else {
                guard let end = JSONStringBytes.endOfValue(in: bytes, from: i) else { return nil }
                i = end
            }
            skipSpace()
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1 } else if bytes[i] != UInt8(ascii: "}") { return nil }
        }
    }

    private mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let field = Self.fields.firstIndex(where: { $0.elementsEqual(key) }) else { return }
        var hasher = FieldHasher(seed: UInt64(field + 1))
        hasher.addJSONString(value)
        hash &+= hasher.value
    }
}

/// Walking JSON text by bytes: where strings and values end, and what a string's escapes stand for.
enum JSONStringBytes {
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

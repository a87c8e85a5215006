import Foundation

/// Header names compared and values trimmed without Foundation: a response's headers are looked up
/// several times per send (a campaign verifies hundreds a second), and `lowercased()` of every name
/// plus `trimmingCharacters(in:)` through NSString cost more than the look-ups themselves.
enum HeaderLookup {
    /// Whether two header names are equal ignoring ASCII case (HTTP names are ASCII tokens).
    static func namesEqual(_ a: String, _ b: String) -> Bool {
        var a = a.utf8.makeIterator(), b = b.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?) where lowercase(x) == lowercase(y): continue
            default: return false
            }
        }
    }

    /// The first value of `name` (any case) among `headers`, whatever it holds.
    static func value(_ name: String, in headers: [String: String]) -> String? {
        if let exact = headers[name] { return exact }
        return headers.first(where: { namesEqual($0.key, name) })?.value
    }

    /// `value` without leading and trailing whitespace as `CharacterSet.whitespaces` means it (the
    /// set is only asked about non-ASCII scalars; ASCII's whitespace there is the space and the tab).
    static func trimmed(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhitespace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return value }
        return String(scalars[first...last])
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

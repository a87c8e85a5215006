import Foundation

/// Request bodies and the token answer without Foundation's JSON machinery, for the shape every
/// pre-send has: one object whose values are strings (or null). What this reads is read exactly as
/// `JSONSerialization` reads it; anything else (numbers, nesting, escapes, a repeated key, a byte-order
/// mark, text that is not UTF-8…) is left to `JSONSerialization`, so no body is read differently.
enum FlatJSONObject {
    /// The body as `JSONSerialization.jsonObject(with:) as? [String: Any]` gives it, or nil when it
    /// is not a JSON object.
    static func object(_ body: Data) -> [String: Any]? {
        if let flat = parse(body) { return flat }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The object when `body` is `{"key":"value",…}` with string or null values, strings without
    /// escapes or control characters, valid UTF-8, and JSON whitespace anywhere between tokens; nil
    /// for anything else (not a refusal: the caller asks `JSONSerialization`).
    static func parse(_ body: Data) -> [String: Any]? {
        body.withUnsafeBytes { raw -> [String: Any]? in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        static let quote = UInt8(ascii: "\"")

        mutating func skipWhitespace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x09, 0x0A, 0x0D: at += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// A string without escapes or control characters, as valid UTF-8.
        mutating func string() -> String? {
            guard take(Self.quote) else { return nil }
            let start = at
            while at < bytes.count {
                let byte = bytes[at]
                if byte == Self.quote {
                    let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                    at += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                at += 1
            }
            return nil
        }

        mutating func value() -> Any? {
            skipWhitespace()
            guard at < bytes.count else { return nil }
            if bytes[at] == Self.quote { return string() }
            guard bytes.count - at >= 4, bytes[at] == UInt8(ascii: "n"), bytes[at + 1] == UInt8(ascii: "u"),
                  bytes[at + 2] == UInt8(ascii: "l"), bytes[at + 3] == UInt8(ascii: "l") else { return nil }
            at += 4
            return NSNull()
        }

        mutating func object() -> [String: Any]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var object: [String: Any] = [:]
            object.reserveCapacity(8)
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = string(), take(UInt8(ascii: ":")), let value = value(),
                          object.updateValue(value, forKey: key) == nil else { return nil }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            return at == bytes.count ? object : nil
        }
    }

    /// `{"token":"…"}` as `JSONSerialization.data(withJSONObject: ["token": token], options:
    /// [.withoutEscapingSlashes])` writes it: written directly when the token needs no escaping (every
    /// token the sandbox issues is URL-safe Base64), by `JSONSerialization` otherwise.
    static func tokenBody(_ token: String) -> Data {
        let plain = token.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != Reader.quote && byte != UInt8(ascii: "\\")
        }
        guard plain else {
            return (try? JSONSerialization.data(withJSONObject: ["token": token], options: [.withoutEscapingSlashes])) ?? Data()
        }
        var text = #"{"token":""# + token + #""}"#
        return text.withUTF8 { Data(buffer: $0) }
    }
}

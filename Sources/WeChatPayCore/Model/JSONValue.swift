import Foundation

/// Any JSON value, kept whole: what a look-up answered, every field of it — those this build knows
/// and those it does not — so `--json` can print what WeChat Pay returned and a newer field or enum
/// value is shown, never dropped and never fatal (issue 12: tolerant decoding).
///
/// Objects keep their members as a dictionary; they are written with sorted keys (the same JSON value,
/// a stable text). Numbers that are whole and fit 64 bits stay integers; others are doubles.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let value = try? c.decode(Bool.self) { self = .bool(value); return }
        if let value = try? c.decode(Int64.self) { self = .int(value); return }
        if let value = try? c.decode(Double.self) { self = .double(value); return }
        if let value = try? c.decode(String.self) { self = .string(value); return }
        if let value = try? c.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try c.decode([String: JSONValue].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let value): try c.encode(value)
        case .int(let value): try c.encode(value)
        case .double(let value): try c.encode(value)
        case .string(let value): try c.encode(value)
        case .array(let value): try c.encode(value)
        case .object(let value): try c.encode(value)
        }
    }

    /// Decodes JSON text; nil when it is not JSON.
    public static func parse(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The text of a string value; nil for anything else (a mistyped field reads as absent).
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// A whole number: an integer, or a double with no fraction (some servers write `3.0`).
    public var intValue: Int? {
        switch self {
        case .int(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    /// The member names of an object, sorted; empty for anything else.
    public var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted()
    }

    /// One line of JSON, keys sorted, `/` unescaped, and every character a terminal could act on
    /// (C1 controls, bidi overrides, line separators) written as a `\uXXXX` escape: the same JSON
    /// value, safe to print. Written by hand (`JSONLineWriter`): the same text JSONEncoder with sorted
    /// keys and `SendRecord.escapingTerminalControls` give (`jsonTextThroughEncoder`, the tests'
    /// reference), "null" for a value JSON cannot hold (a NaN or infinite double), as the encoder's error.
    public func jsonText() -> String {
        var out = JSONLineWriter()
        guard out.value(self) else { return "null" }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `jsonText` through JSONEncoder: the reference the hand-written text is tested against.
    func jsonTextThroughEncoder() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: SendRecord.escapingTerminalControls(data), as: UTF8.self)
    }
}

extension JSONLineWriter {
    /// Writes `value`; false if it holds a double JSON cannot write (NaN, infinite).
    mutating func value(_ value: JSONValue) -> Bool {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int64(number)
        case .double(let number):
            guard number.isFinite else { return false }
            // JSONEncoder's form: Swift's shortest round-trip text, a whole number without its ".0".
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            raw(Array(text.utf8))
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items {
                element()
                guard self.value(item) else { return false }
            }
            endArray()
        case .object(let members):
            beginObject()
            // The encoder's order: by the keys' UTF-8 bytes (not String's `<`, which compares
            // canonically: "e\u{301}x" would follow "é").
            for name in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                key(escaping: name)
                guard self.value(members[name]!) else { return false }
            }
            endObject()
        }
        return true
    }
}

import Foundation
import WeChatPayCore

/// Turns a log line into a `SendRecord`, field by field (DESIGN §5: a mistyped field never drops the
/// record).
///
/// A line CouponDesk wrote decodes directly. A line another tool (or an older version) wrote may spell
/// a field with another JSON type — `"numeric_code": "272756740"`, `"attempts": "2"`, `"http_status":
/// 400.0`, an error given as a bare string. Such a line is decoded again after each field is brought to
/// its type: a number written as a string is that number, a number in a text field is its text, an
/// error that is a string is its message; a field that still cannot be read is left out (an optional
/// one is then absent; a required text is empty). Only a line that is not a JSON object of the record
/// shape — a `request` object with a `send_request_no`, and an `outcome` — is unreadable.
///
/// Not thread-safe (it owns a decoder): one per thread.
struct RecordDecoder {
    private let decoder = JSONDecoder()
    private let encoder = JSONEncoder()

    func decode(_ json: Data) -> SendRecord? {
        if let record = try? decoder.decode(SendRecord.self, from: json) { return record }
        guard case .object(let fields)? = try? decoder.decode(JSONValue.self, from: json),
              let normalized = Self.normalized(fields) else { return nil }
        if let record = try? decoder.decode(SendRecord.self, from: encoder.encode(JSONValue.object(normalized))) {
            return record
        }
        // A field this decoder does not know (a newer build's) is mistyped too: keep the known ones.
        let known = normalized.filter { Self.topFields[$0.key] != nil }
        return try? decoder.decode(SendRecord.self, from: encoder.encode(JSONValue.object(known)))
    }

    enum Kind { case text, requiredText, integer, request, error }

    static let topFields: [String: Kind] = [
        "v": .integer, "time": .requiredText, "operator": .text, "mode": .text, "request": .request,
        "outcome": .requiredText, "token": .text, "error": .error, "http_status": .integer,
        "request_id": .text, "attempts": .integer, "elapsed_ms": .integer,
    ]
    static let requestFields: [String: Kind] = [
        "openid": .requiredText, "brand_id": .requiredText, "product_coupon_id": .requiredText,
        "stock_id": .requiredText, "appid": .requiredText, "send_request_no": .requiredText,
        "coupon_code": .text, "attach": .text,
    ]
    static let errorFields: [String: Kind] = [
        "category": .text, "http_status": .integer, "code": .text, "numeric_code": .integer, "message": .text,
    ]

    /// The record's fields with each known one brought to its type; nil if the object does not have
    /// the record's shape.
    static func normalized(_ fields: [String: JSONValue]) -> [String: JSONValue]? {
        guard case .object(let request)? = fields["request"], case .string? = request["send_request_no"],
              case .string? = fields["outcome"] else { return nil }
        var out = normalize(fields, schema: topFields)
        out["request"] = .object(normalize(request, schema: requestFields))
        switch fields["error"] {
        case .object(let error)?: out["error"] = .object(normalize(error, schema: errorFields))
        case .string(let message)?: out["error"] = .object(["category": .string("other"), "message": .string(message)])
        default: out["error"] = nil
        }
        return out
    }

    private static func normalize(_ fields: [String: JSONValue], schema: [String: Kind]) -> [String: JSONValue] {
        var out = fields
        for (key, kind) in schema {
            switch kind {
            case .text:
                out[key] = fields[key].flatMap { $0 == .null ? nil : $0.asText }.map(JSONValue.string)
            case .requiredText:
                out[key] = .string(fields[key]?.asText ?? "")
            case .integer:
                out[key] = fields[key]?.asInteger.map(JSONValue.integer)
            case .request, .error:
                break
            }
        }
        return out
    }
}

/// Any JSON value, to look at a line whose fields do not have the types `SendRecord` expects.
enum JSONValue: Codable, Equatable {
    case null, bool(Bool), integer(Int), double(Double), string(String)
    case array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value as a whole number: a number, or a string holding one (`"272756740"`, `" 2 "`,
    /// `"400.0"`); nil for anything else.
    var asInteger: Int? {
        switch self {
        case .integer(let i): return i
        case .double(let d): return Self.whole(d)
        case .string(let s):
            let t = s.trimmingCharacters(in: .whitespaces)
            return Int(t) ?? Double(t).flatMap(Self.whole)
        default: return nil
        }
    }

    /// The value as text: a string, or a number or boolean written out; nil for a list or an object.
    var asText: String? {
        switch self {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return Self.whole(d).map(String.init) ?? String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    private static func whole(_ d: Double) -> Int? {
        guard d.isFinite, d.rounded() == d, abs(d) < 9.0e18 else { return nil }
        return Int(d)
    }
}

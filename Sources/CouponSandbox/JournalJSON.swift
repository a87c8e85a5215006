import Foundation
import WeChatPayCore

/// A value of a journaled table, as journal lines write it: the JSON `JSONEncoder`
/// (`.withoutEscapingSlashes`) wrote for it — the same keys, strings and numbers; JSONEncoder put an
/// object's keys in no fixed order, these come in the order of the type's coding keys. A line is written
/// per request, and going through JSONEncoder cost more than the rest of the commit, so the values a
/// pre-send changes are written by hand; others still go through `JournalJSON.encoder`. Lines are read
/// back with `JSONDecoder` as before, so journals written either way replay the same
/// (`JournalLineEncodingTests`).
protocol JournalValue: Codable, Equatable, Sendable {
    func appendJournalJSON(to out: inout JournalJSON) throws
}

/// The bytes of a journal line being written, with JSONEncoder's spelling of strings and numbers.
struct JournalJSON {
    var bytes: [UInt8] = []

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    mutating func append(raw text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00xx`, the rest
    /// (`/` and non-ASCII included) as its UTF-8 bytes.
    mutating func append(string text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x08: append(raw: "\\b")
            case 0x09: append(raw: "\\t")
            case 0x0A: append(raw: "\\n")
            case 0x0C: append(raw: "\\f")
            case 0x0D: append(raw: "\\r")
            case 0..<0x20:
                append(raw: "\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func append(optional text: String?) {
        if let text { append(string: text) } else { append(raw: "null") }
    }

    mutating func append(int value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// As JSONEncoder writes a Double: its shortest round-trip text without a trailing `.0`; a value
    /// that is not finite cannot be written (JSONEncoder throws too).
    mutating func append(double value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// `"key":` — keys are the fixed names of the types below.
    mutating func append(key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        append(raw: key)
        append(raw: "\":")
    }

    static let hex = Array("0123456789abcdef".utf8)
}

extension Int: JournalValue {
    func appendJournalJSON(to out: inout JournalJSON) throws { out.append(int: self) }
}

extension String: JournalValue {
    func appendJournalJSON(to out: inout JournalJSON) throws { out.append(string: self) }
}

extension SandboxState.IssuedSend: JournalValue {
    func appendJournalJSON(to out: inout JournalJSON) throws {
        out.append(raw: "{")
        out.append(key: "request")
        request.appendJournalJSON(to: &out)
        out.append(raw: ",")
        out.append(key: "token")
        out.append(string: token)
        out.append(raw: ",")
        out.append(key: "token_issued_at")
        try out.append(double: tokenIssuedAt)
        out.append(raw: ",")
        out.append(key: "committed_at")
        try out.append(double: committedAt)
        out.append(raw: "}")
    }
}

extension SandboxState.InFlight: JournalValue {
    func appendJournalJSON(to out: inout JournalJSON) throws {
        out.append(raw: "{")
        out.append(key: "send_request_no")
        out.append(string: sendRequestNo)
        out.append(raw: ",")
        out.append(key: "until")
        try out.append(double: until)
        out.append(raw: "}")
    }
}

extension SandboxUserCoupon: JournalValue {
    /// Written by JSONEncoder: coupons change on claims and confirms, not on every pre-send.
    func appendJournalJSON(to out: inout JournalJSON) throws {
        out.bytes.append(contentsOf: try JournalJSON.encoder.encode(self))
    }
}

extension PreSendRequest {
    /// As `PreSendRequest.encode(to:)` writes it: every field, absent optionals as `null`.
    func appendJournalJSON(to out: inout JournalJSON) {
        out.append(raw: "{")
        out.append(key: "openid")
        out.append(string: openid)
        out.append(raw: ",")
        out.append(key: "brand_id")
        out.append(string: brandID)
        out.append(raw: ",")
        out.append(key: "product_coupon_id")
        out.append(string: productCouponID)
        out.append(raw: ",")
        out.append(key: "stock_id")
        out.append(string: stockID)
        out.append(raw: ",")
        out.append(key: "appid")
        out.append(string: appid)
        out.append(raw: ",")
        out.append(key: "send_request_no")
        out.append(string: sendRequestNo)
        out.append(raw: ",")
        out.append(key: "coupon_code")
        out.append(optional: couponCode)
        out.append(raw: ",")
        out.append(key: "attach")
        out.append(optional: attach)
        out.append(raw: "}")
    }
}

import Foundation

/// The Authorization header of PROTOCOL §2 and §7, in either flavor:
/// `WECHATPAY2-SHA256-RSA2048 mchid="…",…` (partner) or `WECHATPAY-BRAND-SHA256-RSA2048 brand_id="…",…`
/// (brand-direct). The five parameters are otherwise the same.
public struct AuthorizationHeader: Equatable, Sendable {
    /// The flavor, which decides the scheme word and the name of the caller parameter.
    public var flavor: APIFlavor
    /// The partner's mchid, or the brand's brand_id.
    public var callerID: String
    public var nonce: String
    public var timestamp: String
    public var serialNo: String
    public var signature: String

    public init(flavor: APIFlavor, callerID: String, nonce: String, timestamp: String, serialNo: String, signature: String) {
        self.flavor = flavor; self.callerID = callerID; self.nonce = nonce; self.timestamp = timestamp
        self.serialNo = serialNo; self.signature = signature
    }

    /// A partner header.
    public init(mchid: String, nonce: String, timestamp: String, serialNo: String, signature: String) {
        self.init(flavor: .partner, callerID: mchid, nonce: nonce, timestamp: timestamp, serialNo: serialNo, signature: signature)
    }

    /// The header value, in the official Go SDK's field order.
    public var value: String {
        "\(flavor.authorizationScheme) \(flavor.callerField)=\"\(callerID)\",nonce_str=\"\(nonce)\",timestamp=\"\(timestamp)\",serial_no=\"\(serialNo)\",signature=\"\(signature)\""
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        case wrongScheme(String)
        case malformedParameter(String)
        case missingParameter(String)
        case duplicateParameter(String)

        public var description: String {
            switch self {
            case .wrongScheme(let s):
                let schemes = APIFlavor.allCases.map(\.authorizationScheme).joined(separator: " or ")
                return "authorization scheme must be \(schemes), got \(s.isEmpty ? "nothing" : s)"
            case .malformedParameter(let p): return "malformed authorization parameter: \(p)"
            case .missingParameter(let p): return "authorization is missing \(p)"
            case .duplicateParameter(let p): return "authorization repeats \(p)"
            }
        }
    }

    /// Parses by key, in any order (PROTOCOL §2: servers must not depend on the order). The scheme word
    /// decides the flavor, and so which parameter names the caller.
    /// Values are `key="value"`; values never contain quotes or commas in this protocol.
    ///
    /// Whitespace (space, tab, and for non-ASCII text Unicode's space separators) around the header,
    /// around each `key=value` and around the `=` is ignored. A header of ASCII text (every real one)
    /// is read byte by byte (`AuthorizationHeaderBytes`); anything else by `parseText`, the
    /// Foundation-based reading that came first. Both accept and refuse the same headers, with the same
    /// error (`AuthorizationHeaderTests` compares them).
    public static func parse(_ header: String) throws -> AuthorizationHeader {
        var header = header
        if let parsed = try header.withUTF8({ try AuthorizationHeaderBytes($0)?.parse() }) { return parsed }
        return try parseText(header)
    }

    /// The scheme word of `header` as a refusal names it: the text before the first space once the
    /// header is trimmed of whitespace, at most 40 characters (the sandbox checks it against the path's
    /// flavor before parsing the rest).
    public static func schemeWord(of header: String) -> String {
        var header = header
        if let word = header.withUTF8({ bytes -> String? in
            guard let reader = AuthorizationHeaderBytes(bytes) else { return nil }
            let trimmed = reader.trimmed(reader.bytes.indices)
            let end = reader.bytes[trimmed].firstIndex(of: UInt8(ascii: " ")) ?? trimmed.upperBound
            return String(reader.string(trimmed.lowerBound..<end).prefix(40))
        }) {
            return word
        }
        return String(header.trimmingCharacters(in: .whitespaces).prefix { $0 != " " }.prefix(40))
    }

    /// The reading of any text, Unicode whitespace and grapheme clusters included (Foundation's
    /// trimming); `parse` uses it for headers that are not ASCII.
    static func parseText(_ header: String) throws -> AuthorizationHeader {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { throw ParseError.wrongScheme(String(trimmed.prefix(40))) }
        let scheme = String(trimmed[..<space])
        guard let flavor = APIFlavor(authorizationScheme: scheme) else { throw ParseError.wrongScheme(String(scheme.prefix(40))) }
        var fields: [String: String] = [:]
        for part in trimmed[space...].split(separator: ",", omittingEmptySubsequences: true) {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let eq = item.firstIndex(of: "=") else { throw ParseError.malformedParameter(String(item.prefix(40))) }
            let key = String(item[..<eq]).trimmingCharacters(in: .whitespaces)
            var value = Substring(item[item.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw ParseError.malformedParameter(String(key.prefix(40)))
            }
            value = String(value.dropFirst().dropLast())
            guard !value.contains("\"") else { throw ParseError.malformedParameter(String(key.prefix(40))) }
            guard fields[key] == nil else { throw ParseError.duplicateParameter(String(key.prefix(40))) }
            fields[key] = value
        }
        func take(_ key: String) throws -> String {
            guard let v = fields[key], !v.isEmpty else { throw ParseError.missingParameter(key) }
            return v
        }
        return AuthorizationHeader(flavor: flavor, callerID: try take(flavor.callerField), nonce: try take("nonce_str"),
                                   timestamp: try take("timestamp"), serialNo: try take("serial_no"),
                                   signature: try take("signature"))
    }
}

/// `AuthorizationHeader.parse` over the bytes of an ASCII header, without Foundation: the same steps
/// as `parseText`, on byte ranges. In ASCII text the whitespace `parseText` trims is space and tab, and
/// every character is one byte except CR LF, which is one character of two bytes: it holds none of the
/// bytes looked for (space, `,`, `=`, `"`), so finding them byte by byte finds what the character
/// search finds. Error texts are cut to 40 characters as `parseText` cuts them.
struct AuthorizationHeaderBytes {
    let bytes: UnsafeBufferPointer<UInt8>

    /// nil when `bytes` is not all ASCII.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        self.bytes = bytes
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `range` without the whitespace at either end.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Self.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The error text `parseText` gives for a key, an item or a scheme: its first 40 characters.
    func cut(_ range: Range<Int>) -> String { String(string(range).prefix(40)) }

    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let other = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return bytes[range].elementsEqual(other)
    }

    func parse() throws -> AuthorizationHeader {
        typealias ParseError = AuthorizationHeader.ParseError
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        let header = trimmed(bytes.indices)
        guard let space = bytes[header].firstIndex(of: UInt8(ascii: " ")) else { throw ParseError.wrongScheme(cut(header)) }
        let flavor: APIFlavor
        if equals(header.lowerBound..<space, "WECHATPAY2-SHA256-RSA2048") {
            flavor = .partner
        } else if equals(header.lowerBound..<space, "WECHATPAY-BRAND-SHA256-RSA2048") {
            flavor = .brand
        } else {
            throw ParseError.wrongScheme(cut(header.lowerBound..<space))
        }
        var fields: [String: Range<Int>] = [:]
        fields.reserveCapacity(8)
        var start = space
        while start < header.upperBound {
            let end = bytes[start..<header.upperBound].firstIndex(of: comma) ?? header.upperBound
            defer { start = end + 1 }
            guard end > start else { continue } // an empty part (",,"): skipped
            let item = trimmed(start..<end)
            guard let eq = bytes[item].firstIndex(of: UInt8(ascii: "=")) else { throw ParseError.malformedParameter(cut(item)) }
            let keyRange = trimmed(item.lowerBound..<eq)
            let value = trimmed((eq + 1)..<item.upperBound)
            guard value.count >= 2, bytes[value.lowerBound] == quote, bytes[value.upperBound - 1] == quote,
                  !bytes[(value.lowerBound + 1)..<(value.upperBound - 1)].contains(quote) else {
                throw ParseError.malformedParameter(cut(keyRange))
            }
            let key = string(keyRange)
            guard fields[key] == nil else { throw ParseError.duplicateParameter(cut(keyRange)) }
            fields[key] = (value.lowerBound + 1)..<(value.upperBound - 1)
        }
        func take(_ key: String) throws -> String {
            guard let range = fields[key], !range.isEmpty else { throw ParseError.missingParameter(key) }
            return string(range)
        }
        return AuthorizationHeader(flavor: flavor, callerID: try take(flavor.callerField), nonce: try take("nonce_str"),
                                   timestamp: try take("timestamp"), serialNo: try take("serial_no"),
                                   signature: try take("signature"))
    }
}

/// The exact byte strings that are signed (PROTOCOL §2 and §3).
public enum SignatureMessage {
    /// `METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n`
    public static func request(method: String, canonicalURL: String, timestamp: String, nonce: String, body: Data) -> Data {
        lines("\(method)\n\(canonicalURL)\n\(timestamp)\n\(nonce)\n", body)
    }

    /// `TIMESTAMP\nNONCE\nBODY\n`
    public static func response(timestamp: String, nonce: String, body: Data) -> Data {
        lines("\(timestamp)\n\(nonce)\n", body)
    }

    /// `head`'s UTF-8, the body, and a newline, copied into one buffer of the right size.
    private static func lines(_ head: String, _ body: Data) -> Data {
        var head = head
        var message = Data(capacity: head.utf8.count + body.count + 1)
        head.withUTF8 { message.append($0) }
        message.append(body)
        message.append(0x0A)
        return message
    }
}

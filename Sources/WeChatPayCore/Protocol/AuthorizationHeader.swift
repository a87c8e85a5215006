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
    public static func parse(_ header: String) throws -> AuthorizationHeader {
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

/// The exact byte strings that are signed (PROTOCOL §2 and §3).
public enum SignatureMessage {
    /// `METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n`
    public static func request(method: String, canonicalURL: String, timestamp: String, nonce: String, body: Data) -> Data {
        var message = Data("\(method)\n\(canonicalURL)\n\(timestamp)\n\(nonce)\n".utf8)
        message.append(body)
        message.append(0x0A)
        return message
    }

    /// `TIMESTAMP\nNONCE\nBODY\n`
    public static func response(timestamp: String, nonce: String, body: Data) -> Data {
        var message = Data("\(timestamp)\n\(nonce)\n".utf8)
        message.append(body)
        message.append(0x0A)
        return message
    }
}

import Foundation

/// Why a request could not be signed and sent.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The brand-direct flavor requires `Wechatpay-Serial: PUB_KEY_ID_...` on every request (PROTOCOL §7).
    case wechatpaySerialRequired(APIFlavor)

    public var description: String {
        switch self {
        case .wechatpaySerialRequired(let flavor):
            return "the \(flavor.displayName) flavor sends Wechatpay-Serial (the WeChat Pay public key id) with every request, and none is configured"
        }
    }
}

/// One signed WeChat Pay API request as it goes on the wire (PROTOCOL §2): method, path, query and
/// body, each encoded exactly once. Every kind of call — the pre-send, and the look-ups and confirm
/// that follow it — is one of these, so there is one signing code path: `httpRequest` signs the bytes
/// that are sent and nothing else. Every attempt of a call signs and sends these same bytes; only the
/// Authorization header (timestamp, nonce, signature) is fresh per attempt.
public struct WeChatPayRequest: Sendable, Equatable {
    public let method: String
    /// The exact request body; empty for a GET.
    public let body: Data
    /// The path as sent (percent-encoded) plus `?query` when there is one: what the signature covers.
    /// The base URL's own path, if any, is part of it because it is part of the path the server sees.
    public let canonicalURL: String
    public let url: URL

    /// - Parameters:
    ///   - path: the API path (starting with `/`), each segment already escaped with `escapePathSegment`.
    ///   - query: name/value pairs in the order to send them; encoded here, once (PROTOCOL §8: the
    ///     signed URL line is the path with its query exactly as sent).
    ///   - body: the bytes to send (empty for a GET).
    public init(method: String, path: String, query: [(name: String, value: String)] = [], body: Data = Data(), baseURL: URL) {
        self.method = method
        self.body = body
        let (origin, basePath) = Self.split(baseURL)
        var canonical = basePath + path
        if !query.isEmpty {
            canonical += "?" + query.map { Self.escapeQueryComponent($0.name) + "=" + Self.escapeQueryComponent($0.value) }
                .joined(separator: "&")
        }
        canonicalURL = canonical
        // The path and query are already percent-encoded and URL(string:) keeps them as they are, so
        // the bytes on the wire are exactly the bytes the signature covers.
        url = URL(string: origin + canonical) ?? baseURL
    }

    /// The request of one attempt: these bytes, a fresh Authorization header, and the headers of
    /// PROTOCOL §2. `Wechatpay-Serial` asks WeChat Pay to sign the response with its public key; the
    /// brand-direct flavor must always send it (PROTOCOL §7), so signing fails without one.
    public func httpRequest(signer: RequestSigner, wechatpayPublicKeyID: String?,
                            userAgent: String = CouponDeskVersion.userAgent) throws -> HTTPRequest {
        if signer.flavor.requiresWechatpaySerial && (wechatpayPublicKeyID ?? "").isEmpty {
            throw SigningError.wechatpaySerialRequired(signer.flavor)
        }
        let authorization = try signer.authorization(method: method, canonicalURL: canonicalURL, body: body)
        var headers = [
            "Authorization": authorization.value,
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": userAgent,
        ]
        if let wechatpayPublicKeyID, !wechatpayPublicKeyID.isEmpty { headers["Wechatpay-Serial"] = wechatpayPublicKeyID }
        return HTTPRequest(method: method, url: url, canonicalURL: canonicalURL, headers: headers, body: body)
    }

    // MARK: Encoding

    /// `scheme://host[:port]` and the percent-encoded path (without trailing slashes) of a base URL,
    /// taken from its text as written. A config base_url has no query, fragment or credentials.
    static func split(_ baseURL: URL) -> (origin: String, path: String) {
        // Over the UTF-8 bytes: Foundation's `range(of:)` cost more than the rest of a request's set-up.
        var text = Array(baseURL.absoluteString.utf8)
        if let cut = text.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            text.removeSubrange(cut...)
        }
        let separator = Array("://".utf8)
        guard let schemeEnd = text.indices.first(where: { text[$0...].starts(with: separator) }) else {
            return (String(decoding: text, as: UTF8.self), "")
        }
        let afterScheme = schemeEnd + separator.count
        let pathStart = text[afterScheme...].firstIndex(of: UInt8(ascii: "/")) ?? text.endIndex
        var pathEnd = text.endIndex
        while pathEnd > pathStart && text[pathEnd - 1] == UInt8(ascii: "/") { pathEnd -= 1 }
        return (String(decoding: text[..<pathStart], as: UTF8.self), String(decoding: text[pathStart..<pathEnd], as: UTF8.self))
    }

    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set (so `/`, `?`, `#`, `%`, spaces
    /// and non-ASCII can never change the path's meaning).
    public static func escapePathSegment(_ segment: String) -> String { percentEncode(segment) }

    /// A query name or value: the same strict encoding (so `&`, `=`, `+` and spaces stay data, and a
    /// server decoding with either `+`-as-space or not reads the same value).
    public static func escapeQueryComponent(_ component: String) -> String { percentEncode(component) }

    static func percentEncode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

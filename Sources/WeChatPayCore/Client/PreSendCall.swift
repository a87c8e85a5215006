import Foundation

/// The product version the client names in `User-Agent` (`CouponDesk/<version>`) and `--version` prints.
public enum CouponDeskVersion {
    public static let current = "0.1.0"
    public static var userAgent: String { "CouponDesk/\(current)" }
}

/// One pre-send as it goes on the wire (PROTOCOL §1–§2): the JSON body, encoded exactly once, and the
/// escaped path. Every attempt of a send signs and sends these same bytes; only the Authorization header
/// (timestamp, nonce, signature) is fresh per attempt.
public struct PreSendCall: Sendable, Equatable {
    public static let method = "POST"
    static let pathPrefix = "/v3/marketing/partner/product-coupon/users/"
    static let pathSuffix = "/pre-send-coupon"

    /// The exact request body: keys sorted (stable), optional fields absent when not given.
    public let body: Data
    /// The path as sent (percent-encoded): what the signature covers. The base URL's own path, if any,
    /// is part of it because it is part of the path the server sees.
    public let canonicalURL: String
    public let url: URL

    public init(request: PreSendRequest, baseURL: URL) {
        body = Self.encodeBody(request)
        let (origin, basePath) = Self.split(baseURL)
        canonicalURL = basePath + Self.pathPrefix + Self.escapePathSegment(request.openid) + Self.pathSuffix
        // The path is already percent-encoded and URL(string:) keeps it as is, so the bytes on the wire
        // are exactly the bytes the signature covers.
        url = URL(string: origin + canonicalURL) ?? baseURL
    }

    /// `scheme://host[:port]` and the percent-encoded path (without trailing slashes) of a base URL,
    /// taken from its text as written. A config base_url has no query, fragment or credentials.
    static func split(_ baseURL: URL) -> (origin: String, path: String) {
        var text = baseURL.absoluteString
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        guard let schemeEnd = text.range(of: "://") else { return (text, "") }
        let afterScheme = text[schemeEnd.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        var path = String(afterScheme[pathStart...])
        while path.hasSuffix("/") { path.removeLast() }
        return (String(text[..<pathStart]), path)
    }

    /// The JSON body: keys in sorted order (stable), optional fields absent when not given (an empty
    /// optional counts as absent), UTF-8 as is, `/` unescaped — what JSONEncoder with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes, built directly because it is on the hot path of every send.
    /// coupon_code must NOT be sent unless the stock is API_ASSIGN (PROTOCOL §1): absent, never null.
    public static func encodeBody(_ request: PreSendRequest) -> Data {
        var fields: [(String, String)] = [("appid", request.appid)]
        if let attach = request.attach, !attach.isEmpty { fields.append(("attach", attach)) }
        fields.append(("brand_id", request.brandID))
        if let code = request.couponCode, !code.isEmpty { fields.append(("coupon_code", code)) }
        fields.append(("product_coupon_id", request.productCouponID))
        fields.append(("send_request_no", request.sendRequestNo))
        fields.append(("stock_id", request.stockID))
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256)
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendJSONString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    /// A JSON string literal (RFC 8259 §7): `"` and `\` escaped, control characters as short escapes
    /// or `\u00XX`, everything else as its UTF-8 bytes.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(lowerHex[Int(byte >> 4)])
                out.append(lowerHex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let lowerHex = Array("0123456789abcdef".utf8)

    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set (so `/`, `?`, `#`, `%`, spaces
    /// and non-ASCII can never change the path's meaning).
    public static func escapePathSegment(_ segment: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(segment.utf8.count)
        for byte in segment.utf8 {
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

    /// The request of one attempt: the same body and path, a fresh Authorization header.
    public func httpRequest(signer: RequestSigner, wechatpayPublicKeyID: String?,
                            userAgent: String = CouponDeskVersion.userAgent) throws -> HTTPRequest {
        let authorization = try signer.authorization(method: Self.method, canonicalURL: canonicalURL, body: body)
        var headers = [
            "Authorization": authorization.value,
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": userAgent,
        ]
        // Asks WeChat Pay to sign the response with the public key (PROTOCOL §2).
        if let wechatpayPublicKeyID { headers["Wechatpay-Serial"] = wechatpayPublicKeyID }
        return HTTPRequest(method: Self.method, url: url, canonicalURL: canonicalURL, headers: headers, body: body)
    }
}

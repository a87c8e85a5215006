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
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        canonicalURL = basePath + Self.pathPrefix + Self.escapePathSegment(request.openid) + Self.pathSuffix
        // The path is already percent-encoded and is set as such, so the bytes on the wire are exactly
        // the bytes the signature covers.
        components.percentEncodedPath = canonicalURL
        components.query = nil
        components.fragment = nil
        url = components.url ?? baseURL
    }

    /// The body fields of PROTOCOL §1. openid is in the path, not here.
    struct Body: Encodable {
        let brand_id: String
        let product_coupon_id: String
        let stock_id: String
        let appid: String
        let send_request_no: String
        let coupon_code: String?
        let attach: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(brand_id, forKey: .brand_id)
            try c.encode(product_coupon_id, forKey: .product_coupon_id)
            try c.encode(stock_id, forKey: .stock_id)
            try c.encode(appid, forKey: .appid)
            try c.encode(send_request_no, forKey: .send_request_no)
            // coupon_code must NOT be sent unless the stock is API_ASSIGN (PROTOCOL §1): absent, not null.
            try c.encodeIfPresent(coupon_code, forKey: .coupon_code)
            try c.encodeIfPresent(attach, forKey: .attach)
        }
        enum CodingKeys: String, CodingKey {
            case brand_id, product_coupon_id, stock_id, appid, send_request_no, coupon_code, attach
        }
    }

    /// The JSON body: sorted keys, no escaped slashes, UTF-8 as is. An empty optional counts as absent.
    public static func encodeBody(_ request: PreSendRequest) -> Data {
        let body = Body(brand_id: request.brandID, product_coupon_id: request.productCouponID,
                        stock_id: request.stockID, appid: request.appid,
                        send_request_no: request.sendRequestNo,
                        coupon_code: request.couponCode.flatMap { $0.isEmpty ? nil : $0 },
                        attach: request.attach.flatMap { $0.isEmpty ? nil : $0 })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings cannot fail.
        return (try? encoder.encode(body)) ?? Data("{}".utf8)
    }

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

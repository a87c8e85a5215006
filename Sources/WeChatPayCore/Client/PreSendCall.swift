import Foundation

/// One pre-send as it goes on the wire (PROTOCOL §1, §7): a `WeChatPayRequest` whose path is the
/// flavor's pre-send path and whose body is the JSON of the request, encoded exactly once.
public struct PreSendCall: Sendable, Equatable {
    public static let method = "POST"
    static let pathSuffix = "/pre-send-coupon"

    /// The signed request every attempt sends.
    public let apiRequest: WeChatPayRequest
    /// The exact request body: keys sorted (stable), optional fields absent when not given.
    public var body: Data { apiRequest.body }
    /// The path as sent (percent-encoded): what the signature covers.
    public var canonicalURL: String { apiRequest.canonicalURL }
    public var url: URL { apiRequest.url }

    public init(request preSend: PreSendRequest, baseURL: URL, flavor: APIFlavor = .partner) {
        apiRequest = WeChatPayRequest(method: Self.method, path: Self.path(openid: preSend.openid, flavor: flavor),
                                   body: Self.encodeBody(preSend, flavor: flavor), baseURL: baseURL)
    }

    /// `P/users/{openid}/pre-send-coupon`, the openid escaped as one path segment.
    public static func path(openid: String, flavor: APIFlavor) -> String {
        flavor.productCouponPathPrefix + "/users/" + escapePathSegment(openid) + pathSuffix
    }

    /// Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set.
    public static func escapePathSegment(_ segment: String) -> String { WeChatPayRequest.escapePathSegment(segment) }

    /// The request of one attempt: the same body and path, a fresh Authorization header.
    public func httpRequest(signer: RequestSigner, wechatpayPublicKeyID: String?,
                            userAgent: String = CouponDeskVersion.userAgent) throws -> HTTPRequest {
        try apiRequest.httpRequest(signer: signer, wechatpayPublicKeyID: wechatpayPublicKeyID, userAgent: userAgent)
    }

    /// The JSON body: keys in sorted order (stable), optional fields absent when not given (an empty
    /// optional counts as absent), UTF-8 as is, `/` unescaped — what JSONEncoder with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes, built directly because it is on the hot path of every send.
    /// coupon_code must NOT be sent unless the stock is API_ASSIGN (PROTOCOL §1): absent, never null.
    /// brand_id is sent only by a partner: for brand-direct the brand is the caller (PROTOCOL §7).
    public static func encodeBody(_ request: PreSendRequest, flavor: APIFlavor = .partner) -> Data {
        var fields: [(String, String)] = [("appid", request.appid)]
        if let attach = request.attach, !attach.isEmpty { fields.append(("attach", attach)) }
        if flavor.namesBrandInRequest { fields.append(("brand_id", request.brandID)) }
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
}

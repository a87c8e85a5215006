import Foundation

/// One pre-send of a product coupon to one user (PROTOCOL §1), as the operator fills it in.
/// Field names on the wire and in the history record are the snake_case ones of the API.
public struct PreSendRequest: Codable, Equatable, Hashable, Sendable {
    public var openid: String
    public var brandID: String
    public var productCouponID: String
    public var stockID: String
    public var appid: String
    public var sendRequestNo: String
    public var couponCode: String?
    public var attach: String?

    public init(openid: String, brandID: String, productCouponID: String, stockID: String, appid: String,
                sendRequestNo: String, couponCode: String? = nil, attach: String? = nil) {
        self.openid = openid; self.brandID = brandID; self.productCouponID = productCouponID
        self.stockID = stockID; self.appid = appid; self.sendRequestNo = sendRequestNo
        self.couponCode = couponCode; self.attach = attach
    }

    enum CodingKeys: String, CodingKey {
        case openid, appid, attach
        case brandID = "brand_id"
        case productCouponID = "product_coupon_id"
        case stockID = "stock_id"
        case sendRequestNo = "send_request_no"
        case couponCode = "coupon_code"
    }

    /// The history record keeps absent optionals as explicit `null` (DESIGN §5).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(openid, forKey: .openid)
        try c.encode(brandID, forKey: .brandID)
        try c.encode(productCouponID, forKey: .productCouponID)
        try c.encode(stockID, forKey: .stockID)
        try c.encode(appid, forKey: .appid)
        try c.encode(sendRequestNo, forKey: .sendRequestNo)
        try c.encode(couponCode, forKey: .couponCode)
        try c.encode(attach, forKey: .attach)
    }
}

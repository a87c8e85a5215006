import Foundation
import WeChatPayCore

/// The users' coupons of the sandbox (PROTOCOL §8–9): a pre-sent token becomes a coupon when a
/// simulated user claims it (`coupondesk sandbox claim`, or `auto_claim_seconds` after it was issued);
/// the coupon starts CONFIRMING and a confirm makes it EFFECTIVE.
///
/// Kept in `state.json` and its journal beside the pre-sends (one field of `SandboxState`), so claims
/// and confirms survive restarts and several processes on one directory agree.
public struct SandboxCoupons: Codable, Equatable, Sendable {
    /// By coupon_code.
    public var coupons = JournaledTable<SandboxUserCoupon>()
    /// `brand_id/send_request_no` of a claimed pre-send → its coupon's code (a token is claimed once).
    public var claims = JournaledTable<String>()
    /// `brand_id/out_request_no` → the code of the coupon that confirm confirmed (idempotency).
    public var confirms = JournaledTable<String>()

    public init() {}

    mutating func visitTables(_ visitor: inout some JournaledTableVisitor) throws {
        try visitor.visit("user_coupons.coupons", &coupons)
        try visitor.visit("user_coupons.claims", &claims)
        try visitor.visit("user_coupons.confirms", &confirms)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        coupons = try c.decodeIfPresent(JournaledTable<SandboxUserCoupon>.self, forKey: .coupons) ?? .init()
        claims = try c.decodeIfPresent(JournaledTable<String>.self, forKey: .claims) ?? .init()
        confirms = try c.decodeIfPresent(JournaledTable<String>.self, forKey: .confirms) ?? .init()
    }

    /// Openids whose owner never claims a token by themselves (`auto_claim_seconds` passes them by).
    public static let neverClaimsPrefix = "never-claims-"
    /// Openids whose coupons are EFFECTIVE the moment they are claimed (a brand that confirms at once).
    public static let autoConfirmPrefix = "auto-confirm-"
    /// How long a claimed coupon is valid.
    static let validitySeconds: Double = 30 * 24 * 3600

    /// The coupon made from the pre-send `send`, if it was claimed.
    func coupon(claimedFrom send: SandboxState.IssuedSend) -> SandboxUserCoupon? {
        claims[SandboxState.sendKey(brandID: send.request.brandID, sendRequestNo: send.request.sendRequestNo)]
            .flatMap { coupons[$0] }
    }

    /// Claims `send` at `time`: creates the user's coupon (CONFIRMING, or EFFECTIVE for an
    /// `auto-confirm-` openid) with send_channel RECEIVE_COMPONENT. A token claimed before gives its
    /// coupon back unchanged.
    mutating func claim(_ send: SandboxState.IssuedSend, at time: Double, configuration: SandboxConfiguration) -> SandboxUserCoupon {
        if let existing = coupon(claimedFrom: send) { return existing }
        let request = send.request
        let mode = configuration.brand(request.brandID)?.productCoupons
            .first { $0.productCouponID == request.productCouponID }?.stocks
            .first { $0.stockID == request.stockID }?.couponCodeMode
        var code = mode == .apiAssign ? (request.couponCode ?? "") : ""
        while code.isEmpty || coupons[code] != nil { code = Self.newCouponCode() }
        let effective = request.openid.hasPrefix(Self.autoConfirmPrefix)
        let coupon = SandboxUserCoupon(
            couponCode: code, openid: request.openid, brandID: request.brandID, appid: request.appid,
            productCouponID: request.productCouponID, stockID: request.stockID, sendRequestNo: request.sendRequestNo,
            state: effective ? CouponState.effective.rawValue : CouponState.confirming.rawValue,
            receiveTime: time, validBeginTime: time, validEndTime: time + Self.validitySeconds,
            confirmRequestNo: nil, confirmTime: effective ? time : nil, attach: request.attach)
        coupons[code] = coupon
        claims[SandboxState.sendKey(brandID: request.brandID, sendRequestNo: request.sendRequestNo)] = code
        return coupon
    }

    /// Claims every token `auto_claim_seconds` after it was first issued (as of `now`), except for
    /// `never-claims-` openids. Each claim is dated when the user would have made it, not when the
    /// sandbox notices, so the coupon's receive_time does not depend on when someone looks.
    mutating func claimDue(_ sends: JournaledTable<SandboxState.IssuedSend>, now: Double, configuration: SandboxConfiguration) {
        guard let delay = configuration.autoClaimSeconds else { return }
        for (key, send) in sends.dictionary.sorted(by: { $0.value.committedAt < $1.value.committedAt }) where claims[key] == nil {
            let due = send.committedAt + Double(delay)
            guard due <= now, !send.request.openid.hasPrefix(Self.neverClaimsPrefix) else { continue }
            _ = claim(send, at: due, configuration: configuration)
        }
    }

    /// 18 digits, like the codes of WECHATPAY-mode stocks.
    static func newCouponCode() -> String {
        "8" + SecureRandom.bytes(17).map { String($0 % 10) }.joined()
    }
}

/// One user's coupon in the sandbox.
public struct SandboxUserCoupon: Codable, Equatable, Sendable {
    public var couponCode: String
    public var openid: String
    public var brandID: String
    public var appid: String
    public var productCouponID: String
    public var stockID: String
    /// The pre-send it was claimed from.
    public var sendRequestNo: String
    /// `CONFIRMING` or `EFFECTIVE` (the states a claim and a confirm make).
    public var state: String
    /// Unix seconds.
    public var receiveTime: Double
    public var validBeginTime: Double
    public var validEndTime: Double
    /// The out_request_no of the confirm that made it EFFECTIVE.
    public var confirmRequestNo: String?
    public var confirmTime: Double?
    public var attach: String?

    enum CodingKeys: String, CodingKey {
        case openid, appid, state, attach
        case couponCode = "coupon_code"
        case brandID = "brand_id"
        case productCouponID = "product_coupon_id"
        case stockID = "stock_id"
        case sendRequestNo = "send_request_no"
        case receiveTime = "receive_time"
        case validBeginTime = "valid_begin_time"
        case validEndTime = "valid_end_time"
        case confirmRequestNo = "confirm_request_no"
        case confirmTime = "confirm_time"
    }

    /// The entry as the look-ups and the confirm answer it (PROTOCOL §8): times in RFC 3339 at +08:00,
    /// the stock and product coupon it belongs to, absent fields left out.
    func entry(stock: SandboxConfiguration.Stock?) -> [String: Any] {
        var object: [String: Any] = [
            "coupon_code": couponCode, "coupon_state": state, "send_request_no": sendRequestNo,
            "send_channel": "RECEIVE_COMPONENT", "brand_id": brandID,
            "receive_time": Self.time(receiveTime), "valid_begin_time": Self.time(validBeginTime),
            "valid_end_time": Self.time(validEndTime),
            "product_coupon": ["product_coupon_id": productCouponID, "brand_id": brandID],
            "stock": stock.map { SandboxEngine.stockObject($0, productCouponID: productCouponID, brandID: brandID) }
                ?? ["stock_id": stockID, "product_coupon_id": productCouponID],
        ]
        if let confirmRequestNo { object["confirm_request_no"] = confirmRequestNo }
        if let confirmTime { object["confirm_time"] = Self.time(confirmTime) }
        if let attach { object["attach"] = attach }
        return object
    }

    /// `2026-11-28T12:00:05+08:00`.
    static func time(_ seconds: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = ShanghaiCalendarDay.timeZone
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }
}

import Foundation

/// The look-ups of PROTOCOL §8 and the confirm of §9 as signed requests, in either flavor (§7): the
/// flavor's path prefix, and `brand_id` in the query or body only for a partner (for brand-direct the
/// brand is the caller). Each builds one `WeChatPayRequest`, so a GET's query is encoded once and the
/// signature covers exactly the bytes sent.
///
/// Query parameters go out in name order (what the official samples' `url.Values.Encode()` does), each
/// name and value percent-encoded strictly.
public enum LookupField {
    /// The problem with an id `value` named `name` (required, 1–128 printable ASCII, no spaces; a path
    /// segment may not be `.` or `..`, which HTTP clients would remove from the signed path), or nil.
    public static func problem(_ name: String, _ value: String, inPath: Bool = false) -> String? {
        if value.isEmpty { return "\(name): required" }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return "\(name): 1–128 printable ASCII characters, got a space, control or non-ASCII character"
        }
        guard value.unicodeScalars.count <= PreSendField.maxIdentifierLength else {
            return "\(name): at most \(PreSendField.maxIdentifierLength) characters, got \(value.unicodeScalars.count)"
        }
        if inPath && (value == "." || value == "..") { return "\(name): not \"\(value)\"" }
        return nil
    }

    /// The query of `pairs` without the absent ones, in name order.
    static func query(_ pairs: [(String, String?)]) -> [(name: String, value: String)] {
        pairs.compactMap { name, value in value.map { (name: name, value: $0) } }.sorted { $0.name < $1.name }
    }

    static func segment(_ text: String) -> String { WeChatPayRequest.escapePathSegment(text) }
}

/// `GET P/users/{openid}/coupons` — the user's coupons (指定券状态查询用户商品券列表), one page per request.
public struct UserCouponsQuery: Sendable, Equatable {
    public var openid: String
    public var appid: String
    /// The brand whose coupons: sent as `brand_id` by a partner; for brand-direct the caller.
    public var brandID: String
    public var productCouponID: String?
    public var stockID: String?
    public var couponState: CouponState?
    /// The docs' example uses 20.
    public var pageSize: Int

    public static let defaultPageSize = 20

    public init(openid: String, appid: String, brandID: String, productCouponID: String? = nil, stockID: String? = nil,
                couponState: CouponState? = nil, pageSize: Int = UserCouponsQuery.defaultPageSize) {
        self.openid = openid; self.appid = appid; self.brandID = brandID
        self.productCouponID = productCouponID; self.stockID = stockID; self.couponState = couponState
        self.pageSize = pageSize
    }

    public func problems(flavor: APIFlavor) -> [String] {
        var out = [LookupField.problem("openid", openid, inPath: true), LookupField.problem("appid", appid)]
        if flavor.namesBrandInRequest { out.append(LookupField.problem("brand_id", brandID)) }
        if let productCouponID { out.append(LookupField.problem("product_coupon_id", productCouponID)) }
        if let stockID { out.append(LookupField.problem("stock_id", stockID)) }
        if let couponState { out.append(LookupField.problem("coupon_state", couponState.rawValue)) }
        if pageSize < 1 { out.append("page_size: at least 1") }
        return out.compactMap { $0 }
    }

    public static func path(openid: String, flavor: APIFlavor) -> String {
        flavor.productCouponPathPrefix + "/users/" + LookupField.segment(openid) + "/coupons"
    }

    /// The request for one page: the first without `pageToken`, then each with the previous page's
    /// `next_page_token`.
    public func request(pageToken: String?, baseURL: URL, flavor: APIFlavor) -> WeChatPayRequest {
        let query = LookupField.query([
            ("appid", appid),
            ("brand_id", flavor.namesBrandInRequest ? brandID : nil),
            ("coupon_state", couponState?.rawValue),
            ("page_size", String(pageSize)),
            ("page_token", pageToken.flatMap { $0.isEmpty ? nil : $0 }),
            ("product_coupon_id", productCouponID),
            ("stock_id", stockID),
        ])
        return WeChatPayRequest(method: "GET", path: Self.path(openid: openid, flavor: flavor), query: query, baseURL: baseURL)
    }
}

/// `GET P/users/{openid}/coupons/{coupon_code}` — one coupon (268578851 when there is none).
public struct UserCouponQuery: Sendable, Equatable {
    public var openid: String
    public var couponCode: String
    public var appid: String
    public var brandID: String
    public var productCouponID: String
    public var stockID: String

    public init(openid: String, couponCode: String, appid: String, brandID: String, productCouponID: String, stockID: String) {
        self.openid = openid; self.couponCode = couponCode; self.appid = appid; self.brandID = brandID
        self.productCouponID = productCouponID; self.stockID = stockID
    }

    public func problems(flavor: APIFlavor) -> [String] {
        var out = [LookupField.problem("openid", openid, inPath: true), LookupField.problem("coupon_code", couponCode, inPath: true),
                   LookupField.problem("appid", appid), LookupField.problem("product_coupon_id", productCouponID),
                   LookupField.problem("stock_id", stockID)]
        if flavor.namesBrandInRequest { out.append(LookupField.problem("brand_id", brandID)) }
        return out.compactMap { $0 }
    }

    public static func path(openid: String, couponCode: String, flavor: APIFlavor) -> String {
        UserCouponsQuery.path(openid: openid, flavor: flavor) + "/" + LookupField.segment(couponCode)
    }

    public func request(baseURL: URL, flavor: APIFlavor) -> WeChatPayRequest {
        let query = LookupField.query([
            ("appid", appid),
            ("brand_id", flavor.namesBrandInRequest ? brandID : nil),
            ("product_coupon_id", productCouponID),
            ("stock_id", stockID),
        ])
        return WeChatPayRequest(method: "GET", path: Self.path(openid: openid, couponCode: couponCode, flavor: flavor),
                                query: query, baseURL: baseURL)
    }
}

/// `GET P/product-coupons/{product_coupon_id}/stocks/{stock_id}` — the stock and its budget (查询商品券指定批次).
public struct StockQuery: Sendable, Equatable {
    public var brandID: String
    public var productCouponID: String
    public var stockID: String

    public init(brandID: String, productCouponID: String, stockID: String) {
        self.brandID = brandID; self.productCouponID = productCouponID; self.stockID = stockID
    }

    public func problems(flavor: APIFlavor) -> [String] {
        var out = [LookupField.problem("product_coupon_id", productCouponID, inPath: true),
                   LookupField.problem("stock_id", stockID, inPath: true)]
        if flavor.namesBrandInRequest { out.append(LookupField.problem("brand_id", brandID)) }
        return out.compactMap { $0 }
    }

    public static func path(productCouponID: String, stockID: String, flavor: APIFlavor) -> String {
        flavor.productCouponPathPrefix + "/product-coupons/" + LookupField.segment(productCouponID)
            + "/stocks/" + LookupField.segment(stockID)
    }

    public func request(baseURL: URL, flavor: APIFlavor) -> WeChatPayRequest {
        WeChatPayRequest(method: "GET", path: Self.path(productCouponID: productCouponID, stockID: stockID, flavor: flavor),
                         query: LookupField.query([("brand_id", flavor.namesBrandInRequest ? brandID : nil)]),
                         baseURL: baseURL)
    }
}

/// `POST P/users/{openid}/coupons/{coupon_code}/confirm` (确认发放, PROTOCOL §9): turns a CONFIRMING
/// coupon EFFECTIVE. `out_request_no` is its idempotency key, as send_request_no is the pre-send's.
/// Also the `"confirm"` part of a confirm's history record.
public struct ConfirmRequest: Codable, Sendable, Equatable, Hashable {
    public var openid: String
    public var couponCode: String
    /// For brand-direct the caller (kept so the history names the brand; never sent).
    public var brandID: String
    public var productCouponID: String
    public var stockID: String
    public var appid: String
    public var outRequestNo: String

    public init(openid: String, couponCode: String, brandID: String, productCouponID: String, stockID: String,
                appid: String, outRequestNo: String) {
        self.openid = openid; self.couponCode = couponCode; self.brandID = brandID
        self.productCouponID = productCouponID; self.stockID = stockID; self.appid = appid
        self.outRequestNo = outRequestNo
    }

    enum CodingKeys: String, CodingKey {
        case openid, appid
        case couponCode = "coupon_code"
        case brandID = "brand_id"
        case productCouponID = "product_coupon_id"
        case stockID = "stock_id"
        case outRequestNo = "out_request_no"
    }

    /// The rule this build holds out_request_no to: send_request_no's (6–40 of `[0-9A-Za-z_-]`), since
    /// it plays the same part for the confirm.
    public static func outRequestNoProblem(_ number: String) -> String? {
        PreSendField.sendRequestNo.problem(with: number).map { "out_request_no" + String($0.dropFirst(PreSendField.sendRequestNo.rawValue.count)) }
    }

    /// `CF` + UTC time + 8 random alphanumerics: unique, sortable, within the rule.
    public static func generateOutRequestNo(at date: Date = Date()) -> String {
        "CF" + String(SendRequestNumber.generate(at: date).dropFirst(2))
    }

    public func problems(flavor: APIFlavor) -> [String] {
        var out = [LookupField.problem("openid", openid, inPath: true), LookupField.problem("coupon_code", couponCode, inPath: true),
                   LookupField.problem("product_coupon_id", productCouponID), LookupField.problem("stock_id", stockID),
                   LookupField.problem("appid", appid), Self.outRequestNoProblem(outRequestNo)]
        if flavor.namesBrandInRequest { out.append(LookupField.problem("brand_id", brandID)) }
        return out.compactMap { $0 }
    }

    public static func path(openid: String, couponCode: String, flavor: APIFlavor) -> String {
        UserCouponQuery.path(openid: openid, couponCode: couponCode, flavor: flavor) + "/confirm"
    }

    /// The body: keys sorted, brand_id only for a partner.
    public func body(flavor: APIFlavor) -> Data {
        var fields: [(String, String)] = [("appid", appid)]
        if flavor.namesBrandInRequest { fields.append(("brand_id", brandID)) }
        fields += [("out_request_no", outRequestNo), ("product_coupon_id", productCouponID), ("stock_id", stockID)]
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            PreSendCall.appendJSONString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            PreSendCall.appendJSONString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    public func request(baseURL: URL, flavor: APIFlavor) -> WeChatPayRequest {
        WeChatPayRequest(method: "POST", path: Self.path(openid: openid, couponCode: couponCode, flavor: flavor),
                         body: body(flavor: flavor), baseURL: baseURL)
    }
}

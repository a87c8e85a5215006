import Foundation

/// What WeChat Pay says about one pre-send (issue 12, "where is my coupon?"): was its token claimed —
/// the user's coupon whose `send_request_no` is the send's — and the stock's state and budget, with
/// how many coupons the user holds in the stock (CONFIRMING included: they count toward the per-user
/// limit, PROTOCOL §8). The CLI's `check` and the console's check panel both show this.
public struct SendCheck: Sendable, Equatable {
    public var sendRequestNo: String
    /// The user's coupons in the send's stock, or why they could not be looked up.
    public var coupons: Result<UserCouponList, LookupFailure>
    /// The stock, or why it could not be looked up.
    public var stock: Result<ProductCouponStock, LookupFailure>
    /// When the look-ups were made: "today" of the stock's daily budget is this moment's day in
    /// Asia/Shanghai. Nil when unknown (a front end then does not name the day).
    public var checkedAt: Date?

    public init(sendRequestNo: String, coupons: Result<UserCouponList, LookupFailure>,
                stock: Result<ProductCouponStock, LookupFailure>, checkedAt: Date? = nil) {
        self.sendRequestNo = sendRequestNo; self.coupons = coupons; self.stock = stock; self.checkedAt = checkedAt
    }

    /// The coupon claimed from this send; nil when not claimed (or the look-up failed).
    public var coupon: UserCoupon? {
        guard case .success(let list) = coupons else { return nil }
        return list.entries.first { $0.sendRequestNo == sendRequestNo }
    }

    /// Claimed or not; nil when the coupons could not be looked up, or when the list stopped early and
    /// the send's coupon was not in the part read (it may be in the rest).
    public var claimed: Bool? {
        guard case .success(let list) = coupons else { return nil }
        if coupon != nil { return true }
        return list.isComplete ? false : nil
    }

    /// How many coupons the user holds in the stock, every state (at least this many when the list
    /// stopped early).
    public var userCouponsInStock: Int? {
        guard case .success(let list) = coupons else { return nil }
        return list.entries.count
    }

    /// The first look-up failure, the one that decides the exit code: an unknown outcome before a
    /// refusal (a refusal is definite; an unknown may still hide an answer).
    public var failure: LookupFailure? {
        var failures: [LookupFailure] = []
        if case .failure(let failure) = coupons { failures.append(failure) }
        if case .failure(let failure) = stock { failures.append(failure) }
        return failures.first { if case .unknown = $0 { return true } else { return false } } ?? failures.first
    }
}

extension LookupClient {
    /// Looks `send` up: the user's coupons in its stock (all pages) and the stock, at once.
    public func check(_ send: PreSendRequest) async -> SendCheck {
        let query = UserCouponsQuery(openid: send.openid, appid: send.appid, brandID: send.brandID,
                                     productCouponID: send.productCouponID, stockID: send.stockID)
        let stockQuery = StockQuery(brandID: send.brandID, productCouponID: send.productCouponID, stockID: send.stockID)
        async let coupons = userCoupons(query)
        async let stock = stock(stockQuery)
        return SendCheck(sendRequestNo: send.sendRequestNo, coupons: await coupons, stock: await stock, checkedAt: Date())
    }
}

import Foundation

/// A word of an enumeration WeChat Pay answers with (a coupon's state, a stock's state, ...): the
/// known words as constants, and any other word kept as it came — a newer value is shown, not fatal.
public protocol OpenEnumeration: RawRepresentable, Hashable, Sendable, CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension OpenEnumeration {
    public var description: String { rawValue }
}

/// `coupon_state` of a user's coupon (PROTOCOL §8).
public struct CouponState: OpenEnumeration {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Claimed, waiting for the brand's confirm: visible in the wallet but not usable (PROTOCOL §9).
    public static let confirming = CouponState(rawValue: "CONFIRMING")
    public static let pending = CouponState(rawValue: "PENDING")
    public static let effective = CouponState(rawValue: "EFFECTIVE")
    public static let used = CouponState(rawValue: "USED")
    public static let expired = CouponState(rawValue: "EXPIRED")
    public static let deleted = CouponState(rawValue: "DELETED")
    public static let deactivated = CouponState(rawValue: "DEACTIVATED")
    public static let known: [CouponState] = [.confirming, .pending, .effective, .used, .expired, .deleted, .deactivated]

    public var isKnown: Bool { Self.known.contains(self) }
}

/// `state` of a stock (批次) (PROTOCOL §1, §8).
public struct StockState: OpenEnumeration {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let auditing = StockState(rawValue: "AUDITING")
    public static let sending = StockState(rawValue: "SENDING")
    public static let paused = StockState(rawValue: "PAUSED")
    public static let stopped = StockState(rawValue: "STOPPED")
    public static let deactivated = StockState(rawValue: "DEACTIVATED")
}

/// One entry of the user's coupons (PROTOCOL §8), as returned: `raw` holds every field the server
/// sent; the properties read the fields this build knows, each on its own — a missing or mistyped
/// field reads as nil and never costs the entry.
public struct UserCoupon: Sendable, Equatable {
    public let raw: JSONValue

    public init(raw: JSONValue) { self.raw = raw }

    public var couponCode: String? { raw["coupon_code"]?.stringValue }
    public var state: CouponState? { raw["coupon_state"]?.stringValue.map(CouponState.init(rawValue:)) }
    /// The pre-send this coupon was claimed from: how a send is matched to its coupon.
    public var sendRequestNo: String? { raw["send_request_no"]?.stringValue }
    public var sendChannel: String? { raw["send_channel"]?.stringValue }
    public var receiveTime: String? { raw["receive_time"]?.stringValue }
    public var confirmRequestNo: String? { raw["confirm_request_no"]?.stringValue }
    public var confirmTime: String? { raw["confirm_time"]?.stringValue }
    public var validBeginTime: String? { raw["valid_begin_time"]?.stringValue }
    public var validEndTime: String? { raw["valid_end_time"]?.stringValue }
    public var attach: String? { raw["attach"]?.stringValue }
    public var brandID: String? { raw["brand_id"]?.stringValue }
    /// The entry's `stock.stock_id` (the stock it belongs to), if the entry says.
    public var stockID: String? { raw["stock"]?["stock_id"]?.stringValue }
    public var productCouponID: String? {
        raw["product_coupon"]?["product_coupon_id"]?.stringValue ?? raw["stock"]?["product_coupon_id"]?.stringValue
    }
}

/// A stock (批次) as `GET P/product-coupons/{id}/stocks/{id}` returns it (PROTOCOL §8): `raw` holds
/// every field; the properties read the budget fields this build knows.
public struct ProductCouponStock: Sendable, Equatable {
    public let raw: JSONValue

    public init(raw: JSONValue) { self.raw = raw }

    /// The fields this build reads or shows by name; `unknownFields` are the rest.
    public static let knownFields: Set<String> = [
        "stock_id", "product_coupon_id", "remark", "coupon_code_mode", "coupon_code_count_info", "stock_send_rule",
        "sent_count_info", "state", "brand_id", "single_usage_rule", "progressive_bundle_usage_rule",
        "stock_bundle_info", "usage_rule_display_info", "coupon_display_info", "notify_config", "store_scope",
        "deactivate_request_no", "deactivate_time", "deactivate_reason",
    ]

    public var stockID: String? { raw["stock_id"]?.stringValue }
    public var productCouponID: String? { raw["product_coupon_id"]?.stringValue }
    public var remark: String? { raw["remark"]?.stringValue }
    public var state: StockState? { raw["state"]?.stringValue.map(StockState.init(rawValue:)) }
    /// `WECHATPAY`, `UPLOAD` or `API_ASSIGN` (or a newer word, kept).
    public var couponCodeMode: String? { raw["coupon_code_mode"]?.stringValue }
    /// 批次总预算.
    public var maxCount: Int? { raw["stock_send_rule"]?["max_count"]?.intValue }
    /// 每日预算 (optional).
    public var maxCountPerDay: Int? { raw["stock_send_rule"]?["max_count_per_day"]?.intValue }
    /// 每人限领 (optional, ≤ 100; CONFIRMING coupons count).
    public var maxCountPerUser: Int? { raw["stock_send_rule"]?["max_count_per_user"]?.intValue }
    /// 已发放总次数.
    public var sentTotal: Int? { raw["sent_count_info"]?["total_count"]?.intValue }
    /// 当天已发放次数 (the day in Asia/Shanghai).
    public var sentToday: Int? { raw["sent_count_info"]?["today_count"]?.intValue }
    /// UPLOAD mode: codes uploaded and still available.
    public var uploadedCodes: (total: Int?, available: Int?)? {
        guard let info = raw["coupon_code_count_info"] else { return nil }
        return (info["total_count"]?.intValue, info["available_count"]?.intValue)
    }

    /// Remaining total budget, when both numbers are known (never below 0).
    public var remainingTotal: Int? {
        guard let maxCount, let sentTotal else { return nil }
        return max(0, maxCount - sentTotal)
    }

    /// Remaining daily budget, when the stock has one and today's count is known.
    public var remainingToday: Int? {
        guard let maxCountPerDay, let sentToday else { return nil }
        return max(0, maxCountPerDay - sentToday)
    }

    /// Top-level fields this build does not know, sorted: shown, so nothing the server said is hidden.
    public var unknownFields: [String] { raw.keys.filter { !Self.knownFields.contains($0) } }
}

/// The day a stock's `today_count` counts, as WeChat Pay counts days: from 00:00 Asia/Shanghai.
public enum ShanghaiCalendarDay {
    public static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .current

    /// `yyyy-MM-dd` of `date` in Asia/Shanghai.
    public static func key(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

import Foundation

/// The data `sandbox init` writes: one brand, one product coupon and stocks chosen so that every
/// outcome of DESIGN §4 is a few sends away, plus one openid prefix per fault kind.
public enum DemoData {
    public static let mchid = "1900000001"
    public static let brandID = "120344"
    public static let appid = "wx233544546545989"
    /// An appid the brand has not linked: sending with it gives INVALID_REQUEST 268578704.
    public static let unlinkedAppid = "wx0000000000000000"
    public static let productCouponID = "1000000013"

    public enum StockID {
        /// Generous budgets: sends are issued (the form's default stock).
        public static let plenty = "1000000013001"
        /// Total budget 3: the 4th distinct send is refused (total_budget_exhausted).
        public static let totalBudget = "1000000013002"
        /// Daily budget 2: the 3rd distinct send of a day is refused (daily_budget_exhausted).
        public static let dailyBudget = "1000000013003"
        /// One coupon per user: the 2nd send to the same openid is refused (user_limit_reached).
        public static let perUser = "1000000013004"
        /// PAUSED: every send is refused (stock_not_sending).
        public static let paused = "1000000013005"
        /// API_ASSIGN: coupon_code is required (and must be absent for the other stocks).
        public static let apiAssign = "1000000013006"
    }

    public static let stocks: [SandboxConfiguration.Stock] = [
        .init(stockID: StockID.plenty, maxCount: 100_000, maxCountPerDay: 10_000, maxCountPerUser: 100,
              note: "issued: generous budgets"),
        .init(stockID: StockID.totalBudget, maxCount: 3, maxCountPerUser: 100,
              note: "total budget 3: the 4th distinct send is refused (total_budget_exhausted)"),
        .init(stockID: StockID.dailyBudget, maxCount: 1_000, maxCountPerDay: 2, maxCountPerUser: 100,
              note: "daily budget 2: the 3rd distinct send of a day (Asia/Shanghai) is refused (daily_budget_exhausted)"),
        .init(stockID: StockID.perUser, maxCount: 1_000, maxCountPerDay: 1_000, maxCountPerUser: 1,
              note: "one per user: a 2nd send to the same openid is refused (user_limit_reached)"),
        .init(stockID: StockID.paused, state: .paused, maxCount: 1_000,
              note: "PAUSED: every send is refused (stock_not_sending)"),
        .init(stockID: StockID.apiAssign, couponCodeMode: .apiAssign, maxCount: 1_000, maxCountPerUser: 100,
              note: "API_ASSIGN: --coupon-code is required (any 1-40 of 0-9 A-Z a-z _ -)"),
    ]

    /// One prefix per fault kind, each hitting only the requests of one send, so that a later
    /// `coupondesk resend NO` is served normally and resolves an unknown outcome.
    ///
    /// - Parameter times: the attempts of one send: the client makes 1 + 3 retries for 5xx, 429,
    ///   timeouts and lost connections, so those faults hit `times` requests of a send_request_no;
    ///   the client does not retry a response that fails verification or parsing, so those hit one.
    ///   nil makes every fault hit every request.
    public static func faults(delayMilliseconds: Int = 8_000, times: Int? = 4) -> [SandboxConfiguration.Fault] {
        let once = times.map { _ in 1 }
        return [
            .init(openidPrefix: "fault-system-error-", kind: .systemError, times: times,
                  note: "500 SYSTEM_ERROR, nothing committed (server_error after the client's retries)"),
            .init(openidPrefix: "fault-rate-limited-", kind: .rateLimited, times: times,
                  note: "429 RATELIMIT_EXCEEDED, nothing committed (rate_limited after the client's retries)"),
            .init(openidPrefix: "fault-timeout-", kind: .delayAfterCommit, ms: delayMilliseconds, times: times,
                  note: "committed, answer delayed past the client timeout (unknown/timeout; resend resolves)"),
            .init(openidPrefix: "fault-drop-", kind: .dropConnectionAfterCommit, times: times,
                  note: "committed, connection closed without an answer (unknown/network_error; resend resolves)"),
            .init(openidPrefix: "fault-bad-signature-", kind: .badSignature, times: once,
                  note: "committed, answer signed wrongly (unknown/signature_invalid)"),
            .init(openidPrefix: "fault-probe-signature-", kind: .probeSignature, times: once,
                  note: "committed, WECHATPAY/SIGNTEST/ probe signature (unknown/signature_invalid)"),
            .init(openidPrefix: "fault-stale-timestamp-", kind: .staleTimestamp, times: once,
                  note: "committed, Wechatpay-Timestamp 10 minutes old (unknown/signature_invalid)"),
            .init(openidPrefix: "fault-unsigned-", kind: .unsigned, times: once,
                  note: "committed, no Wechatpay-* signature headers (unknown/signature_invalid)"),
            .init(openidPrefix: "fault-malformed-json-", kind: .malformedJSON, times: once,
                  note: "committed, signed 200 whose body is not JSON (unknown/malformed_response)"),
            .init(openidPrefix: "fault-oversized-", kind: .oversizedResponse, times: once,
                  note: "committed, signed 200 with a 2 MiB body (unknown/malformed_response: bounded read)"),
            .init(openidPrefix: "fault-html-502-", kind: .htmlErrorPage, times: times,
                  note: "502 HTML page from a \"proxy\", no WeChat Pay headers, nothing committed (unknown/server_error)"),
            .init(openidPrefix: "fault-control-chars-", kind: .controlCharsInMessage,
                  note: "400 whose message carries terminal escape sequences (rejected; must be sanitised)"),
            .init(openidPrefix: "fault-confirm-timeout-", kind: .delayAfterCommit, ms: delayMilliseconds, times: times,
                  calls: [.confirm],
                  note: "sends, claims and look-ups work; the confirm commits, its answer is delayed past the client timeout (unknown; the same confirm again resolves)"),
            .init(openidPrefix: "fault-confirm-drop-", kind: .dropConnectionAfterCommit, times: times, calls: [.confirm],
                  note: "sends, claims and look-ups work; the confirm commits, the connection is closed without an answer (unknown; the same confirm again resolves)"),
        ]
    }

    /// A simulated user claims each token this long after it was issued (`auto_claim_seconds`).
    public static let autoClaimSeconds = 5

    public static func configuration(merchantSerialNo: String, wechatpayPublicKeyID: String,
                                     delayMilliseconds: Int = 8_000, faultTimes: Int? = 4) -> SandboxConfiguration {
        SandboxConfiguration(
            mchid: mchid, merchantSerialNo: merchantSerialNo, wechatpayPublicKeyID: wechatpayPublicKeyID,
            autoClaimSeconds: autoClaimSeconds,
            brands: [.init(brandID: brandID, appids: [appid],
                           productCoupons: [.init(productCouponID: productCouponID, stocks: stocks)])],
            faults: faults(delayMilliseconds: delayMilliseconds, times: faultTimes))
    }

    /// What to type to see each outcome; printed by `sandbox init` and mirrored in the README.
    public static func guide(for configuration: SandboxConfiguration) -> String {
        var out = "Partner mchid \(configuration.mchid), brand \(brandID), appid \(appid), product coupon \(productCouponID).\n"
        if configuration.brandSerialNo != nil {
            out += "Brand \(brandID) can also call brand-direct (config-brand.json); both flavors share the stocks below.\n"
        }
        out += "Stocks:\n"
        for brand in configuration.brands {
            for coupon in brand.productCoupons {
                for stock in coupon.stocks {
                    out += "  \(stock.stockID)  \(stock.note ?? stock.state.rawValue)\n"
                }
            }
        }
        out += "Appid \(unlinkedAppid) is not linked to the brand (invalid_request, 268578704).\n"
        out += "Reusing a send_request_no with different fields gives request_no_conflict (268578927).\n"
        if let seconds = configuration.autoClaimSeconds {
            out += "A simulated user claims each token \(seconds) s after it was issued (auto_claim_seconds): the coupon is CONFIRMING until `coupondesk confirm`; openids starting \(SandboxCoupons.neverClaimsPrefix) never claim, \(SandboxCoupons.autoConfirmPrefix) get EFFECTIVE coupons at once.\n"
        } else {
            out += "Tokens are claimed by `coupondesk sandbox claim DIR SEND_REQUEST_NO` (set auto_claim_seconds in sandbox.json to claim them automatically).\n"
        }
        out += "Fault openids (any openid starting with the prefix; they hit look-ups and confirms too unless \"calls\" says otherwise):\n"
        for fault in configuration.faults {
            out += "  \(fault.openidPrefix.padding(toLength: 24, withPad: " ", startingAt: 0)) \(fault.kind.rawValue)"
            if let note = fault.note { out += ": \(note)" }
            out += "\n"
        }
        return out
    }
}

import CouponDeskText
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
              note: Texts.english(SandboxText.notePlenty)),
        .init(stockID: StockID.totalBudget, maxCount: 3, maxCountPerUser: 100,
              note: Texts.english(SandboxText.noteTotalBudget)),
        .init(stockID: StockID.dailyBudget, maxCount: 1_000, maxCountPerDay: 2, maxCountPerUser: 100,
              note: Texts.english(SandboxText.noteDailyBudget)),
        .init(stockID: StockID.perUser, maxCount: 1_000, maxCountPerDay: 1_000, maxCountPerUser: 1,
              note: Texts.english(SandboxText.notePerUser)),
        .init(stockID: StockID.paused, state: .paused, maxCount: 1_000,
              note: Texts.english(SandboxText.notePaused)),
        .init(stockID: StockID.apiAssign, couponCodeMode: .apiAssign, maxCount: 1_000, maxCountPerUser: 100,
              note: Texts.english(SandboxText.noteAPIAssign)),
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
                  note: Texts.english(SandboxText.faultSystemError)),
            .init(openidPrefix: "fault-rate-limited-", kind: .rateLimited, times: times,
                  note: Texts.english(SandboxText.faultRateLimited)),
            .init(openidPrefix: "fault-timeout-", kind: .delayAfterCommit, ms: delayMilliseconds, times: times,
                  note: Texts.english(SandboxText.faultTimeout)),
            .init(openidPrefix: "fault-drop-", kind: .dropConnectionAfterCommit, times: times,
                  note: Texts.english(SandboxText.faultDrop)),
            .init(openidPrefix: "fault-bad-signature-", kind: .badSignature, times: once,
                  note: Texts.english(SandboxText.faultBadSignature)),
            .init(openidPrefix: "fault-probe-signature-", kind: .probeSignature, times: once,
                  note: Texts.english(SandboxText.faultProbeSignature)),
            .init(openidPrefix: "fault-stale-timestamp-", kind: .staleTimestamp, times: once,
                  note: Texts.english(SandboxText.faultStaleTimestamp)),
            .init(openidPrefix: "fault-unsigned-", kind: .unsigned, times: once,
                  note: Texts.english(SandboxText.faultUnsigned)),
            .init(openidPrefix: "fault-malformed-json-", kind: .malformedJSON, times: once,
                  note: Texts.english(SandboxText.faultMalformedJSON)),
            .init(openidPrefix: "fault-oversized-", kind: .oversizedResponse, times: once,
                  note: Texts.english(SandboxText.faultOversized)),
            .init(openidPrefix: "fault-html-502-", kind: .htmlErrorPage, times: times,
                  note: Texts.english(SandboxText.faultHTML502)),
            .init(openidPrefix: "fault-control-chars-", kind: .controlCharsInMessage,
                  note: Texts.english(SandboxText.faultControlChars)),
            .init(openidPrefix: "fault-confirm-timeout-", kind: .delayAfterCommit, ms: delayMilliseconds, times: times,
                  calls: [.confirm],
                  note: Texts.english(SandboxText.faultConfirmTimeout)),
            .init(openidPrefix: "fault-confirm-drop-", kind: .dropConnectionAfterCommit, times: times, calls: [.confirm],
                  note: Texts.english(SandboxText.faultConfirmDrop)),
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

    /// What to type to see each outcome; printed by `sandbox init`, listed in the demo console's help
    /// and mirrored in the README.
    public static func guide(for configuration: SandboxConfiguration, text: Texts = .english) -> String {
        var out = text(SandboxText.guidePartner, ["mchid": configuration.mchid, "brand": brandID, "appid": appid,
                                                 "productCoupon": productCouponID]) + "\n"
        if configuration.brandSerialNo != nil {
            out += text(SandboxText.guideBrandDirect, ["brand": brandID]) + "\n"
        }
        out += text(SandboxText.guideStocks) + "\n"
        for brand in configuration.brands {
            for coupon in brand.productCoupons {
                for stock in coupon.stocks {
                    out += "  \(stock.stockID)  \(stock.note.map { note($0, text: text) } ?? stock.state.rawValue)\n"
                }
            }
        }
        out += text(SandboxText.guideUnlinkedAppid, ["appid": unlinkedAppid]) + "\n"
        out += text(SandboxText.guideConflict) + "\n"
        if let seconds = configuration.autoClaimSeconds {
            out += text(SandboxText.guideAutoClaim, ["seconds": String(seconds), "neverPrefix": SandboxCoupons.neverClaimsPrefix,
                                                    "autoPrefix": SandboxCoupons.autoConfirmPrefix]) + "\n"
        } else {
            out += text(SandboxText.guideManualClaim) + "\n"
        }
        out += text(SandboxText.guideFaults) + "\n"
        for fault in configuration.faults {
            out += "  \(fault.openidPrefix.padding(toLength: 24, withPad: " ", startingAt: 0)) \(fault.kind.rawValue)"
            if let note = fault.note { out += ": \(self.note(note, text: text))" }
            out += "\n"
        }
        return out
    }

    /// A note of the demo data in `text`'s language; a note written by someone else as it is.
    static func note(_ note: String, text: Texts) -> String {
        guard let key = SandboxText.allCases.first(where: { Texts.english($0) == note }) else { return note }
        return text(key)
    }
}

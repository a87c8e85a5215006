import CouponDeskText
import Foundation

/// The confirm's outcome safety (PROTOCOL §9 with the rules of §5), shared by the CLI and the console:
/// which out_request_no a confirm of a coupon must use, and when a number may not be used.
///
/// An out_request_no is the confirm's idempotency key, as send_request_no is the pre-send's: an
/// uncertain confirm is resolved only by the same confirm again under the same number.
public enum ConfirmPolicy {
    /// The state of each out_request_no among `records` (all confirm records, oldest first): its newest record.
    public static func newestByNumber(_ records: [ConfirmRecord]) -> [ConfirmRecord] {
        var newest: [String: (index: Int, record: ConfirmRecord)] = [:]
        for (index, record) in records.enumerated() { newest[record.request.outRequestNo] = (index, record) }
        return newest.values.sorted { $0.index < $1.index }.map(\.record)
    }

    /// True for a confirm whose outcome is not settled: interrupted or in flight (`pending`), unknown,
    /// or rate limited (a 429 was not accepted; PROTOCOL §5 retries it under the same number).
    public static func isUnresolved(_ record: ConfirmRecord) -> Bool {
        switch record.outcome {
        case .pending, .unknown: return true
        case .rejected: return record.error?.category == .rateLimited
        case .confirmed: return false
        }
    }

    /// The confirms of one coupon (the user's openid and the coupon's code), each by its newest record.
    public static func confirms(ofCoupon openid: String, couponCode: String, in records: [ConfirmRecord]) -> [ConfirmRecord] {
        newestByNumber(records).filter { $0.request.openid == openid && $0.request.couponCode == couponCode }
    }

    /// The newest unresolved confirm of the coupon made in `mode`, if any: a new confirm of the coupon
    /// must repeat it (same number, same body) rather than take a new number.
    public static func unresolved(ofCoupon openid: String, couponCode: String, in records: [ConfirmRecord],
                                  mode: SendMode) -> ConfirmRecord? {
        confirms(ofCoupon: openid, couponCode: couponCode, in: records)
            .last { isUnresolved($0) && $0.sendMode == mode }
    }

    /// The coupon's newest confirmed confirm, if any.
    public static func confirmed(ofCoupon openid: String, couponCode: String, in records: [ConfirmRecord]) -> ConfirmRecord? {
        confirms(ofCoupon: openid, couponCode: couponCode, in: records).last { $0.outcome == .confirmed }
    }

    /// A record of `number` (among `history`, every record of that number) that carries another
    /// confirm: the number is taken. WeChat Pay would refuse it or, worse, answer for the other coupon.
    public static func numberInUse(for request: ConfirmRequest, history: [ConfirmRecord]) -> ConfirmRecord? {
        history.last { $0.request != request }
    }
}

/// What to do about confirming one coupon, decided before anything is sent (`ConfirmPolicy.plan`).
public enum ConfirmPlan: Equatable, Sendable {
    /// Send this confirm: a new one, or the repeat of `repeating` (same number, same body).
    case confirm(ConfirmRequest, repeating: ConfirmRecord?)
    /// The coupon is EFFECTIVE already: nothing to send.
    case alreadyConfirmed(confirmRequestNo: String?, confirmTime: String?)
    /// The coupon is in a state a confirm cannot change (not CONFIRMING): refused here.
    case notConfirmable(state: String)
    /// A number was asked for while an earlier confirm of this coupon, under another number, is
    /// unresolved: only that number may resolve it.
    case unresolvedUnderAnotherNumber(ConfirmRecord)
}

extension ConfirmPolicy {
    /// The coupon's fields a confirm needs besides its code: where it belongs.
    public struct CouponPlace: Sendable, Equatable {
        public var openid: String
        public var brandID: String
        public var productCouponID: String
        public var stockID: String
        public var appid: String

        public init(openid: String, brandID: String, productCouponID: String, stockID: String, appid: String) {
            self.openid = openid; self.brandID = brandID; self.productCouponID = productCouponID
            self.stockID = stockID; self.appid = appid
        }
    }

    /// Decides a confirm of `coupon` (as just looked up) at `place`, given every confirm record of the
    /// log and the number asked for, if any:
    /// - an unresolved confirm of the coupon is repeated as it was (same out_request_no, same body)
    ///   while the coupon is CONFIRMING, or EFFECTIVE by that very confirm (the repeat records it);
    /// - otherwise an EFFECTIVE coupon is already confirmed and nothing is sent;
    /// - any other state is refused here, naming it;
    /// - a CONFIRMING coupon is confirmed under the number asked for, else a new one.
    public static func plan(coupon: UserCoupon, place: CouponPlace, requestedNumber: String?, history: [ConfirmRecord],
                            mode: SendMode, newNumber: () -> String = { ConfirmRequest.generateOutRequestNo() }) -> ConfirmPlan {
        let state = coupon.state?.rawValue ?? "unknown (the look-up did not say)"
        guard let code = coupon.couponCode, !code.isEmpty else { return .notConfirmable(state: state + ", without a coupon_code") }
        if let open = unresolved(ofCoupon: place.openid, couponCode: code, in: history, mode: mode) {
            let byThisConfirm = coupon.confirmRequestNo == nil || coupon.confirmRequestNo == open.request.outRequestNo
            if coupon.state == .confirming || (coupon.state == .effective && byThisConfirm) {
                if let requestedNumber, requestedNumber != open.request.outRequestNo { return .unresolvedUnderAnotherNumber(open) }
                return .confirm(open.request, repeating: open)
            }
        }
        if coupon.state == .effective {
            return .alreadyConfirmed(confirmRequestNo: coupon.confirmRequestNo, confirmTime: coupon.confirmTime)
        }
        guard coupon.state == .confirming else { return .notConfirmable(state: state) }
        let request = ConfirmRequest(openid: place.openid, couponCode: code, brandID: place.brandID,
                                     productCouponID: place.productCouponID, stockID: place.stockID, appid: place.appid,
                                     outRequestNo: requestedNumber ?? newNumber())
        return .confirm(request, repeating: nil)
    }
}

/// Why `ConfirmClient.execute` confirmed nothing, worded in a language by `describe`;
/// `description` is the English.
public enum ConfirmRefusal: Error, Equatable, Sendable, Describable {
    case invalidRequest([RequestProblem])
    /// The write-ahead record could not be written: confirming now could leave no trace.
    case journalUnavailable(Phrase)
    case signingFailed(Phrase)
    /// The out_request_no already belongs to a confirm of other data, or to an unresolved confirm
    /// made in the other flavor.
    case numberReused(ConfirmNumberReuse)
    /// Another process is confirming with this number right now; its result will follow.
    case confirmingElsewhere(InFlightElsewhere)

    /// `not confirmed: …`
    public func describe(_ text: Texts) -> String { text(RefusalText.notConfirmed, ["why": reason(text)]) }

    /// The reason alone.
    public func reason(_ text: Texts) -> String {
        switch self {
        case .invalidRequest(let problems): return text.problems(problems)
        case .journalUnavailable(let problem): return text.journalUnavailable(problem)
        case .signingFailed(let problem): return text.signingFailed(problem)
        case .numberReused(let reuse): return reuse.describe(text)
        case .confirmingElsewhere(let elsewhere):
            return text(RefusalText.confirmingElsewhere, ["process": text.process(elsewhere.sender),
                                                          "since": TerminalText.sanitize(elsewhere.since)])
        }
    }
}

/// An out_request_no that is not this confirm's to use.
public enum ConfirmNumberReuse: Equatable, Sendable, Describable {
    /// It carries another confirm (`ConfirmPolicy.numberInUse`): that confirm's newest record.
    case inUse(number: String, other: ConfirmRecord)
    /// It carries this confirm, unresolved, made in the other flavor.
    case unresolvedInOtherFlavor(number: String, flavor: APIFlavor?)

    public func describe(_ text: Texts) -> String {
        switch self {
        case .inUse(let number, let other):
            return text(RefusalText.confirmNumberInUse, ["number": TerminalText.sanitize(number), "time": TerminalText.sanitize(other.time),
                                                         "coupon": TerminalText.sanitize(other.request.couponCode),
                                                         "openid": TerminalText.sanitize(other.request.openid)])
        case .unresolvedInOtherFlavor(let number, let flavor):
            return text(RefusalText.confirmOfOtherFlavor, ["number": TerminalText.sanitize(number),
                                                           "flavor": flavor.map { text.flavor($0.rawValue) } ?? text(RefusalText.unknownFlavor)])
        }
    }
}

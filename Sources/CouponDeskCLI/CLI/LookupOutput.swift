import Foundation
import WeChatPayCore

/// What the look-up commands (`check`, `coupons`, `stock`, `confirm`) share: the client, the brand and
/// appid they look up under, exit codes and the words for a coupon and a stock. Everything from the
/// network is sanitised before it is printed.
enum LookupOutput {
    static let brandIDOption = OptionSpec.value("--brand-id", "B", .optionBrandIdLookup)
    static let appidOption = OptionSpec.value("--appid", "A", .optionAppidLookup)

    static func client(_ live: ConfigResolution.Live) -> LookupClient {
        LookupClient(configuration: live.client, transport: live.transport)
    }

    /// The brand to look up under: `--brand-id`, else the config's default (the caller for
    /// brand-direct); nil after saying why not (exit 64).
    static func brandID(_ arguments: ParsedArguments, live: ConfigResolution.Live, command: String) -> String? {
        FlavorRules.brandID(given: arguments.value("--brand-id") ?? live.config.defaults.brandID, client: live.client, command: command)
    }

    /// A value of an option, else the config's default; nil after saying it is needed (exit 64).
    static func value(_ arguments: ParsedArguments, _ option: String, default fallback: String?, command: String) -> String? {
        if let given = arguments.value(option), !given.isEmpty { return given }
        if let fallback, !fallback.isEmpty { return fallback }
        printError("coupondesk \(command): \(option) is required (the config has no default for it); nothing was looked up")
        return nil
    }

    /// 3 for a definite no, 4 for an unknown outcome, 64 for input nothing was sent for, 1 otherwise.
    static func exitCode(_ failure: LookupFailure) -> ExitCode {
        switch failure {
        case .invalidQuery: return .usage
        case .signingFailed: return .failure
        case .refused: return .rejected
        case .unknown: return .unknown
        }
    }

    /// Says what became of a look-up that has no answer, and returns its exit code.
    static func report(_ failure: LookupFailure, what: String, command: String) -> ExitCode {
        switch failure {
        case .invalidQuery, .signingFailed:
            printError("coupondesk \(command): \(what): \(failure.description)")
        case .refused:
            printError("coupondesk \(command): WeChat Pay refused the look-up of \(what): \(failure.description)")
        case .unknown:
            printError("coupondesk \(command): no trustworthy answer to the look-up of \(what) (outcome unknown; run it again): \(failure.description)")
        }
        return exitCode(failure)
    }

    static func safe(_ text: String?) -> String { TerminalText.sanitize(text ?? "—") }

    /// `key  value` lines, keys padded to one width, empty values left out.
    static func rows(_ pairs: [(String, String?)], indent: String = "  ") -> [String] {
        let shown = pairs.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : (key, $0) } }
        let width = shown.map(\.0.count).max() ?? 0
        return shown.map { indent + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
    }

    /// What a coupon's state means for the person at the desk.
    static func meaning(of state: CouponState?) -> String {
        switch state {
        case .confirming?: return "claimed, waiting for the brand's confirm: the user sees it but cannot use it"
        case .pending?: return "not yet in effect"
        case .effective?: return "usable"
        case .used?: return "used"
        case .expired?: return "expired"
        case .deleted?: return "deleted by the user from the card wallet"
        case .deactivated?: return "deactivated by the brand"
        case let other?: return "a state this build does not know (\(safe(other.rawValue)))"
        case nil: return "the answer gave no state"
        }
    }

    /// The coupon's lines: code, state, times, validity, how and by which send.
    static func describe(_ coupon: UserCoupon) -> [String] {
        let validity: String? = (coupon.validBeginTime != nil || coupon.validEndTime != nil)
            ? "\(safe(coupon.validBeginTime)) → \(safe(coupon.validEndTime))" : nil
        return rows([
            ("coupon_code", coupon.couponCode.map(safe)),
            ("state", "\(safe(coupon.state?.rawValue ?? "none")) — \(meaning(of: coupon.state))"),
            ("receive_time", coupon.receiveTime.map(safe)),
            ("confirm_time", coupon.confirmTime.map(safe) ?? (coupon.state == .confirming ? "— (not confirmed)" : nil)),
            ("confirm_request_no", coupon.confirmRequestNo.map(safe)),
            ("valid", validity),
            ("send_channel", coupon.sendChannel.map(safe)),
            ("send_request_no", coupon.sendRequestNo.map(safe)),
        ], indent: "    ")
    }

    /// "12 of 100 — 88 left", or what is known of it.
    static func budget(used: Int?, max: Int?) -> String {
        switch (used, max) {
        case let (used?, max?): return "\(used) of \(max) — \(Swift.max(0, max - used)) left"
        case let (used?, nil): return "\(used) (no limit given)"
        case let (nil, max?): return "? of \(max) (the answer gave no count)"
        default: return "not given"
        }
    }

    /// The stock's lines: state, code mode, budgets, per-user limit, and the fields this build does not
    /// know (named, so nothing the server said is hidden).
    static func describe(_ stock: ProductCouponStock, now: Date = Date()) -> [String] {
        var pairs: [(String, String?)] = [
            ("stock_id", "\(safe(stock.stockID)) (product coupon \(safe(stock.productCouponID)))"),
            ("state", stock.state.map { safe($0.rawValue) + ($0 == .sending ? "" : " — not sending: every send is refused") }),
            ("code mode", stock.couponCodeMode.map(safe)),
            ("total", budget(used: stock.sentTotal, max: stock.maxCount)),
            ("today", stock.maxCountPerDay == nil ? "no daily budget (\(stock.sentToday.map(String.init) ?? "?") sent today)"
                : budget(used: stock.sentToday, max: stock.maxCountPerDay) + " (\(ShanghaiCalendarDay.key(now)), Asia/Shanghai)"),
            ("per user", stock.maxCountPerUser.map { "at most \($0) (CONFIRMING coupons count)" } ?? "no per-user limit"),
        ]
        if let codes = stock.uploadedCodes {
            pairs.append(("uploaded codes", "\(codes.available.map(String.init) ?? "?") of \(codes.total.map(String.init) ?? "?") available"))
        }
        pairs.append(("remark", stock.remark.map(safe)))
        if !stock.unknownFields.isEmpty {
            pairs.append(("also returned", stock.unknownFields.map(safe).joined(separator: ", ") + " (see --json)"))
        }
        return rows(pairs, indent: "    ")
    }
}

import Console
import CouponDeskText
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
        printError("coupondesk \(command): " + cliText(CLIErrorText.required, ["option": option]))
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
            printError("coupondesk \(command): \(what): \(TerminalText.sanitize(cliText.failure(failure)))")
        case .refused:
            printError("coupondesk \(command): " + cliText(CLIErrorText.lookupRefused, ["what": what, "failure": cliText.failure(failure)]))
        case .unknown:
            printError("coupondesk \(command): " + cliText(CLIErrorText.lookupUnknown, ["what": what, "failure": cliText.failure(failure)]))
        }
        return exitCode(failure)
    }

    static func safe(_ text: String?) -> String { TerminalText.sanitize(text ?? "—") }

    /// What a coupon's state means for the person at the desk.
    static func meaning(of state: CouponState?, text: Texts = cliText) -> String {
        switch state {
        case .confirming?: return text(CLIText.meaningConfirming)
        case .pending?: return text(CLIText.meaningPending)
        case .effective?: return text(CLIText.meaningEffective)
        case .used?: return text(CLIText.meaningUsed)
        case .expired?: return text(CLIText.meaningExpired)
        case .deleted?: return text(CLIText.meaningDeleted)
        case .deactivated?: return text(CLIText.meaningDeactivated)
        case let other?: return text(CLIText.meaningUnknown, ["state": safe(other.rawValue)])
        case nil: return text(CLIText.meaningNone)
        }
    }

    /// The coupon's lines: code, state, times, validity, how and by which send.
    static func describe(_ coupon: UserCoupon, text: Texts = cliText) -> [String] {
        let validity: String? = (coupon.validBeginTime != nil || coupon.validEndTime != nil)
            ? "\(safe(coupon.validBeginTime)) → \(safe(coupon.validEndTime))" : nil
        return labelledRows([
            ("coupon_code", coupon.couponCode.map(safe)),
            (text(CLIText.labelState), "\(safe(coupon.state?.rawValue ?? "none")) — \(meaning(of: coupon.state, text: text))"),
            ("receive_time", coupon.receiveTime.map(safe)),
            ("confirm_time", coupon.confirmTime.map(safe) ?? (coupon.state == .confirming ? text(CLIText.notConfirmed) : nil)),
            ("confirm_request_no", coupon.confirmRequestNo.map(safe)),
            (text(CLIText.labelValid), validity),
            ("send_channel", coupon.sendChannel.map(safe)),
            ("send_request_no", coupon.sendRequestNo.map(safe)),
        ], indent: "    ")
    }

    /// "12 of 100 — 88 left", or what is known of it.
    static func budget(used: Int?, max: Int?, text: Texts = cliText) -> String {
        switch (used, max) {
        case let (used?, max?): return text(CLIText.budgetLeft, ["used": String(used), "max": String(max), "left": String(Swift.max(0, max - used))])
        case let (used?, nil): return text(CLIText.budgetNoLimit, ["used": String(used)])
        case let (nil, max?): return text(CLIText.budgetNoCount, ["max": String(max)])
        default: return text(CLIText.budgetNotGiven)
        }
    }

    /// The stock's lines: state, code mode, budgets, per-user limit, and the fields this build does not
    /// know (named, so nothing the server said is hidden).
    static func describe(_ stock: ProductCouponStock, now: Date = Date(), text: Texts = cliText) -> [String] {
        var pairs: [(String, String?)] = [
            ("stock_id", text(CLIText.stockOfProductCoupon, ["stock": safe(stock.stockID), "productCoupon": safe(stock.productCouponID)])),
            (text(CLIText.labelState), stock.state.map { safe($0.rawValue) + ($0 == .sending ? "" : text(CLIText.notSending)) }),
            (text(CLIText.labelCodeMode), stock.couponCodeMode.map(safe)),
            (text(CLIText.labelTotal), budget(used: stock.sentTotal, max: stock.maxCount, text: text)),
            (text(CLIText.labelToday), stock.maxCountPerDay == nil
                ? text(CLIText.noDailyBudget, ["count": stock.sentToday.map(String.init) ?? "?"])
                : budget(used: stock.sentToday, max: stock.maxCountPerDay, text: text)
                    + text(CLIText.todayOfShanghai, ["day": ShanghaiCalendarDay.key(now)])),
            (text(CLIText.labelPerUser), stock.maxCountPerUser.map { text(CLIText.perUserAtMost, ["count": String($0)]) }
                ?? text(CLIText.noPerUserLimit)),
        ]
        if let codes = stock.uploadedCodes {
            pairs.append((text(CLIText.labelUploadedCodes), text(CLIText.uploadedCodes, ["available": codes.available.map(String.init) ?? "?",
                                                                                      "total": codes.total.map(String.init) ?? "?"])))
        }
        pairs.append((text(CLIText.labelRemark), stock.remark.map(safe)))
        if !stock.unknownFields.isEmpty {
            pairs.append((text(CLIText.labelAlsoReturned), stock.unknownFields.map(safe).joined(separator: ", ") + text(CLIText.seeJSON)))
        }
        return labelledRows(pairs, indent: "    ")
    }
}

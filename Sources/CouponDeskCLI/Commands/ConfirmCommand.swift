import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk confirm SEND_REQUEST_NO`: confirms the coupon claimed from a send (PROTOCOL §9), with
/// the outcome safety of a send. `--openid O --coupon-code C` confirms a coupon of another system.
enum ConfirmCommand: Command {
    static let spec = CommandSpec(
        name: "confirm",
        summary: .confirmSummary,
        positionals: [],
        options: [
            .value("--out-request-no", "N", .confirmOutRequestNo),
            .value("--openid", "O", .confirmOpenid),
            .value("--coupon-code", "C", .confirmCouponCode),
            .value("--stock-id", "S", .confirmStockId),
            .value("--product-coupon-id", "P", .confirmProductCouponId),
            LookupOutput.appidOption,
            LookupOutput.brandIDOption,
            .flag("--json", .confirmJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .confirmDiscussion,
        optionalPositionals: ["SEND_REQUEST_NO"])

    /// The coupon to confirm, as found: where it belongs, and the send it came from (if any).
    struct Target {
        var coupon: UserCoupon
        var place: ConfirmPolicy.CouponPlace
        var sendRequestNo: String?
    }

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals.first
        let byCoupon = arguments.value("--openid") != nil || arguments.value("--coupon-code") != nil
        guard (number != nil) != byCoupon,
              byCoupon ? (arguments.value("--openid") != nil && arguments.value("--coupon-code") != nil) : true else {
            printError("coupondesk confirm: name the coupon either by SEND_REQUEST_NO (a send in the history) or by --openid O --coupon-code C, not both; nothing was sent")
            return .usage
        }
        if let number, let problem = PreSendField.sendRequestNo.problem(with: number) {
            printError("coupondesk confirm: \(TerminalText.sanitize(problem))")
            return .usage
        }
        let requested = arguments.value("--out-request-no")
        if let requested, let problem = ConfirmRequest.outRequestNoProblem(requested) {
            printError("coupondesk confirm: \(TerminalText.sanitize(problem)); nothing was sent")
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "confirm") else { return .config }
        let target: Target
        switch await find(number: number, arguments: arguments, live: live) {
        case .success(let found): target = found
        case .failure(let exit): return exit.code
        }
        let store = HistoryStore(path: ConfigResolution.historyPath(arguments, config: live.config))
        let json = arguments.has("--json")
        let client = ConfirmClient(configuration: live.client, transport: live.transport)
        let outcome = await client.confirm(target.coupon, place: target.place, sendRequestNo: target.sendRequestNo,
                                          requestedNumber: requested, journal: store, operator: live.operatorName, mode: live.mode)
        switch outcome {
        case .notConfirmable(let state):
            printError("coupondesk confirm: coupon \(LookupOutput.safe(target.coupon.couponCode)) is \(TerminalText.sanitize(state)), not CONFIRMING: \(LookupOutput.meaning(of: target.coupon.state)); only a CONFIRMING coupon can be confirmed; nothing was sent")
            return .usage
        case .unresolvedUnderAnotherNumber(let open):
            printError("coupondesk confirm: the confirm of \(TerminalText.sanitize(open.time)) of this coupon (out_request_no \(TerminalText.sanitize(open.request.outRequestNo))) is unresolved; only the same number resolves it: leave out --out-request-no, or give that number; nothing was sent")
            return .usage
        case .alreadyConfirmed(let confirmNo, let time):
            if json {
                printOut(result(target, outcome: "already_confirmed", outRequestNo: confirmNo, coupon: target.coupon, record: nil))
            } else {
                printOut("already confirmed: coupon \(LookupOutput.safe(target.coupon.couponCode)) is EFFECTIVE (confirm_request_no \(LookupOutput.safe(confirmNo)) at \(LookupOutput.safe(time))); nothing was sent")
            }
            return .ok
        case .notSent(let refusal):
            printError("coupondesk confirm: \(TerminalText.sanitize(refusal.description))")
            switch refusal {
            case .invalidRequest, .numberReused, .confirmingElsewhere: return .usage
            case .journalUnavailable, .signingFailed: return .failure
            }
        case .sent(let record, let coupon, let journalProblem, let repeating):
            if let repeating, !json {
                printError("coupondesk confirm: repeated the unresolved confirm of \(TerminalText.sanitize(repeating.time)) with the same out_request_no \(TerminalText.sanitize(record.request.outRequestNo))")
            }
            if let journalProblem {
                printError("coupondesk confirm: warning: the result could not be written to \(TerminalText.sanitize(store.path)) (\(TerminalText.sanitize(journalProblem))); the history shows this confirm as interrupted — run the same confirm again to record its outcome")
            }
            let request = record.request
            let again = target.sendRequestNo.map { "coupondesk confirm \($0)" }
                ?? "coupondesk confirm --openid \(request.openid) --coupon-code \(request.couponCode) --out-request-no \(request.outRequestNo)"
            if json {
                printOut(result(target, outcome: record.outcome.rawValue, outRequestNo: request.outRequestNo, coupon: coupon, record: record))
            } else {
                printOut(human(record, coupon: coupon, again: again))
            }
            switch record.outcome {
            case .confirmed: return .ok
            case .rejected: return .rejected
            case .unknown, .pending: return .unknown
            }
        }
    }

    struct Exit: Error { let code: ExitCode }

    /// Finds the coupon: from the send's record and the user's coupons (the entry with that
    /// send_request_no), or by --openid and --coupon-code with one look-up.
    static func find(number: String?, arguments: ParsedArguments, live: ConfigResolution.Live) async -> Result<Target, Exit> {
        let client = LookupOutput.client(live)
        if let number {
            guard let send = SendLookup.newest(number, arguments: arguments, live: live, command: "confirm") else { return .failure(Exit(code: .usage)) }
            let r = send.request
            let place = ConfirmPolicy.CouponPlace(openid: r.openid, brandID: r.brandID, productCouponID: r.productCouponID,
                                                  stockID: r.stockID, appid: r.appid)
            let query = UserCouponsQuery(openid: r.openid, appid: r.appid, brandID: r.brandID, productCouponID: r.productCouponID, stockID: r.stockID)
            switch await client.userCoupons(query) {
            case .failure(let failure):
                return .failure(Exit(code: LookupOutput.report(failure, what: "the user's coupons", command: "confirm")))
            case .success(let list):
                guard let coupon = list.entries.first(where: { $0.sendRequestNo == number }) else {
                    let more = list.isComplete ? "" : " in the \(list.pages) pages read (\(list.incompleteReason ?? "the list stopped early"))"
                    printError("coupondesk confirm: the token of send \(number) has not been claimed: no coupon of openid \(TerminalText.sanitize(r.openid)) in stock \(TerminalText.sanitize(r.stockID)) has that send_request_no\(more); nothing to confirm, nothing was sent (`coupondesk check \(number)`)")
                    return .failure(Exit(code: .usage))
                }
                return .success(Target(coupon: coupon, place: place, sendRequestNo: number))
            }
        }
        let defaults = live.config.defaults
        guard let appid = LookupOutput.value(arguments, "--appid", default: defaults.appid, command: "confirm"),
              let stockID = LookupOutput.value(arguments, "--stock-id", default: defaults.stockID, command: "confirm"),
              let productCouponID = LookupOutput.value(arguments, "--product-coupon-id", default: defaults.productCouponID, command: "confirm"),
              let brandID = LookupOutput.brandID(arguments, live: live, command: "confirm") else { return .failure(Exit(code: .usage)) }
        let openid = arguments.value("--openid") ?? "", code = arguments.value("--coupon-code") ?? ""
        let query = UserCouponQuery(openid: openid, couponCode: code, appid: appid, brandID: brandID,
                                    productCouponID: productCouponID, stockID: stockID)
        switch await client.userCoupon(query) {
        case .failure(let failure):
            return .failure(Exit(code: LookupOutput.report(failure, what: "coupon \(TerminalText.sanitize(code))", command: "confirm")))
        case .success(let coupon):
            let place = ConfirmPolicy.CouponPlace(openid: openid, brandID: brandID, productCouponID: productCouponID, stockID: stockID, appid: appid)
            // A coupon claimed from a send in this history is kept under that send.
            let history = ConfigResolution.historyPath(arguments, config: live.config)
            let fromHere = coupon.sendRequestNo.flatMap { number in
                (try? HistoryReader(path: history))?.sendRequestNumbers(among: [number]).first
            }
            return .success(Target(coupon: coupon, place: place, sendRequestNo: fromHere))
        }
    }

    /// `{"send_request_no", "outcome", "out_request_no", "coupon", "record"}`: the coupon as returned
    /// (the confirm's answer, or the coupon looked up when nothing was sent), the final record.
    static func result(_ target: Target, outcome: String, outRequestNo: String?, coupon: UserCoupon?, record: ConfirmRecord?) -> String {
        let recordValue = record.flatMap { try? $0.jsonLine() }.flatMap(JSONValue.parse) ?? .null
        return JSONValue.object([
            "send_request_no": target.sendRequestNo.map(JSONValue.string) ?? .null,
            "outcome": .string(outcome),
            "out_request_no": outRequestNo.map(JSONValue.string) ?? .null,
            "coupon": coupon?.raw ?? .null,
            "record": recordValue,
        ]).jsonText()
    }

    static func human(_ record: ConfirmRecord, coupon: UserCoupon?, again: String) -> String {
        let safe = LookupOutput.safe
        var lines: [String] = []
        switch record.outcome {
        case .confirmed:
            lines.append("confirmed: coupon \(safe(record.request.couponCode)) is \(safe(record.couponState ?? "confirmed"))")
        case .rejected:
            let category = record.error?.category ?? .other
            lines.append("rejected: \(category.summary) [\(category.rawValue)]")
        case .unknown, .pending:
            let category = record.error?.category ?? .networkError
            lines.append("UNKNOWN: \(category.summary) [\(category.rawValue)]")
        }
        if let error = record.error {
            let said = [error.httpStatus.map { "HTTP \($0)" }, error.code.map(safe), error.numericCode.map { "code \($0)" }, error.message.map(safe)]
                .compactMap { $0 }
            if !said.isEmpty { lines.append("  detail          \(said.joined(separator: "  "))") }
        }
        lines.append("  Request-ID      \(safe(record.requestID ?? "none (no response)"))")
        lines.append("  out_request_no  \(safe(record.request.outRequestNo))")
        lines.append("  openid          \(safe(record.request.openid))")
        lines.append("  attempts        \(record.attempts), \(record.elapsedMs) ms")
        if record.outcome == .unknown || record.outcome == .pending {
            lines.append("The coupon may or may not have been confirmed. Resolve it with the SAME confirm (same out_request_no):")
            lines.append("  \(again)")
        }
        return lines.joined(separator: "\n")
    }
}

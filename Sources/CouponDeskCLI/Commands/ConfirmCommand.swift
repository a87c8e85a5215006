import Console
import CouponHistory
import CouponDeskText
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
            printError("coupondesk confirm: " + cliText(CLIErrorText.confirmEitherOr))
            return .usage
        }
        if let number, let problem = PreSendField.sendRequestNo.fieldProblem(with: number) {
            printError("coupondesk confirm: \(TerminalText.sanitize(cliText.problem(problem)))")
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
            printError("coupondesk confirm: " + cliText(CLIErrorText.notConfirmable, ["coupon": LookupOutput.safe(target.coupon.couponCode),
                                                                                 "state": TerminalText.sanitize(state),
                                                                                 "meaning": LookupOutput.meaning(of: target.coupon.state)]))
            return .usage
        case .unresolvedUnderAnotherNumber(let open):
            printError("coupondesk confirm: " + cliText(CLIErrorText.confirmUnresolved, ["time": TerminalText.sanitize(open.time),
                                                                                    "number": TerminalText.sanitize(open.request.outRequestNo)]))
            return .usage
        case .alreadyConfirmed(let confirmNo, let time):
            if json {
                printOut(result(target, outcome: "already_confirmed", outRequestNo: confirmNo, coupon: target.coupon, record: nil))
            } else {
                printOut(cliText(CLIText.alreadyConfirmed, ["coupon": LookupOutput.safe(target.coupon.couponCode),
                                                            "number": LookupOutput.safe(confirmNo), "time": LookupOutput.safe(time)]))
            }
            return .ok
        case .notSent(let refusal):
            printError("coupondesk confirm: \(TerminalText.sanitize(refusal.describe(cliText)))")
            switch refusal {
            case .invalidRequest, .numberReused, .confirmingElsewhere: return .usage
            case .journalUnavailable, .signingFailed: return .failure
            }
        case .sent(let record, let coupon, let journalProblem, let repeating):
            if let repeating, !json {
                printError("coupondesk confirm: " + cliText(CLIErrorText.repeatedConfirm, ["time": TerminalText.sanitize(repeating.time),
                                                                                      "number": TerminalText.sanitize(record.request.outRequestNo)]))
            }
            if let journalProblem {
                printError("coupondesk confirm: " + cliText(CLIErrorText.confirmResultNotWritten, ["path": TerminalText.sanitize(store.path),
                                                                                              "problem": TerminalText.sanitize(journalProblem.describe(cliText))]))
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
                return .failure(Exit(code: LookupOutput.report(failure, what: cliText(CLIErrorText.theUsersCoupons), command: "confirm")))
            case .success(let list):
                guard let coupon = list.entries.first(where: { $0.sendRequestNo == number }) else {
                    let more = list.isComplete ? "" : cliText(CLIErrorText.inPagesRead, ["pages": String(list.pages),
                                                                                      "reason": list.incompleteReason ?? cliText(CLIErrorText.listStoppedEarly)])
                    printError("coupondesk confirm: " + cliText(CLIErrorText.notClaimed, ["number": number, "openid": TerminalText.sanitize(r.openid),
                                                                                     "stock": TerminalText.sanitize(r.stockID), "more": more]))
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

    static func human(_ record: ConfirmRecord, coupon: UserCoupon?, again: String, text: Texts = cliText) -> String {
        let safe = LookupOutput.safe
        let outcome: Outcome = switch record.outcome {
        case .confirmed: .issued
        case .rejected: .rejected
        case .unknown, .pending: .unknown
        }
        var lines = [SendOutput.outcomeLine(outcome, error: record.error, text: text) {
            text(CLIText.confirmedLine, ["coupon": safe(record.request.couponCode), "state": safe(record.couponState ?? "confirmed")])
        }]
        lines += labelledRows([
            (text(CLIText.labelDetail), SendOutput.detail(record.error, text: text)),
            ("Request-ID", safe(record.requestID ?? text(CLIText.noResponse))),
            ("out_request_no", safe(record.request.outRequestNo)),
            ("openid", safe(record.request.openid)),
            (text(CLIText.labelAttempts), text(CLIText.attemptsValue, ["attempts": String(record.attempts), "ms": String(record.elapsedMs)])),
        ])
        if record.outcome == .unknown || record.outcome == .pending {
            lines.append(text(CLIText.confirmUnknownAdvice))
            lines.append("  \(again)")
        }
        return lines.joined(separator: "\n")
    }
}

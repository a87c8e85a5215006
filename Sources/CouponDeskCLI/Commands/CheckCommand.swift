import Console
import CouponDeskText
import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk check SEND_REQUEST_NO`: "where is my coupon?" — from that send's history record, was
/// its token claimed, and the stock's state and budget (PROTOCOL §8).
enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: .checkSummary,
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", .checkJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .checkDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals[0]
        if let problem = PreSendField.sendRequestNo.fieldProblem(with: number) {
            printError("coupondesk check: \(TerminalText.sanitize(cliText.problem(problem)))")
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "check") else { return .config }
        guard let send = SendLookup.newest(number, arguments: arguments, live: live, command: "check") else { return .usage }
        let check = await LookupOutput.client(live).check(send.request)
        if let failure = check.failure {
            return LookupOutput.report(failure, what: describeFailedLookup(check, failure), command: "check")
        }
        if case .success(let list) = check.coupons, !list.isComplete, let reason = list.incompleteReason {
            printError("coupondesk check: the user's coupons: \(reason)")
        }
        if arguments.has("--json") {
            printOut(json(check))
        } else {
            printOut(human(check, send: send, confirms: SendLookup.confirms(of: number, arguments: arguments, live: live)))
        }
        return .ok
    }

    static func describeFailedLookup(_ check: SendCheck, _ failure: LookupFailure) -> String {
        if case .failure(let coupons) = check.coupons, coupons == failure { return cliText(CLIErrorText.theUsersCoupons) }
        return cliText(CLIErrorText.theStock)
    }

    /// `{"send_request_no", "claimed", "coupon", "stock", "user_coupons_in_stock"}`, the coupon and the
    /// stock exactly as returned.
    static func json(_ check: SendCheck) -> String {
        var object: [String: JSONValue] = [
            "send_request_no": .string(check.sendRequestNo),
            "claimed": check.claimed.map(JSONValue.bool) ?? .null,
            "coupon": check.coupon?.raw ?? .null,
            "stock": (try? check.stock.get())?.raw ?? .null,
            "user_coupons_in_stock": check.userCouponsInStock.map { .int(Int64($0)) } ?? .null,
        ]
        if case .success(let list) = check.coupons, !list.isComplete { object["user_coupons_complete"] = .bool(false) }
        return JSONValue.object(object).jsonText()
    }

    static func human(_ check: SendCheck, send: SendRecord, confirms: [ConfirmRecord], text: Texts = cliText) -> String {
        let safe = LookupOutput.safe
        let r = send.request
        var lines = [text(CLIText.checkSend, ["number": safe(r.sendRequestNo), "outcome": text.outcome(send.outcome), "time": safe(send.time),
                                              "openid": safe(r.openid), "stock": safe(r.stockID)])]
        if send.outcome != .issued { lines.append(text(CLIText.checkNotIssued)) }
        switch check.claimed {
        case true?:
            lines.append(text(CLIText.claimedYes))
            if let coupon = check.coupon { lines += LookupOutput.describe(coupon, text: text) }
            if check.coupon?.state == .confirming {
                lines.append(text(CLIText.confirmItHint, ["number": safe(r.sendRequestNo)]))
            }
        case false?:
            lines.append(text(CLIText.claimedNo, ["number": safe(r.sendRequestNo)]))
            lines.append(text(CLIText.claimedNoHint))
        case nil:
            lines.append(text(CLIText.claimedCannotTell))
        }
        for confirm in confirms {
            lines.append(text(CLIText.checkConfirm, ["number": safe(confirm.request.outRequestNo), "time": safe(confirm.time),
                                                     "outcome": text.outcome(confirm.outcome),
                                                     "category": confirm.error.map { " (\($0.category.rawValue))" } ?? ""]))
        }
        if case .success(let stock) = check.stock {
            lines.append(text(CLIText.stockHeading))
            lines += LookupOutput.describe(stock, text: text)
            if let held = check.userCouponsInStock {
                let limit = stock.maxCountPerUser.map { text(CLIText.userHoldsLimit, ["limit": String($0)]) } ?? ""
                lines.append(text(CLIText.userHolds, ["count": String(held), "limit": limit]))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Finding a send in the history for a look-up command.
enum SendLookup {
    /// The newest record of `number`, or nil after saying why not (exit 64). With a brand-direct config
    /// the send must be the caller's brand: its coupons and stock are looked up as that brand.
    static func newest(_ number: String, arguments: ParsedArguments, live: ConfigResolution.Live, command: String) -> SendRecord? {
        let path = ConfigResolution.historyPath(arguments, config: live.config)
        let records: [SendRecord]
        do { records = try HistoryStore(path: path).records(forSendRequestNo: number) } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize(String(describing: error)))")
            return nil
        }
        guard let newest = records.last else {
            printError("coupondesk \(command): " + cliText(CLIErrorText.noSendInHistory, ["number": number, "path": TerminalText.sanitize(path),
                                                                                      "nothing": cliText(CLIErrorText.nothingLookedUp)]))
            return nil
        }
        let client = live.client
        if !client.flavor.namesBrandInRequest, newest.request.brandID != client.callerID {
            printError("coupondesk \(command): " + cliText(CLIErrorText.otherBrand, ["number": number, "brand": TerminalText.sanitize(newest.request.brandID),
                                                                                 "flavor": cliText.flavor(client.flavor), "caller": client.callerID]))
            return nil
        }
        return newest
    }

    /// The confirms of the send recorded in the history (best effort: a read error shows none).
    static func confirms(of number: String, arguments: ParsedArguments, live: ConfigResolution.Live) -> [ConfirmRecord] {
        let path = ConfigResolution.historyPath(arguments, config: live.config)
        guard let reader = try? HistoryReader(path: path) else { return [] }
        return ConfirmPolicy.newestByNumber(reader.confirmEntries(forSendRequestNo: number).map(\.record))
    }
}

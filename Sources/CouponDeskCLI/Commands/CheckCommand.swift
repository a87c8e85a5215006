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
        if let problem = PreSendField.sendRequestNo.problem(with: number) {
            printError("coupondesk check: \(TerminalText.sanitize(problem))")
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
        if case .failure(let coupons) = check.coupons, coupons == failure { return "the user's coupons" }
        return "the stock"
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

    static func human(_ check: SendCheck, send: SendRecord, confirms: [ConfirmRecord]) -> String {
        let safe = LookupOutput.safe
        let r = send.request
        var lines = ["send \(safe(r.sendRequestNo)): \(send.outcome.rawValue) at \(safe(send.time)), openid \(safe(r.openid)), stock \(safe(r.stockID))"]
        if send.outcome != .issued {
            lines.append("  (this send was not issued, so there was no token to claim; the look-ups show the stock and the user's coupons as they are)")
        }
        switch check.claimed {
        case true?:
            lines.append("claimed: yes")
            if let coupon = check.coupon { lines += LookupOutput.describe(coupon) }
            if check.coupon?.state == .confirming {
                lines.append("  → confirm it: coupondesk confirm \(safe(r.sendRequestNo))")
            }
        case false?:
            lines.append("claimed: no — none of this user's coupons in the stock has send_request_no \(safe(r.sendRequestNo)).")
            lines.append("  The token opens the claim component for 5 minutes after it is issued; the user may not have opened it in time (the same send again — same fields, same number — gives a fresh token, never a second coupon).")
        case nil:
            lines.append("claimed: cannot tell — the coupon was not in the part of the list read (see above)")
        }
        for confirm in confirms {
            lines.append("  confirm \(safe(confirm.request.outRequestNo)) at \(safe(confirm.time)): \(confirm.outcome.rawValue)\(confirm.error.map { " (\($0.category.rawValue))" } ?? "")")
        }
        if case .success(let stock) = check.stock {
            lines.append("stock:")
            lines += LookupOutput.describe(stock)
            if let held = check.userCouponsInStock {
                let limit = stock.maxCountPerUser.map { " of at most \($0)" } ?? ""
                lines.append("    this user  holds \(held)\(limit) in this stock (every state, CONFIRMING included)")
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
            printError("coupondesk \(command): no send with send_request_no \(number) in \(TerminalText.sanitize(path)); nothing was looked up")
            return nil
        }
        let client = live.client
        if !client.flavor.namesBrandInRequest, newest.request.brandID != client.callerID {
            printError("coupondesk \(command): send \(number) was for brand \(TerminalText.sanitize(newest.request.brandID)) and this \(client.flavor.displayName) config calls as brand \(client.callerID); look it up with that brand's config; nothing was looked up")
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

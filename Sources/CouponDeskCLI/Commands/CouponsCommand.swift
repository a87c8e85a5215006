import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk coupons --openid O`: the user's coupons, every page (PROTOCOL §8).
enum CouponsCommand: Command {
    static let spec = CommandSpec(
        name: "coupons",
        summary: "List a user's product coupons (every page), marking those claimed from a send in the history",
        positionals: [],
        options: [
            .value("--openid", "O", required: true, "the user's openid under the AppID"),
            .value("--state", "STATE", "only coupons in this state: \(CouponState.known.map(\.rawValue).joined(separator: ", "))"),
            .value("--stock-id", "S", "only coupons of this stock"),
            .value("--product-coupon-id", "P", "only coupons of this product coupon"),
            LookupOutput.appidOption,
            LookupOutput.brandIDOption,
            .flag("--json", "print each coupon as returned, one JSON object per line (JSON Lines)"),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: """
        Pages are followed to the end; after \(LookupClient.maxPages) pages the list stops, saying so on
        stderr (exit 1): narrow it with --stock-id, --product-coupon-id or --state. A coupon marked * was
        claimed from a send in the history: `coupondesk check` that send, `coupondesk confirm` it.
        Exit codes: 0 answered, 1 the list stopped early, 3 WeChat Pay refused, 4 outcome unknown
        (network, verification), 64 bad input, 78 configuration error.

        Example:
          coupondesk coupons --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --state CONFIRMING
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        var state: CouponState? = nil
        if let text = arguments.value("--state") {
            guard let known = CouponState.known.first(where: { $0.rawValue == text.uppercased() }) else {
                printError("coupondesk coupons: --state must be one of \(CouponState.known.map(\.rawValue).joined(separator: ", ")) (got '\(TerminalText.sanitize(text))')")
                return .usage
            }
            state = known
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "coupons") else { return .config }
        guard let appid = LookupOutput.value(arguments, "--appid", default: live.config.defaults.appid, command: "coupons"),
              let brandID = LookupOutput.brandID(arguments, live: live, command: "coupons") else { return .usage }
        let query = UserCouponsQuery(openid: arguments.value("--openid") ?? "", appid: appid, brandID: brandID,
                                     productCouponID: arguments.value("--product-coupon-id"), stockID: arguments.value("--stock-id"),
                                     couponState: state)
        let list: UserCouponList
        switch await LookupOutput.client(live).userCoupons(query) {
        case .success(let answered): list = answered
        case .failure(let failure): return LookupOutput.report(failure, what: "the user's coupons", command: "coupons")
        }
        if arguments.has("--json") {
            writeOut(Data(list.entries.map { $0.raw.jsonText() + "\n" }.joined().utf8))
        } else {
            let history = ConfigResolution.historyPath(arguments, config: live.config)
            let numbers = Set(list.entries.compactMap(\.sendRequestNo))
            let sent = (try? HistoryReader(path: history))?.sendRequestNumbers(among: numbers) ?? []
            printOut(table(list, sentHere: sent))
        }
        if !list.isComplete {
            printError("coupondesk coupons: \(list.incompleteReason ?? "the list stopped early")")
            return .failure
        }
        return .ok
    }

    static func table(_ list: UserCouponList, sentHere: Set<String>) -> String {
        let safe = LookupOutput.safe
        guard !list.entries.isEmpty else { return "no coupons" }
        let header = ["", "coupon_code", "state", "stock_id", "receive_time", "send_request_no"]
        var rows = [header]
        for entry in list.entries {
            let mark = entry.sendRequestNo.map(sentHere.contains) == true ? "*" : ""
            rows.append([mark, safe(entry.couponCode), safe(entry.state?.rawValue), safe(entry.stockID), safe(entry.receiveTime),
                         safe(entry.sendRequestNo)])
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            String(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .reversed().drop { $0 == " " }.reversed())
        }
        lines.append("\(list.entries.count) coupon\(list.entries.count == 1 ? "" : "s")\(list.totalCount.map { " (total_count \($0))" } ?? "")"
                     + (sentHere.isEmpty ? "" : "; * claimed from a send in the history (coupondesk check SEND_REQUEST_NO)"))
        return lines.joined(separator: "\n")
    }
}

/// `coupondesk stock [STOCK_ID]`: the stock's state and budget (PROTOCOL §8).
enum StockCommand: Command {
    static let spec = CommandSpec(
        name: "stock",
        summary: "Show a stock's state, code mode and budget: total and today used/max (remaining), per-user limit",
        positionals: [],
        options: [
            .value("--product-coupon-id", "P", "the product coupon the stock belongs to (default: the config's defaults.product_coupon_id)"),
            LookupOutput.brandIDOption,
            .flag("--json", "print the stock as returned (one JSON object)"),
            ConfigResolution.configOption,
            .value("--history", "FILE", "accepted like every look-up command's; the stock look-up reads no history"),
        ],
        discussion: """
        STOCK_ID defaults to the config's defaults.stock_id. "today" is the day in Asia/Shanghai, as
        WeChat Pay counts daily budgets (they reset at 00:00 CST).
        Exit codes: 0 answered, 3 WeChat Pay refused (e.g. no such stock), 4 outcome unknown, 64 bad
        input, 78 configuration error.

        Example:
          coupondesk stock 1000000013001 --product-coupon-id 1000000013
        """,
        optionalPositionals: ["STOCK_ID"])

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        guard let live = ConfigResolution.loadLive(arguments, command: "stock") else { return .config }
        let defaults = live.config.defaults
        let stockID = arguments.positionals.first.flatMap { $0.isEmpty ? nil : $0 } ?? defaults.stockID
        guard let stockID, !stockID.isEmpty else {
            printError("coupondesk stock: name the stock (STOCK_ID; the config has no defaults.stock_id); nothing was looked up")
            return .usage
        }
        guard let productCouponID = LookupOutput.value(arguments, "--product-coupon-id", default: defaults.productCouponID, command: "stock"),
              let brandID = LookupOutput.brandID(arguments, live: live, command: "stock") else { return .usage }
        let query = StockQuery(brandID: brandID, productCouponID: productCouponID, stockID: stockID)
        switch await LookupOutput.client(live).stock(query) {
        case .failure(let failure):
            return LookupOutput.report(failure, what: "stock \(TerminalText.sanitize(stockID))", command: "stock")
        case .success(let stock):
            if arguments.has("--json") {
                printOut(stock.raw.jsonText())
            } else {
                printOut((["stock:"] + LookupOutput.describe(stock)).joined(separator: "\n"))
            }
            return .ok
        }
    }
}

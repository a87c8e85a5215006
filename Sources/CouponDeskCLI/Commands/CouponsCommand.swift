import Console
import CouponDeskText
import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk coupons --openid O`: the user's coupons, every page (PROTOCOL §8).
enum CouponsCommand: Command {
    static let spec = CommandSpec(
        name: "coupons",
        summary: .couponsSummary,
        positionals: [],
        options: [
            .value("--openid", "O", required: true, .couponsOpenid),
            .value("--state", "STATE", .couponsState, ["states": CouponState.known.map(\.rawValue).joined(separator: ", ")]),
            .value("--stock-id", "S", .couponsStockId),
            .value("--product-coupon-id", "P", .couponsProductCouponId),
            LookupOutput.appidOption,
            LookupOutput.brandIDOption,
            .flag("--json", .couponsJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .couponsDiscussion, discussionArguments: ["maxPages": String(LookupClient.maxPages)])

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        var state: CouponState? = nil
        if let text = arguments.value("--state") {
            guard let known = CouponState.known.first(where: { $0.rawValue == text.uppercased() }) else {
                printError("coupondesk coupons: " + cliText(CLIErrorText.stateMustBe, ["states": CouponState.known.map(\.rawValue).joined(separator: ", "),
                                                                                   "value": TerminalText.sanitize(text)]))
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
        case .failure(let failure): return LookupOutput.report(failure, what: cliText(CLIErrorText.theUsersCoupons), command: "coupons")
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
            printError("coupondesk coupons: \(list.incompleteReason ?? cliText(CLIErrorText.listStoppedEarly))")
            return .failure
        }
        return .ok
    }

    static func table(_ list: UserCouponList, sentHere: Set<String>) -> String {
        let safe = LookupOutput.safe
        guard !list.entries.isEmpty else { return cliText(CLIText.noCoupons) }
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
        let count = ["count": String(list.entries.count)]
        lines.append(cliText(list.entries.count == 1 ? CLIText.couponsCountOne : .couponsCountMany, count)
                     + (list.totalCount.map { cliText(CLIText.totalCount, ["count": String($0)]) } ?? "")
                     + (sentHere.isEmpty ? "" : cliText(CLIText.claimedHereNote)))
        return lines.joined(separator: "\n")
    }
}

/// `coupondesk stock [STOCK_ID]`: the stock's state and budget (PROTOCOL §8).
enum StockCommand: Command {
    static let spec = CommandSpec(
        name: "stock",
        summary: .stockSummary,
        positionals: [],
        options: [
            .value("--product-coupon-id", "P", .stockProductCouponId),
            LookupOutput.brandIDOption,
            .flag("--json", .stockJson),
            ConfigResolution.configOption,
            .value("--history", "FILE", .stockHistory),
        ],
        discussion: .stockDiscussion,
        optionalPositionals: ["STOCK_ID"])

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        guard let live = ConfigResolution.loadLive(arguments, command: "stock") else { return .config }
        let defaults = live.config.defaults
        let stockID = arguments.positionals.first.flatMap { $0.isEmpty ? nil : $0 } ?? defaults.stockID
        guard let stockID, !stockID.isEmpty else {
            printError("coupondesk stock: " + cliText(CLIErrorText.nameTheStock))
            return .usage
        }
        guard let productCouponID = LookupOutput.value(arguments, "--product-coupon-id", default: defaults.productCouponID, command: "stock"),
              let brandID = LookupOutput.brandID(arguments, live: live, command: "stock") else { return .usage }
        let query = StockQuery(brandID: brandID, productCouponID: productCouponID, stockID: stockID)
        switch await LookupOutput.client(live).stock(query) {
        case .failure(let failure):
            return LookupOutput.report(failure, what: cliText(CLIErrorText.stockCoupon, ["stock": TerminalText.sanitize(stockID)]), command: "stock")
        case .success(let stock):
            if arguments.has("--json") {
                printOut(stock.raw.jsonText())
            } else {
                printOut(([cliText(CLIText.stockHeading)] + LookupOutput.describe(stock)).joined(separator: "\n"))
            }
            return .ok
        }
    }
}

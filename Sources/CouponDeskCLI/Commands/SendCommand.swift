import CouponDeskText
import Console
import Foundation
import WeChatPayCore

/// `coupondesk send`: one pre-send from the command line (DESIGN §3), in the config's flavor.
/// Order: arguments, then every field rule (exit 64), then the config (exit 78), then the brand the
/// flavor allows (exit 64), then the send. Without --brand-id the brand_id rule waits for the config:
/// a brand-direct config supplies it (the caller).
enum SendCommand: Command {
    static let spec = CommandSpec(
        name: "send",
        summary: .sendSummary,
        positionals: [],
        options: [
            .value("--openid", "O", required: true, .sendOpenid),
            FlavorRules.brandIDOption,
            .value("--product-coupon-id", "P", required: true, .sendProductCouponId),
            .value("--stock-id", "S", required: true, .sendStockId),
            .value("--appid", "A", required: true, .sendAppid),
            .value("--coupon-code", "C", .sendCouponCode),
            .value("--attach", "T", .sendAttach),
            .value("--send-request-no", "N", .sendSendRequestNo),
            .flag("--json", .sendJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .sendDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let givenBrandID = arguments.value("--brand-id")
        var request = PreSendRequest(
            openid: arguments.value("--openid") ?? "",
            brandID: givenBrandID ?? "",
            productCouponID: arguments.value("--product-coupon-id") ?? "",
            stockID: arguments.value("--stock-id") ?? "",
            appid: arguments.value("--appid") ?? "",
            sendRequestNo: arguments.value("--send-request-no") ?? SendRequestNumber.generate(),
            couponCode: arguments.value("--coupon-code").flatMap { $0.isEmpty ? nil : $0 },
            attach: arguments.value("--attach").flatMap { $0.isEmpty ? nil : $0 })
        let problems = request.fieldProblems().filter { givenBrandID != nil || $0.field != .brandID }
        guard problems.isEmpty else {
            for problem in problems { printError("coupondesk send: \(TerminalText.sanitize(cliText.problem(problem)))") }
            printError("coupondesk send: " + cliText(CLIErrorText.invalidInput))
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "send") else { return .config }
        guard let brandID = FlavorRules.brandID(given: givenBrandID, client: live.client, command: "send") else { return .usage }
        request.brandID = brandID
        let history = ConfigResolution.historyPath(arguments, config: live.config)
        return await SendOutput.perform(request, live: live, historyPath: history,
                                        json: arguments.has("--json"), command: "send")
    }
}

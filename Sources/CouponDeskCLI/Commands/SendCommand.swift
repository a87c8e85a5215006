import Foundation
import WeChatPayCore

/// `coupondesk send`: one pre-send from the command line (DESIGN §3), in the config's flavor.
/// Order: arguments, then every field rule (exit 64), then the config (exit 78), then the brand the
/// flavor allows (exit 64), then the send. Without --brand-id the brand_id rule waits for the config:
/// a brand-direct config supplies it (the caller).
enum SendCommand: Command {
    static let spec = CommandSpec(
        name: "send",
        summary: "Pre-send a product coupon to one user and record it in the history",
        positionals: [],
        options: [
            .value("--openid", "O", required: true, "the user's openid under the AppID"),
            FlavorRules.brandIDOption,
            .value("--product-coupon-id", "P", required: true, "the product coupon (商品券) id"),
            .value("--stock-id", "S", required: true, "the stock (批次) id; must belong to the product coupon"),
            .value("--appid", "A", required: true, "AppID bound to the partner"),
            .value("--coupon-code", "C", "only for API_ASSIGN stocks: at most 40 of 0-9 A-Z a-z _ -"),
            .value("--attach", "T", "at most 150 characters, echoed back by queries and callbacks"),
            .value("--send-request-no", "N", "6–40 of 0-9 A-Z a-z _ -; generated when not given"),
            .flag("--json", "print exactly one JSON object (the history record) on stdout"),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: """
        Exit codes: 0 issued, 3 rejected by WeChat Pay, 4 outcome unknown (resend it with the same
        number), 64 invalid input (nothing sent), 78 configuration error (nothing sent).

        Example (partner config):
          coupondesk send --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --brand-id 120344 \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        Example (brand-direct config: the brand is the caller):
          coupondesk send --config brand.json --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o \\
            --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
        """)

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
        let problems = request.problems().filter { givenBrandID != nil || !$0.hasPrefix(PreSendField.brandID.rawValue + ":") }
        guard problems.isEmpty else {
            for problem in problems { printError("coupondesk send: \(TerminalText.sanitize(problem))") }
            printError("coupondesk send: invalid input; nothing was sent")
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

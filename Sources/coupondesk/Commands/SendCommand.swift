import Foundation
import WeChatPayCore

/// `coupondesk send`: one pre-send from a script (DESIGN §3).
enum SendCommand: Command {
    static let spec = CommandSpec(
        name: "send",
        summary: "Pre-send one product coupon to one user and record it in the history",
        positionals: [],
        options: [
            .value("--openid", "O", required: true, "the user's openid under the AppID"),
            .value("--brand-id", "B", required: true, "the brand that authorized you"),
            .value("--product-coupon-id", "P", required: true, "the product coupon (商品券) id"),
            .value("--stock-id", "S", required: true, "the stock (批次) id; must belong to the product coupon"),
            .value("--appid", "A", required: true, "AppID bound to the partner"),
            .value("--coupon-code", "C", "only for stocks in API_ASSIGN mode: at most 40 of 0-9 A-Z a-z _ -"),
            .value("--attach", "T", "free text echoed back by WeChat Pay, at most 150 characters"),
            .value("--send-request-no", "N", "6–40 of 0-9 A-Z a-z _ -; default: a fresh time-ordered number"),
            .flag("--json", "print exactly one JSON object: the history record of this send"),
            .value("--config", "FILE", "config file (default: $COUPONDESK_CONFIG, else ~/.config/coupondesk/config.json)"),
            .value("--history", "FILE", "history log (default: config history_file, else ~/.local/share/coupondesk/history.jsonl)"),
        ],
        discussion: """
        Every field is checked before anything is sent (exit 64 names the field and its rule). A
        `pending` record is written before the first attempt and the final record after it. 5xx, 429 and
        network failures are retried with the same send_request_no (1 s, 2 s, 4 s; at most 3 retries).

        Exit codes: 0 issued · 3 rejected by WeChat Pay · 4 outcome unknown (run `coupondesk resend NO`;
        never resend under a new number) · 64 invalid input · 78 configuration error.

        Examples:
          coupondesk send --openid oUpF8uMuAJO_M2pxb1Q9zNjWeS6o --brand-id 120344 \\
              --product-coupon-id 1000000013 --stock-id 1000000013001 --appid wx233544546545989
          coupondesk send ... --json | jq -r .token
          coupondesk demo send --openid o-demo-1     (the same on the built-in demo sandbox)
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let command = "coupondesk send"
        let request = PreSendRequest(
            openid: arguments.value("--openid") ?? "",
            brandID: arguments.value("--brand-id") ?? "",
            productCouponID: arguments.value("--product-coupon-id") ?? "",
            stockID: arguments.value("--stock-id") ?? "",
            appid: arguments.value("--appid") ?? "",
            sendRequestNo: arguments.value("--send-request-no") ?? SendRequestNumber.generate(),
            couponCode: arguments.value("--coupon-code").flatMap { $0.isEmpty ? nil : $0 },
            attach: arguments.value("--attach").flatMap { $0.isEmpty ? nil : $0 })
        // Input first: a typo should not wait for key loading, and nothing is sent either way.
        let problems = request.problems()
        guard problems.isEmpty else {
            printError(problems.map { "\(command): \(TerminalText.sanitize($0))" }.joined(separator: "\n") + "\nNothing was sent.")
            return .usage
        }
        guard let (config, client) = LiveClientSetup.open(arguments, command: command) else { return .config }
        return await SendPresentation.run(
            request, client: client,
            historyPath: ConfigLocation.historyPath(explicit: arguments.value("--history"), config: config),
            mode: SendPresentation.mode(of: config), operator: SendPresentation.operatorName(config),
            json: arguments.has("--json"), command: command,
            resendHint: "coupondesk resend \(request.sendRequestNo)")
    }
}

import CouponHistory
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk demo send ...`: one send against the embedded demo sandbox, in-process, through the same
/// client, signing and verification as a live send; recorded in the demo's own history.
enum DemoSendCommand: Command {
    static let spec = CommandSpec(
        name: "demo send",
        summary: "Send once on the built-in demo sandbox (no credentials, no network): every outcome on demand",
        positionals: [],
        options: [
            .value("--openid", "O", required: true, "the user's openid; fault-...- prefixes trigger faults (see README)"),
            .value("--brand-id", "B", "brand (default: the demo brand \(DemoData.brandID))"),
            .value("--product-coupon-id", "P", "product coupon (default \(DemoData.productCouponID))"),
            .value("--stock-id", "S", "stock (default \(DemoData.StockID.plenty); see the list below)"),
            .value("--appid", "A", "AppID (default \(DemoData.appid))"),
            .value("--coupon-code", "C", "coupon code (only for the API_ASSIGN stock \(DemoData.StockID.apiAssign))"),
            .value("--attach", "T", "free text echoed by WeChat Pay, at most 150 characters"),
            .value("--send-request-no", "N", "reuse a number to resend (resolves an unknown outcome); default: a fresh one"),
            .flag("--json", "print the history record of the send as one JSON object"),
        ],
        discussion: """
        The demo sandbox lives in $XDG_DATA_HOME/coupondesk/demo (~/.local/share/coupondesk/demo), is
        created on first use, and keeps its own history.jsonl there. Exit codes as `send`: 0 issued,
        3 rejected, 4 unknown, 64 invalid input.

        Stocks: \(DemoData.StockID.plenty) issued · \(DemoData.StockID.totalBudget) total budget 3 · \(DemoData.StockID.dailyBudget) daily budget 2 ·
        \(DemoData.StockID.perUser) one per user · \(DemoData.StockID.paused) paused · \(DemoData.StockID.apiAssign) API_ASSIGN (needs --coupon-code)
        Faults by openid prefix: fault-system-error-, fault-rate-limited-, fault-timeout-, fault-drop-,
        fault-bad-signature-, fault-probe-signature-, fault-stale-timestamp-, fault-unsigned-,
        fault-malformed-json-, fault-oversized-, fault-html-502-, fault-control-chars-

        Examples:
          coupondesk demo send --openid o-alice
          coupondesk demo send --openid o-bob --stock-id \(DemoData.StockID.totalBudget)
          coupondesk demo send --openid fault-timeout-1 --json
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let demo: DemoEnvironment
        let client: PreSendClient
        do {
            demo = try DemoEnvironment.open()
            let config = try demo.loadConfig()
            client = PreSendClient(configuration: try config.makeClientConfiguration(warn: { printError($0) }),
                                   transport: demo.transport)
        } catch {
            printError("coupondesk demo send: the demo sandbox is not usable: \(TerminalText.sanitize(String(describing: error)))")
            return .config
        }
        if demo.created { printError("demo sandbox created in \(demo.directory.path)") }

        let request = PreSendRequest(
            openid: arguments.value("--openid") ?? "",
            brandID: arguments.value("--brand-id") ?? DemoData.brandID,
            productCouponID: arguments.value("--product-coupon-id") ?? DemoData.productCouponID,
            stockID: arguments.value("--stock-id") ?? DemoData.StockID.plenty,
            appid: arguments.value("--appid") ?? DemoData.appid,
            sendRequestNo: arguments.value("--send-request-no") ?? SendRequestNumber.generate(),
            couponCode: arguments.value("--coupon-code").flatMap { $0.isEmpty ? nil : $0 },
            attach: arguments.value("--attach").flatMap { $0.isEmpty ? nil : $0 })

        return await SendOutput.perform(
            request, client: client, operator: ProcessInfo.processInfo.environment["USER"], mode: "demo",
            historyPath: demo.historyPath, json: arguments.has("--json"), command: "demo send",
            resendHint: "coupondesk demo send --openid \(TerminalText.sanitize(request.openid)) --stock-id \(TerminalText.sanitize(request.stockID)) --send-request-no \(request.sendRequestNo) (and the same other fields)")
    }
}

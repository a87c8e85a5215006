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
            DemoSendCommand.flavorOption,
            .value("--brand-id", "B", "brand (default: the demo brand \(DemoData.brandID); with --flavor brand it is the caller and, if given, must be it)"),
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

        --flavor brand sends brand-direct (品牌直连): the brand-direct path and scheme, signed with the
        demo's brand key, recorded with "flavor": "brand". Both flavors share the demo's stocks and history.

        Examples:
          coupondesk demo send --openid o-alice
          coupondesk demo send --openid o-carol --flavor brand
          coupondesk demo send --openid o-bob --stock-id \(DemoData.StockID.totalBudget)
          coupondesk demo send --openid fault-timeout-1 --json
        """)

    static let flavorOption = OptionSpec.value("--flavor", "F", "partner (the default: 服务商) or brand (品牌直连, brand-direct)")

    /// `--flavor`: partner (default) or brand; nil after saying why not.
    static func flavor(_ arguments: ParsedArguments, command: String) -> APIFlavor? {
        guard let text = arguments.value("--flavor") else { return .partner }
        guard let flavor = APIFlavor(rawValue: text) else {
            printError("\(command): --flavor must be partner or brand, got \(TerminalText.sanitize(text))")
            return nil
        }
        return flavor
    }

    /// The demo sandbox and a client on it (in-process transport) in `flavor`, or nil after saying why not.
    static func openDemo(command: String, flavor: APIFlavor = .partner) -> (DemoEnvironment, PreSendClient)? {
        do {
            let demo = try DemoEnvironment.open()
            let config = try demo.loadConfig(flavor: flavor)
            let client = PreSendClient(configuration: try config.makeClientConfiguration(warn: { printError($0) }),
                                       transport: demo.transport)
            if demo.created { printError("demo sandbox created in \(demo.directory.path)") }
            return (demo, client)
        } catch {
            printError("\(command): the demo sandbox is not usable: \(TerminalText.sanitize(String(describing: error)))")
            return nil
        }
    }

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        guard let flavor = flavor(arguments, command: "coupondesk demo send") else { return .usage }
        guard let (demo, client) = openDemo(command: "coupondesk demo send", flavor: flavor) else { return .config }
        guard let brandID = FlavorRules.brandID(given: arguments.value("--brand-id") ?? (flavor.namesBrandInRequest ? DemoData.brandID : nil),
                                                client: client.configuration, command: "demo send") else { return .usage }

        let request = PreSendRequest(
            openid: arguments.value("--openid") ?? "",
            brandID: brandID,
            productCouponID: arguments.value("--product-coupon-id") ?? DemoData.productCouponID,
            stockID: arguments.value("--stock-id") ?? DemoData.StockID.plenty,
            appid: arguments.value("--appid") ?? DemoData.appid,
            sendRequestNo: arguments.value("--send-request-no") ?? SendRequestNumber.generate(),
            couponCode: arguments.value("--coupon-code").flatMap { $0.isEmpty ? nil : $0 },
            attach: arguments.value("--attach").flatMap { $0.isEmpty ? nil : $0 })

        return await SendOutput.perform(
            request, client: client, operator: OperatorName.resolve(configured: nil), mode: .demo,
            historyPath: demo.historyPath, json: arguments.has("--json"), command: "demo send",
            resendHint: "coupondesk demo resend \(request.sendRequestNo)")
    }
}

/// `coupondesk demo resend NO`: `resend` on the demo sandbox and its history.
enum DemoResendCommand: Command {
    static let spec = CommandSpec(
        name: "demo resend",
        summary: "Resend an unknown demo send with the same send_request_no and the identical request",
        positionals: ["SEND_REQUEST_NO"],
        options: [.flag("--json", "print the history record of the resend as one JSON object")],
        discussion: """
        Like `coupondesk resend`, on the demo's history: only a send whose newest record is unknown
        (or pending, or rate limited) is resent, with the request rebuilt from its record, in the
        record's flavor (partner or brand-direct).

        Example:
          coupondesk demo send --openid fault-drop-1      # unknown: the connection was dropped
          coupondesk demo resend CD20261128141200123_a1B2c3D4
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let command = "coupondesk demo resend"
        let number = arguments.positionals[0]
        if let problem = PreSendField.sendRequestNo.problem(with: number) {
            printError("\(command): \(TerminalText.sanitize(problem))")
            return .usage
        }
        guard let (demo, _) = DemoSendCommand.openDemo(command: command) else { return .config }
        let newest: SendRecord
        do {
            guard let found = try HistoryStore(path: demo.historyPath).records(forSendRequestNo: number).last else {
                printError("\(command): no demo send with send_request_no \(number) in \(demo.historyPath)")
                return .usage
            }
            newest = found
        } catch {
            printError("\(command): \(TerminalText.sanitize(String(describing: error)))")
            return .failure
        }
        // The demo holds a config of each flavor: the record's own is used.
        guard let (_, client) = DemoSendCommand.openDemo(command: command, flavor: newest.flavor ?? .partner) else { return .config }
        if let refusal = SendPolicy.resendRefusal(for: newest, mode: .demo).map(\.description) ?? FlavorRules.resendRefusal(for: newest, client: client.configuration) {
            printError("\(command): not resending \(number): \(refusal)")
            return .usage
        }
        return await SendOutput.perform(
            newest.request, client: client, operator: OperatorName.resolve(configured: nil), mode: .demo,
            historyPath: demo.historyPath, json: arguments.has("--json"), command: "demo resend",
            resendHint: "coupondesk demo resend \(number)")
    }
}

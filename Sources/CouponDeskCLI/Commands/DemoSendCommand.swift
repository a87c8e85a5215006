import Console
import CouponDeskText
import CouponHistory
import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk demo send ...`: one send against the embedded demo sandbox, in-process, through the same
/// client, signing and verification as a live send; recorded in the demo's own history.
enum DemoSendCommand: Command {
    static let spec = CommandSpec(
        name: "demo send",
        summary: .demoSendSummary,
        positionals: [],
        options: [
            .value("--openid", "O", required: true, .demoSendOpenid),
            DemoSendCommand.flavorOption,
            .value("--brand-id", "B", .demoSendBrandId, ["brand": DemoData.brandID]),
            .value("--product-coupon-id", "P", .demoSendProductCouponId, ["productCoupon": DemoData.productCouponID]),
            .value("--stock-id", "S", .demoSendStockId, ["stockPlenty": DemoData.StockID.plenty]),
            .value("--appid", "A", .demoSendAppid, ["appid": DemoData.appid]),
            .value("--coupon-code", "C", .demoSendCouponCode, ["stockAPIAssign": DemoData.StockID.apiAssign]),
            .value("--attach", "T", .demoSendAttach),
            .value("--send-request-no", "N", .demoSendSendRequestNo),
            .flag("--json", .demoSendJson),
        ],
        discussion: .demoSendDiscussion, discussionArguments: ["stockPlenty": DemoData.StockID.plenty, "stockAPIAssign": DemoData.StockID.apiAssign, "stockTotalBudget": DemoData.StockID.totalBudget, "stockDailyBudget": DemoData.StockID.dailyBudget, "stockPerUser": DemoData.StockID.perUser, "stockPaused": DemoData.StockID.paused])

    static let flavorOption = OptionSpec.value("--flavor", "F", .optionFlavorDemo)

    /// `--flavor`: partner (default) or brand; nil after saying why not.
    static func flavor(_ arguments: ParsedArguments, command: String) -> APIFlavor? {
        guard let text = arguments.value("--flavor") else { return .partner }
        guard let flavor = APIFlavor(rawValue: text) else {
            printError("\(command): " + cliText(SandboxText.flavorMustBe, ["value": TerminalText.sanitize(text)]))
            return nil
        }
        return flavor
    }

    /// The demo sandbox and a client on it (in-process transport) in `flavor`, or nil after saying why not.
    static func openDemo(command: String, flavor: APIFlavor = .partner) -> (DemoEnvironment, PreSendClient)? {
        do {
            let demo = try DemoEnvironment.open(environment: CommandContext.current.environment)
            let config = try demo.loadConfig(flavor: flavor)
            let client = PreSendClient(configuration: try config.makeClientConfiguration(warn: { printError(cliWarning($0)) }),
                                       transport: demo.transport)
            if demo.created { printError(cliText(SandboxText.demoCreated, ["path": demo.directory.path])) }
            return (demo, client)
        } catch {
            printError("\(command): " + cliText(SandboxText.demoNotUsable, ["error": TerminalText.sanitize(String(describing: error))]))
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
        summary: .demoResendSummary,
        positionals: ["SEND_REQUEST_NO"],
        options: [.flag("--json", .demoResendJson)],
        discussion: .demoResendDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let command = "coupondesk demo resend"
        let number = arguments.positionals[0]
        if let problem = PreSendField.sendRequestNo.fieldProblem(with: number) {
            printError("\(command): \(TerminalText.sanitize(cliText.problem(problem)))")
            return .usage
        }
        guard let (demo, _) = DemoSendCommand.openDemo(command: command) else { return .config }
        let newest: SendRecord
        do {
            guard let found = try HistoryStore(path: demo.historyPath).records(forSendRequestNo: number).last else {
                printError("\(command): " + cliText(CLIErrorText.noDemoSend, ["number": number, "path": demo.historyPath]))
                return .usage
            }
            newest = found
        } catch {
            printError("\(command): \(cliWords(error))")
            return .failure
        }
        // The demo holds a config of each flavor: the record's own is used.
        guard let (_, client) = DemoSendCommand.openDemo(command: command, flavor: newest.flavor ?? .partner) else { return .config }
        if let refusal = SendPolicy.resendRefusal(for: newest, mode: .demo).map(cliText.refusal) ?? FlavorRules.resendRefusal(for: newest, client: client.configuration) {
            printError("\(command): " + cliText(CLIErrorText.notResending, ["number": number, "reason": refusal]))
            return .usage
        }
        return await SendOutput.perform(
            newest.request, client: client, operator: OperatorName.resolve(configured: nil), mode: .demo,
            historyPath: demo.historyPath, json: arguments.has("--json"), command: "demo resend",
            resendHint: "coupondesk demo resend \(number)")
    }
}

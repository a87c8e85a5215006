import Console
import CouponDeskText
import Foundation
import CouponHistory
import WeChatPayCore

/// `coupondesk resend NO`: sends the identical request again to resolve an unknown outcome (PROTOCOL §5:
/// only the same send_request_no with the same body can resolve it without risking a second coupon).
enum ResendCommand: Command {
    static let spec = CommandSpec(
        name: "resend",
        summary: .resendSummary,
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", .resendJson),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: .resendDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals.first ?? ""
        if let problem = PreSendField.sendRequestNo.fieldProblem(with: number) {
            printError("coupondesk resend: \(TerminalText.sanitize(cliText.problem(problem)))")
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "resend") else { return .config }
        let historyPath = ConfigResolution.historyPath(arguments, config: live.config)
        let records: [SendRecord]
        do { records = try HistoryStore(path: historyPath).records(forSendRequestNo: number) } catch {
            printError("coupondesk resend: \(cliWords(error))")
            return .failure
        }
        guard let newest = records.last else {
            printError("coupondesk resend: " + cliText(CLIErrorText.noSendInHistory, ["number": number, "path": historyPath,
                                                                                  "nothing": cliText(CLIErrorText.nothingSent)]))
            return .usage
        }
        if let reason = SendPolicy.resendRefusal(for: newest, mode: live.mode).map(cliText.refusal) ?? FlavorRules.resendRefusal(for: newest, client: live.client) {
            printError("coupondesk resend: " + cliText(CLIErrorText.notResending, ["number": number, "reason": reason]))
            return .usage
        }
        return await SendOutput.perform(newest.request, live: live, historyPath: historyPath,
                                        json: arguments.has("--json"), command: "resend")
    }
}

import CouponHistory
import Foundation
import WeChatPayCore

/// `coupondesk resend NO`: resolves a send whose outcome is unknown by sending the identical request
/// again under the same send_request_no (PROTOCOL §5). A new number could pre-send a second coupon.
enum ResendCommand: Command {
    static let spec = CommandSpec(
        name: "resend",
        summary: "Send an unknown (or rate-limited) send again with the same send_request_no",
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", "print exactly one JSON object: the history record of this resend"),
            .value("--config", "FILE", "config file (as for send)"),
            .value("--history", "FILE", "history log (as for send)"),
        ],
        discussion: """
        The request is rebuilt from the newest history record of SEND_REQUEST_NO, field for field, so
        WeChat Pay sees the same send: if the first attempt did pre-send the coupon, the resend returns
        its token and no second coupon is counted. Only sends whose newest record is `unknown`, a
        `pending` record left by an interrupted send, or `rejected` as rate_limited can be resent;
        for the others the outcome is already definite.

        Exit codes as for send: 0 issued · 3 rejected · 4 still unknown · 64 nothing to resend · 78 config.

        Example:
          coupondesk history list --outcome unknown
          coupondesk resend CD20261128141200123_a1B2c3D4
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let command = "coupondesk resend"
        let number = arguments.positionals[0]
        if let problem = PreSendField.sendRequestNo.problem(with: number) {
            printError("\(command): \(TerminalText.sanitize(problem))")
            return .usage
        }
        // The config first: it may name the history file.
        guard let (config, client) = LiveClientSetup.open(arguments, command: command) else { return .config }
        let historyPath = ConfigLocation.historyPath(explicit: arguments.value("--history"), config: config)
        let newest: SendRecord
        do {
            guard let found = try HistoryStore(path: historyPath).records(forSendRequestNo: number).last else {
                printError("\(command): no send with send_request_no \(number) in \(historyPath)\nSee `coupondesk history list`.")
                return .usage
            }
            newest = found
        } catch {
            printError("\(command): \(TerminalText.sanitize(String(describing: error)))")
            return .failure
        }
        if let refusal = refusal(for: newest) {
            printError("\(command): \(number) \(refusal)")
            return .usage
        }
        return await SendPresentation.run(
            newest.request, client: client, historyPath: historyPath,
            mode: SendPresentation.mode(of: config), operator: SendPresentation.operatorName(config),
            json: arguments.has("--json"), command: command, resendHint: "coupondesk resend \(number)")
    }

    /// Why the newest record of a send may not be resent, or nil when it may.
    static func refusal(for record: SendRecord) -> String? {
        switch record.outcome {
        case .pending, .unknown:
            return nil
        case .rejected where record.error?.category == .rateLimited:
            return nil // 429: WeChat Pay says it did not accept the request; the same number is safe.
        case .issued:
            return "was already issued (token \(TerminalText.sanitize(record.token ?? "")) at \(record.time)); nothing to resend."
        case .rejected:
            let category = record.error?.category ?? .other
            return "was rejected (\(category.rawValue): \(category.summary)): a definite no, so resending the same request cannot change it. Fix the cause and send anew."
        }
    }
}

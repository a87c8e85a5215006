import Foundation
import CouponHistory
import WeChatPayCore

/// `coupondesk resend NO`: sends the identical request again to resolve an unknown outcome (PROTOCOL §5:
/// only the same send_request_no with the same body can resolve it without risking a second coupon).
enum ResendCommand: Command {
    static let spec = CommandSpec(
        name: "resend",
        summary: "Resend an unknown, interrupted or rate-limited send with the same send_request_no",
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", "print exactly one JSON object (the new history record) on stdout"),
            ConfigResolution.configOption,
            ConfigResolution.historyOption,
        ],
        discussion: """
        Allowed only when the newest record of SEND_REQUEST_NO is unknown, pending (interrupted), or
        rate_limited. The request is rebuilt from that record, field for field, in the record's flavor,
        so the body is identical; a config of another flavor (or, brand-direct, another brand) is
        refused (exit 64), since only the same request through the same door resolves a send.
        Exit codes as for send.
        """)

    /// Whether the newest record of a number may be resent, and if not, why.
    static func refusal(for newest: SendRecord, mode: String) -> String? {
        if newest.mode != mode {
            return "it was sent in \(newest.mode) mode but this config is \(mode); resend it where it was sent"
        }
        switch newest.outcome {
        case .unknown, .pending: return nil
        case .rejected where newest.error?.category == .rateLimited: return nil
        case .issued:
            return "it was already issued (token \(TerminalText.sanitize(newest.token ?? "?")), Request-ID \(TerminalText.sanitize(newest.requestID ?? "?"))); nothing to resolve"
        case .rejected:
            let category = newest.error?.category ?? .other
            return "WeChat Pay definitely refused it (\(category.rawValue): \(category.summary)); sending it again as is will not help — fix the cause and use `coupondesk send` with a new number"
        }
    }

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals.first ?? ""
        if let problem = PreSendField.sendRequestNo.problem(with: number) {
            printError("coupondesk resend: \(TerminalText.sanitize(problem))")
            return .usage
        }
        guard let live = ConfigResolution.loadLive(arguments, command: "resend") else { return .config }
        let historyPath = ConfigResolution.historyPath(arguments, config: live.config)
        let records: [SendRecord]
        do { records = try HistoryStore(path: historyPath).records(forSendRequestNo: number) } catch {
            printError("coupondesk resend: \(TerminalText.sanitize(String(describing: error)))")
            return .failure
        }
        guard let newest = records.last else {
            printError("coupondesk resend: no send with send_request_no \(number) in \(historyPath); nothing was sent")
            return .usage
        }
        if let reason = refusal(for: newest, mode: live.mode) ?? FlavorRules.resendRefusal(for: newest, client: live.client) {
            printError("coupondesk resend: not resending \(number): \(reason)")
            return .usage
        }
        return await SendOutput.perform(newest.request, live: live, historyPath: historyPath,
                                        json: arguments.has("--json"), command: "resend")
    }
}

import Foundation
import CouponHistory
import WeChatPayCore

/// How `send`, `resend` and `demo send` perform a send and show its result: human text by default,
/// exactly one JSON record with `--json`, and the exit code of DESIGN §3 — one path, so they never drift.
enum SendOutput {
    static func exitCode(for outcome: Outcome) -> ExitCode {
        switch outcome {
        case .issued: return .ok
        case .rejected: return .rejected
        case .unknown, .pending: return .unknown
        }
    }

    /// Sends through `live`, writing to the history at `historyPath`, prints the result, returns the exit code.
    static func perform(_ request: PreSendRequest, live: ConfigResolution.Live, historyPath: String,
                        json: Bool, command: String) async -> ExitCode {
        await perform(request, client: PreSendClient(configuration: live.client, transport: live.transport),
                      operator: live.operatorName, mode: live.mode, historyPath: historyPath, json: json,
                      command: command, resendHint: "coupondesk resend \(request.sendRequestNo)")
    }

    /// Sends through `client`. `resendHint` is the command that resolves an unknown outcome.
    static func perform(_ request: PreSendRequest, client: PreSendClient, operator: String?, mode: SendMode,
                        historyPath: String, json: Bool, command: String, resendHint: String) async -> ExitCode {
        let journal = HistoryStore(path: historyPath, notice: { printError("coupondesk \(command): \($0)") })
        let report: SendReport
        do {
            report = try await client.execute(request, journal: journal, operator: `operator`, mode: mode)
        } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize(error.description))")
            switch error {
            case .invalidRequest, .numberReused, .sendingElsewhere: return .usage
            case .journalUnavailable, .signingFailed: return .failure
            }
        }
        if let problem = report.journalProblem {
            printError("coupondesk \(command): warning: the result could not be written to \(historyPath) (\(TerminalText.sanitize(problem))); the history shows this send as interrupted — resend it to record the outcome")
        }
        if json {
            printOut(jsonText(report.record))
        } else {
            printOut(human(report.record, resendHint: resendHint))
        }
        return exitCode(for: report.record.outcome)
    }

    /// The record as one JSON line. Characters a terminal could act on (C1 controls, bidi overrides...)
    /// that JSONEncoder leaves raw are written as \u escapes: the same JSON value, safe on a terminal.
    static func jsonText(_ record: SendRecord) -> String {
        let raw = (try? record.jsonLine()).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            if TerminalText.isUnsafe(scalar) {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The first line of a refused or unknown exchange — a send's or a confirm's: the verdict and the
    /// category WeChat Pay's answer (or its absence) falls in.
    static func refusal(_ error: SendError?, unknown: Bool) -> String {
        let category = error?.category ?? (unknown ? .networkError : .other)
        return "\(unknown ? "UNKNOWN" : "rejected"): \(category.summary) [\(category.rawValue)]"
    }

    /// `  detail  HTTP 400  CODE  code N  message`, sanitised; nil when the answer said nothing.
    static func detail(_ error: SendError?, labelWidth: Int) -> String? {
        guard let error else { return nil }
        let safe = { (s: String) in TerminalText.sanitize(s) }
        let said = [error.httpStatus.map { "HTTP \($0)" }, error.code.map(safe), error.numericCode.map { "code \($0)" },
                    error.message.map(safe)].compactMap { $0 }
        guard !said.isEmpty else { return nil }
        return "  " + "detail".padding(toLength: labelWidth, withPad: " ", startingAt: 0) + said.joined(separator: "  ")
    }

    /// Human text. Everything that came from the network or the record is sanitised.
    static func human(_ record: SendRecord, resendHint: String) -> String {
        func safe(_ s: String?) -> String { TerminalText.sanitize(s ?? "—") }
        var lines: [String] = []
        if record.sendMode == .demo { lines.append("[DEMO sandbox: nothing real was sent]") }
        switch record.outcome {
        case .issued:
            lines.append("issued: token \(safe(record.token))  (opens the claim component; valid for 5 minutes)")
        case .rejected: lines.append(refusal(record.error, unknown: false))
        case .unknown, .pending: lines.append(refusal(record.error, unknown: true))
        }
        if let detail = detail(record.error, labelWidth: 17) { lines.append(detail) }
        lines.append("  Request-ID       \(safe(record.requestID ?? "none (no response)"))")
        lines.append("  send_request_no  \(safe(record.request.sendRequestNo))")
        lines.append("  openid           \(safe(record.request.openid))")
        lines.append("  stock_id         \(safe(record.request.stockID))")
        lines.append("  attempts         \(record.attempts), \(record.elapsedMs) ms")
        if record.outcome == .unknown || record.outcome == .pending {
            lines.append("The coupon may or may not have been pre-sent. Resolve it with the SAME number:")
            lines.append("  \(resendHint)")
        } else if record.error?.category == .rateLimited {
            lines.append("Not accepted. Try again shortly with: \(resendHint)")
        }
        return lines.joined(separator: "\n")
    }
}

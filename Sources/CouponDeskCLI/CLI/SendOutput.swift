import Console
import CouponDeskText
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
        let journal = HistoryStore(path: historyPath, notices: { printError("coupondesk \(command): \(TerminalText.sanitize($0.describe(cliText)))") })
        let report: SendReport
        do {
            report = try await client.execute(request, journal: journal, operator: `operator`, mode: mode)
        } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize(error.describe(cliText)))")
            switch error {
            case .invalidRequest, .numberReused, .sendingElsewhere: return .usage
            case .journalUnavailable, .signingFailed: return .failure
            }
        }
        if let problem = report.journalProblem {
            printError("coupondesk \(command): " + cliText(CLIErrorText.resultNotWritten, ["path": historyPath, "problem": TerminalText.sanitize(problem.describe(cliText))]))
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

    /// Human text. Everything that came from the network or the record is sanitised.
    static func human(_ record: SendRecord, resendHint: String, text: Texts = cliText) -> String {
        func safe(_ s: String?) -> String { TerminalText.sanitize(s ?? "—") }
        var lines: [String] = []
        if record.sendMode == .demo { lines.append(text(CLIText.demoBanner)) }
        lines.append(outcomeLine(record.outcome, error: record.error, text: text) {
            text(CLIText.issuedLine, ["token": safe(record.token)])
        })
        lines += labelledRows([
            (text(CLIText.labelDetail), detail(record.error, text: text)),
            ("Request-ID", safe(record.requestID ?? text(CLIText.noResponse))),
            ("send_request_no", safe(record.request.sendRequestNo)),
            ("openid", safe(record.request.openid)),
            ("stock_id", safe(record.request.stockID)),
            (text(CLIText.labelAttempts), text(CLIText.attemptsValue, ["attempts": String(record.attempts), "ms": String(record.elapsedMs)])),
        ])
        if record.outcome == .unknown || record.outcome == .pending {
            lines.append(text(CLIText.unknownAdvice))
            lines.append("  \(resendHint)")
        } else if record.error?.category == .rateLimited {
            lines.append(text(CLIText.rateLimitedAdvice, ["command": resendHint]))
        }
        return lines.joined(separator: "\n")
    }

    /// The first line of a send's or a confirm's result: `issued` (as the caller words it), or the
    /// refusal or the unknown outcome with its reason and category.
    static func outcomeLine(_ outcome: Outcome, error: SendError?, text: Texts, issued: () -> String) -> String {
        switch outcome {
        case .issued:
            return issued()
        case .rejected:
            let category = error?.category ?? .other
            return text(CLIText.rejectedLine, ["reason": text.reason(category), "category": category.rawValue])
        case .unknown, .pending:
            let category = error?.category ?? .networkError
            return text(CLIText.unknownLine, ["reason": text.reason(category), "category": category.rawValue])
        }
    }

    /// What WeChat Pay said with a refusal: `HTTP 400  INVALID_REQUEST  code 268579001  message`.
    static func detail(_ error: SendError?, text: Texts) -> String? {
        guard let error else { return nil }
        let safe = { TerminalText.sanitize($0) }
        return [error.httpStatus.map { "HTTP \($0)" }, error.code.map(safe),
                error.numericCode.map { text(CLIText.numericCode, ["code": String($0)]) }, error.message.map { safe(text.errorMessage($0)) }]
            .compactMap { $0 }.joined(separator: "  ")
    }
}

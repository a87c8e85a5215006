import CouponHistory
import Foundation
import WeChatPayCore

/// How `send`, `resend` and `demo send` run one send and report it: the same client, the same output,
/// the same exit codes (DESIGN §3), so the three can never drift apart.
enum SendPresentation {
    /// Runs `request` through `client`, records it in `historyPath`, prints the result and returns the
    /// exit code. `resendHint` is the command that resolves an unknown outcome.
    static func run(_ request: PreSendRequest, client: PreSendClient, historyPath: String, mode: String,
                    operator: String?, json: Bool, command: String, badge: String = "",
                    resendHint: String) async -> ExitCode {
        let report: SendReport
        do {
            report = try await client.execute(request, journal: HistoryStore(path: historyPath),
                                              operator: `operator`, mode: mode)
        } catch {
            printError("\(command): \(TerminalText.sanitize(error.description))")
            switch error {
            case .invalidRequest: return .usage
            case .journalUnavailable, .signingFailed: return .failure
            }
        }
        if let problem = report.journalProblem {
            printError("\(command): warning: the result could not be written to \(historyPath): \(TerminalText.sanitize(problem)); its pending record there shows it as unknown")
        }
        let record = report.record
        if json {
            if var line = try? record.jsonLine() {
                line.append(0x0A)
                FileHandle.standardOutput.write(line)
            }
        } else {
            print(describe(record, badge: badge, resendHint: resendHint))
        }
        return exitCode(for: record.outcome)
    }

    static func exitCode(for outcome: Outcome) -> ExitCode {
        switch outcome {
        case .issued: return .ok
        case .rejected: return .rejected
        case .unknown, .pending: return .unknown
        }
    }

    /// Human lines for a finished send. Every network-borne text is sanitised.
    static func describe(_ record: SendRecord, badge: String = "", resendHint: String) -> String {
        let clean = { (text: String?) in TerminalText.sanitize(text ?? "") }
        let prefix = badge.isEmpty ? "" : "[\(badge)] "
        var lines: [String] = []
        let attempts = "\(record.attempts) attempt\(record.attempts == 1 ? "" : "s"), \(record.elapsedMs) ms"
        switch record.outcome {
        case .issued:
            lines.append("\(prefix)issued  token \(clean(record.token))")
        case .rejected, .unknown, .pending:
            let category = record.error?.category
            lines.append("\(prefix)\(record.outcome.rawValue)  \(category?.rawValue ?? "other"): \(category?.summary ?? "")")
            if let error = record.error {
                var detail = "  "
                if let status = error.httpStatus, !(error.message ?? "").hasPrefix("HTTP ") { detail += "HTTP \(status) " }
                if let code = error.code { detail += "\(clean(code)) " }
                if let numeric = error.numericCode { detail += "\(numeric) " }
                detail += clean(error.message)
                lines.append(detail)
            }
        }
        lines.append("  send_request_no \(record.request.sendRequestNo) · openid \(clean(record.request.openid)) · stock \(clean(record.request.stockID))")
        lines.append("  Request-ID \(clean(record.requestID ?? "—")) · \(attempts)")
        if record.outcome == .unknown {
            lines.append("  The coupon may or may not have been pre-sent. Resolve it with the same send_request_no:")
            lines.append("    \(resendHint)")
        }
        return lines.joined(separator: "\n")
    }

    /// The operator recorded with each send: config `operator`, else the login name.
    static func operatorName(_ config: CouponDeskConfig?) -> String? {
        config?.operator ?? ProcessInfo.processInfo.environment["USER"]
    }

    /// `sandbox` when the config points at a loopback sandbox, else `live`.
    static func mode(of config: CouponDeskConfig) -> String {
        ConfigLocation.isLoopback(host: config.baseURL.host ?? "") ? "sandbox" : "live"
    }
}

/// Loads the config and builds the client for `send`/`resend`; every failure is a configuration error
/// (exit 78) that says what to do, and nothing is sent.
enum LiveClientSetup {
    static func open(_ arguments: ParsedArguments, command: String) -> (CouponDeskConfig, PreSendClient)? {
        do {
            guard let config = try ConfigLocation.loadConfig(explicit: arguments.value("--config")) else {
                printError("""
                \(command): no config file at \(ConfigLocation.defaultConfigPath())
                Pass --config FILE, set COUPONDESK_CONFIG, or create that file (README: Configuration).
                To try CouponDesk without credentials: coupondesk demo send --openid o-demo-1
                """)
                return nil
            }
            let configuration = try config.makeClientConfiguration(warn: { printError("\(command): warning: \($0)") })
            return (config, PreSendClient(configuration: configuration, transport: config.makeTransport()))
        } catch {
            printError("\(command): \(TerminalText.sanitize(String(describing: error)))\nNothing was sent.")
            return nil
        }
    }
}

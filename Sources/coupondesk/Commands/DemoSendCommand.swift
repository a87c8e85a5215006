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

        let report: SendReport
        do {
            report = try await client.execute(request, journal: HistoryStore(path: demo.historyPath),
                                              operator: ProcessInfo.processInfo.environment["USER"], mode: "demo")
        } catch {
            printError("coupondesk demo send: \(TerminalText.sanitize(error.description))")
            if case .invalidRequest = error { return .usage }
            return .failure
        }
        if let problem = report.journalProblem {
            printError("coupondesk demo send: warning: the result could not be written to \(demo.historyPath): \(TerminalText.sanitize(problem))")
        }
        let record = report.record
        if arguments.has("--json") {
            if var line = try? record.jsonLine() {
                line.append(0x0A)
                FileHandle.standardOutput.write(line)
            }
        } else {
            print(describe(record))
        }
        switch record.outcome {
        case .issued: return .ok
        case .rejected: return .rejected
        case .unknown, .pending: return .unknown
        }
    }

    /// Human lines for a finished send. Every network-borne text is sanitised.
    static func describe(_ record: SendRecord) -> String {
        let clean = { (text: String?) in TerminalText.sanitize(text ?? "") }
        var lines: [String] = []
        let attempts = "\(record.attempts) attempt\(record.attempts == 1 ? "" : "s"), \(record.elapsedMs) ms"
        switch record.outcome {
        case .issued:
            lines.append("[DEMO] issued  token \(clean(record.token))")
        case .rejected, .unknown, .pending:
            let category = record.error?.category
            lines.append("[DEMO] \(record.outcome.rawValue)  \(category?.rawValue ?? "other"): \(category?.summary ?? "")")
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
            lines.append("  The coupon may or may not have been pre-sent. Resolve it by sending again with the same number:")
            lines.append("    coupondesk demo send --openid \(clean(record.request.openid)) --stock-id \(clean(record.request.stockID)) --send-request-no \(record.request.sendRequestNo) (and the same other fields)")
        }
        return lines.joined(separator: "\n")
    }
}

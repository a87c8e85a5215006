import Console
import CouponDeskText
import Foundation
import WeChatPayCore
import CouponHistory

/// `coupondesk history show NO`: every record of one send_request_no, oldest first.
enum HistoryShowCommand: Command {
    static let spec = CommandSpec(
        name: "history show",
        summary: .historyShowSummary,
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", .historyShowJson),
        ] + HistoryCommandSupport.locationOptions,
        discussion: .historyShowDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals[0]
        let reader: HistoryReader
        switch HistoryCommandSupport.openReader(arguments, command: "history show") {
        case .success(let opened): reader = opened
        case .failure(let failure): return failure.code
        }
        let entries = reader.entries(forSendRequestNo: number)
        let records = entries.compactMap(\.record)
        let confirms = reader.confirmEntries(forSendRequestNo: number)
        HistoryCommandSupport.reportUnreadable(reader, command: "history show")
        guard !records.isEmpty else {
            printError("coupondesk history show: " + cliText(CLIErrorText.noRecordOfNumber, ["number": TerminalText.sanitize(number), "path": TerminalText.sanitize(reader.path)]))
            return .failure
        }
        var out = Data()
        let toTerminal = isatty(CommandContext.current.out) == 1
        // The send's records and its confirms, in file order.
        let lines = (entries.map { ($0.byteOffset, $0.json, $0.record.map(Shown.send)) }
                     + confirms.map { ($0.byteOffset, $0.json, Shown.confirm($0.record)) }).sorted { $0.0 < $1.0 }
        if arguments.has("--json") {
            for (_, json, _) in lines {   // as logged, so a newer schema's fields survive
                // A line written by another tool may hold raw C1 or bidi characters (valid JSON); on a
                // terminal they are written as \u escapes, the same JSON value.
                out.append(toTerminal ? SendRecord.escapingTerminalControls(json) : json)
                out.append(0x0A)
            }
        } else {
            // Usually one send; a number reused for another request (by an older version or another
            // tool) holds several, and each has its own state: the last record of its own request.
            let requests = records.reduce(into: [PreSendRequest]()) { if !$0.contains($1.request) { $0.append($1.request) } }
            var blocks: [String] = []
            if requests.count > 1 {
                blocks.append(cliText(CLIText.reusedNumber, ["number": HistoryText.clean(number), "count": String(requests.count)]) + "\n")
            }
            var sendIndex = 0, confirmIndex = 0
            for case (_, _, let shown?) in lines {
                switch shown {
                case .send(let record):
                    let i = sendIndex
                    sendIndex += 1
                    let isState = !records[(i + 1)...].contains { $0.request == record.request }
                    let send = requests.count > 1 ? (requests.firstIndex(of: record.request) ?? 0) + 1 : nil
                    blocks.append(describe(record, position: sendIndex, of: records.count, isState: isState, send: send))
                case .confirm(let record):
                    confirmIndex += 1
                    blocks.append(describe(record, position: confirmIndex, of: confirms.count))
                }
            }
            out.append(contentsOf: blocks.joined(separator: "\n").utf8)
        }
        writeOut(out)
        return .ok
    }

    enum Shown {
        case send(SendRecord)
        case confirm(ConfirmRecord)
    }

    /// A confirm among the send's records: what it confirmed, under which out_request_no, how it ended.
    static func describe(_ r: ConfirmRecord, position: Int, of total: Int) -> String {
        let c = HistoryText.clean
        var outcome = c(r.outcome.rawValue)
        if r.outcome == .pending && position == total { outcome += cliText(CLIText.interruptedConfirm) }
        var lines: [(String, String?)] = [
            (cliText(CLIText.labelConfirm), cliText(CLIText.confirmOf, ["position": String(position), "total": String(total)])),
            ("time", c(r.time)),
            ("outcome", outcome),
            ("out_request_no", c(r.request.outRequestNo)),
            ("coupon_code", c(r.request.couponCode)),
            ("coupon_state", r.couponState.map(c)),
            ("openid", c(r.request.openid)),
            ("stock_id", c(r.request.stockID)),
        ]
        lines += outcomeLines(error: r.error, httpStatus: r.httpStatus, requestID: r.requestID, attempts: r.attempts,
                              elapsedMs: r.elapsedMs, operator: r.operator, mode: r.mode, flavor: r.flavor)
        return block(lines)
    }

    /// One record as a block of `key  value` lines. `send`: which of the number's requests it belongs
    /// to, when there are several.
    static func describe(_ r: SendRecord, position: Int, of total: Int, isState: Bool, send: Int? = nil) -> String {
        let c = HistoryText.clean
        var outcome = c(r.outcome.rawValue)
        if isState && r.outcome == .pending { outcome += cliText(CLIText.interruptedResend) }
        let state = isState ? (send.map { cliText(CLIText.currentStateOfSend, ["send": String($0)]) } ?? cliText(CLIText.currentState))
            : (send.map { cliText(CLIText.ofSend, ["send": String($0)]) } ?? "")
        var lines: [(String, String?)] = [
            (cliText(CLIText.labelRecord), cliText(CLIText.recordOf, ["position": String(position), "total": String(total), "state": state])),
            ("time", c(r.time)),
            ("outcome", outcome),
            ("send_request_no", c(r.request.sendRequestNo)),
            ("openid", c(r.request.openid)),
            ("brand_id", c(r.request.brandID)),
            ("product_coupon_id", c(r.request.productCouponID)),
            ("stock_id", c(r.request.stockID)),
            ("appid", c(r.request.appid)),
            ("coupon_code", r.request.couponCode.map(c)),
            ("attach", r.request.attach.map(c)),
            ("token", r.token.map(c)),
        ]
        lines += outcomeLines(error: r.error, httpStatus: r.httpStatus, requestID: r.requestID, attempts: r.attempts,
                              elapsedMs: r.elapsedMs, operator: r.operator, mode: r.mode, flavor: r.flavor)
        if r.v > SendRecord.currentVersion { lines.append(("schema", cliText(CLIText.newerSchema, ["version": String(r.v)]))) }
        return block(lines)
    }

    /// What a send's and a confirm's records share: the error, the exchange, who and how.
    static func outcomeLines(error e: SendError?, httpStatus: Int?, requestID: String?, attempts: Int, elapsedMs: Int,
                             operator: String?, mode: String, flavor: APIFlavor?) -> [(String, String?)] {
        let c = HistoryText.clean
        var lines: [(String, String?)] = []
        if let e {
            lines.append((cliText(CLIText.labelError), e.category.rawValue + " — " + cliText.reason(e.category)))
            lines.append((cliText(CLIText.labelErrorCode), [e.code.map(c), e.numericCode.map(String.init)].compactMap { $0 }.joined(separator: " / ")))
            lines.append((cliText(CLIText.labelErrorMessage), e.message.map { c(cliText.errorMessage($0)) }))
        }
        return lines + [
            ("http_status", httpStatus.map(String.init)),
            ("request_id", requestID.map(c)),
            ("attempts", String(attempts)),
            ("elapsed_ms", String(elapsedMs)),
            ("operator", `operator`.map(c)),
            ("mode", c(mode)),
            ("flavor", flavor.map { cliText.flavor($0) } ?? cliText(CLIText.unknownFlavor)),
        ]
    }

    /// `key  value` lines with the keys padded to one width; empty values are left out.
    static func block(_ lines: [(String, String?)]) -> String {
        let width = lines.map { CharacterWidth.of($0.0) }.max() ?? 0
        return lines.compactMap { key, value in
            guard let value, !value.isEmpty else { return nil }
            return "  " + padded(key, width) + "  " + value
        }.joined(separator: "\n") + "\n"
    }
}

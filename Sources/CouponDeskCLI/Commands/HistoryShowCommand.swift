import Foundation
import WeChatPayCore
import CouponHistory

/// `coupondesk history show NO`: every record of one send_request_no, oldest first.
enum HistoryShowCommand: Command {
    static let spec = CommandSpec(
        name: "history show",
        summary: "Show every record of one send (pending, attempts, resends), oldest first; the last is its state.",
        positionals: ["SEND_REQUEST_NO"],
        options: [
            .flag("--json", "print each record, as logged, one JSON object per line (JSON Lines)"),
        ] + HistoryCommandSupport.locationOptions,
        discussion: """
        Example:
          coupondesk history show 20261128X7K2M9QF4T
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let number = arguments.positionals[0]
        let reader: HistoryReader
        switch HistoryCommandSupport.openReader(arguments, command: "history show") {
        case .success(let opened): reader = opened
        case .failure(let failure): return failure.code
        }
        let entries = reader.entries(forSendRequestNo: number)
        let records = entries.compactMap(\.record)
        HistoryCommandSupport.reportUnreadable(reader, command: "history show")
        guard !records.isEmpty else {
            printError("coupondesk history show: no record of send_request_no '\(TerminalText.sanitize(number))' in \(TerminalText.sanitize(reader.path)); `coupondesk history list --search TEXT` finds sends by part of a number")
            return .failure
        }
        var out = Data()
        let toTerminal = isatty(CommandContext.current.out) == 1
        if arguments.has("--json") {
            for entry in entries {   // as logged, so a newer schema's fields survive
                // A line written by another tool may hold raw C1 or bidi characters (valid JSON); on a
                // terminal they are written as \u escapes, the same JSON value.
                out.append(toTerminal ? SendRecord.escapingTerminalControls(entry.json) : entry.json)
                out.append(0x0A)
            }
        } else {
            // Usually one send; a number reused for another request (by an older version or another
            // tool) holds several, and each has its own state: the last record of its own request.
            let requests = records.reduce(into: [PreSendRequest]()) { if !$0.contains($1.request) { $0.append($1.request) } }
            var blocks: [String] = []
            if requests.count > 1 {
                blocks.append("send_request_no \(HistoryText.clean(number)) was used for \(requests.count) different requests; each is a send of its own, with its own state\n")
            }
            for (i, record) in records.enumerated() {
                let isState = !records[(i + 1)...].contains { $0.request == record.request }
                let send = requests.count > 1 ? (requests.firstIndex(of: record.request) ?? 0) + 1 : nil
                blocks.append(describe(record, position: i + 1, of: records.count, isState: isState, send: send))
            }
            out.append(contentsOf: blocks.joined(separator: "\n").utf8)
        }
        writeOut(out)
        return .ok
    }

    /// One record as a block of `key  value` lines. `send`: which of the number's requests it belongs
    /// to, when there are several.
    static func describe(_ r: SendRecord, position: Int, of total: Int, isState: Bool, send: Int? = nil) -> String {
        let c = HistoryText.clean
        var outcome = c(r.outcome.rawValue)
        if isState && r.outcome == .pending { outcome += " — interrupted, outcome unknown: resend it" }
        let state = isState ? (send.map { " (current state of send \($0))" } ?? " (current state)") : (send.map { " (send \($0))" } ?? "")
        var lines: [(String, String?)] = [
            ("record", "\(position) of \(total)\(state)"),
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
        if let e = r.error {
            lines.append(("error", e.category.rawValue + " — " + e.category.summary))
            lines.append(("error code", [e.code.map(c), e.numericCode.map(String.init)].compactMap { $0 }.joined(separator: " / ")))
            lines.append(("error message", e.message.map(c)))
        }
        lines += [
            ("http_status", r.httpStatus.map(String.init)),
            ("request_id", r.requestID.map(c)),
            ("attempts", String(r.attempts)),
            ("elapsed_ms", String(r.elapsedMs)),
            ("operator", r.operator.map(c)),
            ("mode", c(r.mode)),
            ("flavor", r.flavor?.displayName ?? "unknown (a newer build's)"),
        ]
        if r.v > SendRecord.currentVersion { lines.append(("schema", "v\(r.v) (newer than this build; fields it does not know are not shown)")) }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.compactMap { key, value in
            guard let value, !value.isEmpty else { return nil }
            return "  " + HistoryText.pad(key, width) + "  " + value
        }.joined(separator: "\n") + "\n"
    }
}

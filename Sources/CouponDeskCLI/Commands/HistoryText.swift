import Console
import CouponDeskText
import Foundation
import WeChatPayCore
import CouponHistory

/// Human-readable forms of records for the terminal; every piece of text is sanitised.
enum HistoryText {
    static func clean(_ text: String?) -> String { TerminalText.sanitize(text ?? "") }

    /// `2026-11-28 14:12:00` from `2026-11-28T14:12:00.123+08:00` (the full time is in `show`).
    static func shortTime(_ time: String) -> String {
        String(clean(time).replacingOccurrences(of: "T", with: " ").prefix(19))
    }

    static func pad(_ text: String, _ width: Int) -> String { padded(text, width) }

    /// The list's lines, one per send: `time  state  send_request_no  openid  stock_id  token or error`.
    /// Printed page by page; the columns are as wide as the widest cell so far, so each page lines up
    /// (and the first page, the common case, exactly).
    struct Table {
        private var widths: [Int] = []

        mutating func lines(_ entries: [HistoryEntry]) -> String {
            let cells = entries.compactMap { entry in entry.record.map { listCells(entry, $0) } }
            guard let columns = cells.first?.count else { return "" }
            if widths.isEmpty { widths = Array(repeating: 0, count: columns - 1) }
            for c in 0..<(columns - 1) { widths[c] = max(widths[c], cells.map { CharacterWidth.of($0[c]) }.max() ?? 0) }
            return cells.map { row in
                (0..<columns).map { c in c < columns - 1 ? pad(row[c], widths[c]) : row[c] }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
    }

    static func listCells(_ entry: HistoryEntry, _ r: SendRecord, text: Texts = cliText) -> [String] {
        let detail: String
        if entry.isInterrupted {
            detail = text(CLIText.interrupted)
        } else if let token = r.token, entry.state == .issued {
            detail = text(CLIText.tokenCell, ["token": clean(token)])
        } else if let error = r.error {
            detail = error.category.rawValue + (error.message.map { ": " + clean(text.errorMessage($0)) } ?? "")
        } else {
            detail = r.outcome == entry.state ? "" : text(CLIText.outcomeCell, ["outcome": clean(r.outcome.rawValue)])
        }
        return [shortTime(r.time), text.outcome(entry.state), clean(r.request.sendRequestNo),
                clean(r.request.openid), clean(r.request.stockID), detail]
    }
}

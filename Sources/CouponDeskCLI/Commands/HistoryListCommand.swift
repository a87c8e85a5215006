import CouponDeskText
import Foundation
import WeChatPayCore
import CouponHistory

/// `coupondesk history list`: the sends, newest first, one line each (the newest record of each
/// send_request_no is its state).
enum HistoryListCommand: Command {
    static let spec = CommandSpec(
        name: "history list",
        summary: .historyListSummary,
        positionals: [],
        options: [
            .value("--limit", "N", .historyListLimit),
            .value("--outcome", "OUTCOME", .historyListOutcome,
                   completion: .choices(Outcome.allCases.filter { $0 != .pending }.map(\.rawValue))),
            .value("--search", "TEXT", .historyListSearch),
            .flag("--json", .historyListJson),
        ] + HistoryCommandSupport.locationOptions,
        discussion: .historyListDiscussion)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        var limit = 50
        if let text = arguments.value("--limit") {
            guard let n = parseLimit(text) else {
                printError("coupondesk history list: " + cliText(CLIErrorText.limitMustBe, ["value": TerminalText.sanitize(text)]))
                return .usage
            }
            limit = n
        }
        var outcome: Outcome?
        if let text = arguments.value("--outcome") {
            guard let o = Outcome(rawValue: text), o != .pending else {
                printError("coupondesk history list: " + cliText(CLIErrorText.outcomeMustBe, ["value": TerminalText.sanitize(text)]))
                return .usage
            }
            outcome = o
        }
        let search = arguments.value("--search") ?? ""
        let reader: HistoryReader
        switch HistoryCommandSupport.openReader(arguments, command: "history list") {
        case .success(let opened): reader = opened
        case .failure(let failure): return failure.code
        }

        // Page by page, so memory follows what is printed, never the limit; a line that cannot be
        // decoded takes no place (the reader skips it and reports it below).
        let toTerminal = isatty(CommandContext.current.out) == 1
        let json = arguments.has("--json")
        var table = HistoryText.Table()
        var shown = 0
        var next: Int? = 0
        while let from = next, shown < limit {
            let page: (entries: [HistoryEntry], next: Int?)
            do {
                page = try reader.sends(matching: search, outcome: outcome, from: from, count: min(pageSize, limit - shown))
            } catch {
                printError("coupondesk history list: \(cliWords(error))")
                return .failure
            }
            next = page.next
            shown += page.entries.count
            var out = Data()
            if json {
                // The lines as logged: a newer schema's fields are passed on, not dropped.
                for entry in page.entries {
                    // A line written by another tool may hold raw C1 or bidi characters (valid JSON); on a
                    // terminal they are written as \u escapes, the same JSON value.
                    out.append(toTerminal ? SendRecord.escapingTerminalControls(entry.json) : entry.json)
                    out.append(0x0A)
                }
            } else {
                out.append(contentsOf: table.lines(page.entries).utf8)
            }
            writeOut(out)
        }
        HistoryCommandSupport.reportUnreadable(reader, command: "history list")
        if shown == 0 && !json {
            let what = search.isEmpty && outcome == nil ? CLIText.noSendsYet : .noSendsMatch
            printError("coupondesk history list: " + cliText(what, ["path": TerminalText.sanitize(reader.path)]))
        }
        return .ok
    }

    /// Rows read and printed at a time.
    static let pageSize = 512

    /// `--limit`: a whole number of at least 1, in digits or as `MeN` (`1e6`). A number too large to
    /// hold means "all": there can never be that many sends.
    static func parseLimit(_ text: String) -> Int? {
        let parts = text.lowercased().split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        let mantissa = parts[0].drop { $0 == "0" }
        guard !mantissa.isEmpty else { return nil }   // 0 is not at least 1
        let exponentDigits = parts.count == 2 ? parts[1].drop { $0 == "0" } : ""
        guard exponentDigits.count <= 2, let exponent = exponentDigits.isEmpty ? 0 : Int(exponentDigits) else { return Int.max }
        return Int(String(mantissa) + String(repeating: "0", count: exponent)) ?? Int.max
    }
}

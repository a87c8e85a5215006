import Foundation
import WeChatPayCore
import CouponHistory
import CouponSandbox

/// `coupondesk history list`: the sends, newest first, one line each (the newest record of each
/// send_request_no is its state).
enum HistoryListCommand: Command {
    static let spec = CommandSpec(
        name: "history list",
        summary: "List past sends, newest first: one line per send_request_no with its current state.",
        positionals: [],
        options: [
            .value("--limit", "N", "show at most N sends (default 50)"),
            .value("--outcome", "OUTCOME", "only sends whose state is issued, rejected or unknown (unknown includes interrupted sends)",
                   completion: .choices(Outcome.allCases.filter { $0 != .pending }.map(\.rawValue))),
            .value("--search", "TEXT", "only sends whose openid, stock_id, send_request_no, token, Request-ID or error text contains TEXT (case-insensitive)"),
            .flag("--json", "print each send's state record, as logged, one JSON object per line (JSON Lines)"),
        ] + HistoryCommandSupport.locationOptions,
        discussion: """
        Examples:
          coupondesk history list
          coupondesk history list --outcome unknown          # sends to resolve with `resend`
          coupondesk history list --search oUpF8u --json --limit 500

        A send whose newest record is `pending` was interrupted (a crash or kill mid-send) and shows as
        unknown; resend it to learn its outcome. Unreadable lines of the log are skipped and reported on
        stderr with their byte offsets; the log is never rewritten.
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        var limit = 50
        if let text = arguments.value("--limit") {
            guard let n = Int(text), n >= 1 else {
                printError("coupondesk history list: --limit must be a whole number of at least 1 (got '\(TerminalText.sanitize(text))')")
                return .usage
            }
            limit = n
        }
        var outcome: Outcome?
        if let text = arguments.value("--outcome") {
            guard let o = Outcome(rawValue: text), o != .pending else {
                printError("coupondesk history list: --outcome must be issued, rejected or unknown (got '\(TerminalText.sanitize(text))')")
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

        let rows = search.isEmpty && outcome == nil ? Array(0..<limit) : reader.filter(search, outcome: outcome, limit: limit)
        var out = Data()
        var shown: [(HistoryEntry, SendRecord)] = []
        for row in rows {
            guard let entry = reader.entry(newestFirst: row) else { break }
            guard let record = entry.record else { continue }
            shown.append((entry, record))
        }
        let toTerminal = isatty(CommandContext.current.out) == 1
        if arguments.has("--json") {
            // The lines as logged: a newer schema's fields are passed on, not dropped.
            for (entry, _) in shown {
                // A line written by another tool may hold raw C1 or bidi characters (valid JSON); on a
                // terminal they are written as \u escapes, the same JSON value.
                out.append(toTerminal ? SendRecord.escapingTerminalControls(entry.json) : entry.json)
                out.append(0x0A)
            }
        } else {
            let table = HistoryText.listTable(shown)
            out.append(contentsOf: table.utf8)
        }
        writeOut(out)
        HistoryCommandSupport.reportUnreadable(reader, command: "history list")
        if shown.isEmpty && !arguments.has("--json") {
            let what = search.isEmpty && outcome == nil ? "no sends yet" : "no sends match"
            printError("coupondesk history list: \(what) in \(TerminalText.sanitize(reader.path))")
        }
        return .ok
    }
}

/// What the three `history` commands share: where the log is and how problems with it are reported.
enum HistoryCommandSupport {
    static let locationOptions: [OptionSpec] = [
        .value("--history", "FILE", "the history log (default: the config's history_file, else $XDG_DATA_HOME/coupondesk/history.jsonl)"),
        .value("--config", "FILE", "the config file whose history_file to use (default: $COUPONDESK_CONFIG, else $XDG_CONFIG_HOME/coupondesk/config.json)"),
    ]

    /// The log path: `--history`, else `history_file` of the config (`--config`, `$COUPONDESK_CONFIG`
    /// or the default place), else the XDG data default — core's resolver, so every command agrees.
    /// Nil after printing the problem when a config file is given but broken (the caller exits 78).
    static func historyPath(_ arguments: ParsedArguments, command: String) -> (path: String, usesDefault: Bool)? {
        if let explicit = arguments.value("--history") {
            return (ConfigLocation.historyPath(explicit: explicit, config: nil, environment: CommandContext.current.environment), false)
        }
        let config: CouponDeskConfig?
        do {
            config = try ConfigLocation.loadConfig(explicit: arguments.value("--config"), environment: CommandContext.current.environment)
        } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize(error.description))")
            return nil
        }
        return (ConfigLocation.historyPath(explicit: nil, config: config, environment: CommandContext.current.environment), config == nil)
    }

    /// The reader of the log, or nil after printing why it cannot be read; `failure` is the exit code
    /// then (78 for a broken config, 1 for a log that cannot be read).
    static func openReader(_ arguments: ParsedArguments, command: String) -> Result<HistoryReader, OpenFailure> {
        guard let (path, usesDefault) = historyPath(arguments, command: command) else { return .failure(OpenFailure(code: .config)) }
        do {
            let reader = try HistoryReader(path: path)
            if usesDefault && !FileManager.default.fileExists(atPath: path) {
                // No config and no log yet: the sends so far were probably made in the demo.
                let demoLog = SandboxDirectory(path: DemoEnvironment.defaultPath()).historyPath
                if FileManager.default.fileExists(atPath: demoLog) {
                    printError("coupondesk \(command): no history at \(TerminalText.sanitize(path)) yet; the demo's sends are in \(TerminalText.sanitize(demoLog)) (pass --history \(TerminalText.sanitize(demoLog)))")
                }
            }
            return .success(reader)
        } catch {
            printError("coupondesk \(command): \(TerminalText.sanitize("\(error)"))")
            return .failure(OpenFailure(code: .failure))
        }
    }

    struct OpenFailure: Error {
        let code: ExitCode
    }

    /// Unreadable lines go to stderr: they were skipped, the file is untouched.
    static func reportUnreadable(_ reader: HistoryReader, command: String) {
        guard let summary = UnreadableLine.summary(reader.unreadableLines()) else { return }
        let scope = reader.isFullyIndexed ? "" : " in the newest part of the log read"
        printError("coupondesk \(command): \(TerminalText.sanitize(reader.path)): \(summary)\(scope) (skipped; the log is left as it is)")
    }
}

/// Human-readable forms of records for the terminal; every piece of text is sanitised.
enum HistoryText {
    static func clean(_ text: String?) -> String { TerminalText.sanitize(text ?? "") }

    /// `2026-11-28 14:12:00` from `2026-11-28T14:12:00.123+08:00` (the full time is in `show`).
    static func shortTime(_ time: String) -> String {
        String(clean(time).replacingOccurrences(of: "T", with: " ").prefix(19))
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// One line per send, columns aligned over the lines shown:
    /// `time  state  send_request_no  openid  stock_id  token or error`.
    static func listTable(_ rows: [(HistoryEntry, SendRecord)]) -> String {
        let cells = rows.map { listCells($0.0, $0.1) }
        guard let columns = cells.first?.count else { return "" }
        let widths = (0..<(columns - 1)).map { c in cells.map { $0[c].count }.max() ?? 0 }
        return cells.map { row in
            (0..<columns).map { c in c < columns - 1 ? pad(row[c], widths[c]) : row[c] }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func listCells(_ entry: HistoryEntry, _ r: SendRecord) -> [String] {
        let detail: String
        if entry.isInterrupted {
            detail = "interrupted — resend to learn the outcome"
        } else if let token = r.token, entry.state == .issued {
            detail = "token " + clean(token)
        } else if let error = r.error {
            detail = error.category.rawValue + (error.message.map { ": " + clean($0) } ?? "")
        } else {
            detail = r.outcome == entry.state ? "" : "outcome '\(clean(r.outcome.rawValue))'"
        }
        return [shortTime(r.time), entry.state.rawValue, clean(r.request.sendRequestNo),
                clean(r.request.openid), clean(r.request.stockID), detail]
    }
}

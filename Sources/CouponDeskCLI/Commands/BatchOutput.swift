import CouponBatch
import CouponDeskText
import Foundation
import WeChatPayCore

/// What `coupondesk batch` shows people — diagnostics, the dry run, progress and the summary — in
/// the command's language, from the `BatchText` tables. Machine output (`--json`, `--output`) never
/// passes through here.
enum BatchOutput {
    /// Diagnostics before any send, on stderr.
    struct Diagnostics {
        func say(_ text: String) { printError("coupondesk batch: \(text)") }

        func cannotRead(_ path: String) { say(cliText(BatchText.cannotRead, ["path": path])) }

        func refused(_ path: String, _ problems: [BatchProblem]) {
            let text = cliText
            for problem in problems { say("\(path) \(text.batchProblem(problem))") }
            say(text.counted(problems.count, one: BatchText.refusedOne, many: .refusedMany, ["path": path]))
        }

        func notice(_ text: String) { say(text) }

        func historyUnreadable(_ path: String, _ error: any Error) {
            let text = cliText
            say(text(BatchText.historyUnreadable, ["path": path, "reason": Phrase(describing: error).describe(text)]))
        }

        func badNumber(_ option: String, _ value: String, _ range: ClosedRange<Int>) {
            let text = cliText
            say(text(BatchText.badNumber, ["option": option, "low": String(range.lowerBound), "high": String(range.upperBound),
                                           "value": TerminalText.sanitize(value)])
                + (option == "--rate" ? text(BatchText.rateLimitNote) : ""))
        }
    }

    static func resumeCommand(file: String, batchID: String) -> String {
        "coupondesk batch \(shellWord(file)) --batch-id \(batchID)" + cliText(BatchText.sameOptions)
    }

    /// `--dry-run`: what would be sent, per stock, and the first rows.
    static func dryRun(plan: BatchPlan, decisions: [ResumeDecision], rate: Int, concurrency: Int, historyPath: String) -> String {
        let text = cliText
        var send = 0, resend = 0, done = 0, elsewhere = 0
        var perStock: [String: Int] = [:]
        for (row, decision) in zip(plan.rows, decisions) {
            switch decision {
            case .send: send += 1; perStock[row.request.stockID, default: 0] += 1
            case .resend: resend += 1; perStock[row.request.stockID, default: 0] += 1
            case .done: done += 1
            case .sendingElsewhere: elsewhere += 1
            case .conflict: break
            }
        }
        func count(_ label: BatchText, _ value: Int, _ note: BatchText? = nil) -> String {
            "  " + padded(text(label), 16) + String(value) + (note.map { text($0) } ?? "")
        }
        var lines = [text(BatchText.dryRunNothingSent),
                     text.counted(plan.rows.count, one: BatchText.checkedOne, many: .checkedMany, ["batch": plan.batchID]),
                     count(.wouldSend, send),
                     count(.wouldResend, resend, .wouldResendNote),
                     count(.alreadyDone, done, .alreadyDoneNote)]
        if elsewhere > 0 { lines.append(count(.beingSentNow, elsewhere, .beingSentNowNote)) }
        lines.append(text(BatchText.perStock))
        for (stock, count) in perStock.sorted(by: { $0.key < $1.key }) { lines.append("  \(TerminalText.sanitize(stock))  \(count)") }
        lines.append(text(BatchText.firstRows))
        for (row, decision) in zip(plan.rows, decisions).prefix(5) {
            let r = row.request
            lines.append(text(BatchText.rowLine, ["line": String(row.line), "number": r.sendRequestNo,
                                                  "openid": TerminalText.sanitize(r.openid), "stock": TerminalText.sanitize(r.stockID),
                                                  "decision": word(decision, text)]))
        }
        let seconds = Double(send + resend) / Double(rate)
        lines.append(text.counted(concurrency, one: BatchText.paceOne, many: .paceMany,
                                  ["rate": String(rate), "duration": duration(seconds, text), "path": historyPath]))
        return lines.joined(separator: "\n")
    }

    static func word(_ decision: ResumeDecision, _ text: Texts) -> String {
        switch decision {
        case .send: return text(BatchText.decisionSend)
        case .resend: return text(BatchText.decisionResend)
        case .done(let record): return text(BatchText.decisionDone, ["outcome": text.outcome(record.outcome.rawValue)])
        case .sendingElsewhere: return text(BatchText.decisionElsewhere)
        case .conflict: return text(BatchText.decisionConflict)
        }
    }

    /// Progress, stopping and abandoning are worded off the command's task (a timer, a signal
    /// handler), so they take the command's `Texts` rather than reading `cliText` there.
    static func progressLine(counts: BatchCounts, total: Int, sendsPerSecond: Double, limit: Double, target: Double,
                             text: Texts) -> String {
        let percent = total > 0 ? Double(counts.done) * 100 / Double(total) : 100
        var line = text(BatchText.progress, ["done": String(counts.done), "total": String(total),
                                             "percent": String(format: "%.1f", percent), "issued": String(counts.issued),
                                             "rejected": String(counts.rejected), "unknown": String(counts.unknown),
                                             "rate": String(format: "%.0f", sendsPerSecond)])
        if limit < target { line += text(BatchText.slowedDown, ["limit": String(format: "%.0f", limit)]) }
        if sendsPerSecond > 0 {
            line += text(BatchText.eta, ["duration": duration(Double(total - counts.done) / sendsPerSecond, text)])
        }
        return line
    }

    static func stopping(inFlight: Int, text: Texts) -> String {
        text.counted(inFlight, one: BatchText.stoppingOne, many: .stoppingMany)
    }

    static func abandoning(inFlight: Int, text: Texts) -> String {
        text.counted(inFlight, one: BatchText.abandoningOne, many: .abandoningMany)
    }

    /// The end of a run: counts by outcome and category, time, the history, and how to go on.
    static func summary(_ summary: BatchSummary, historyPath: String, resume: String) -> String {
        let text = cliText
        let c = summary.counts
        func row(_ label: BatchText, _ value: String) -> String { "  " + padded(text(label), 17) + value }
        var lines: [String] = []
        let took = ["batch": summary.batchID, "duration": duration(summary.elapsedSeconds, text)]
        lines.append(text(summary.interrupted ? BatchText.interrupted : .finished, took))
        lines.append(row(.labelRows, text(BatchText.rowsValue, ["total": String(summary.total), "now": String(c.sentNow),
                                                                "earlier": String(c.alreadyDone)])))
        lines.append(row(.labelIssued, String(c.issued)))
        lines.append(row(.labelRejected, String(c.rejected)))
        lines.append(row(.labelUnknown, String(c.unknown)))
        if summary.remaining > 0 { lines.append(row(.labelNotDone, String(summary.remaining))) }
        let categories = c.byCategory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        for (category, count) in categories {
            // The category's raw value (what --json and the log say) beside its reason in words.
            lines.append("    " + padded(category.rawValue, 24) + " " + padded(String(count), 6) + " " + text.category(category.rawValue))
        }
        if summary.elapsedSeconds > 0, c.sentNow > 0 {
            lines.append(row(.labelRate, text(BatchText.sendsPerSecond,
                                              ["rate": String(format: "%.1f", Double(c.sentNow) / summary.elapsedSeconds)])))
        }
        if c.unrecorded > 0 { lines.append("  " + text.counted(c.unrecorded, one: BatchText.unrecordedOne, many: .unrecordedMany)) }
        if c.sendingElsewhere > 0 {
            lines.append("  " + text.counted(c.sendingElsewhere, one: BatchText.elsewhereOne, many: .elsewhereMany))
        }
        lines.append(text(BatchText.history, ["path": historyPath]))
        if summary.needsRerun {
            var why: [String] = []
            if summary.remaining > 0 { why.append(text(BatchText.whyNotDone, ["count": String(summary.remaining)])) }
            if c.unknown > 0 { why.append(text(BatchText.whyUnknown, ["count": String(c.unknown)])) }
            if let limited = c.byCategory[.rateLimited], limited > 0 { why.append(text(BatchText.whyRateLimited, ["count": String(limited)])) }
            lines.append(text(BatchText.rerun, ["why": why.joined(separator: text(BatchText.listSeparator))]))
            lines.append("  " + resume)
        } else if c.rejected > 0 {
            lines.append(text(BatchText.retryRejected))
        }
        return lines.joined(separator: "\n")
    }

    static func wroteResults(_ path: String) -> String { cliText(BatchText.results, ["path": path]) }

    static func cannotWriteResults(_ path: String, _ error: any Error) -> String {
        "coupondesk batch: " + cliText(BatchText.cannotWriteResults, ["path": path, "reason": "\(error)"])
    }

    static func duration(_ seconds: Double, _ text: Texts) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return text(BatchText.seconds, ["seconds": String(format: "%.1f", seconds)]) }
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                             : String(format: "%d:%02d", whole / 60, whole % 60)
    }

    /// A path as a shell word: quoted when it holds anything but plain characters.
    static func shellWord(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+,:@".unicodeScalars.contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

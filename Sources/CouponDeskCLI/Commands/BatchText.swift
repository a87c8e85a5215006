import CouponBatch
import Foundation
import WeChatPayCore

/// Every word `coupondesk batch` shows people — help, diagnostics, progress, the dry run and the
/// summary — in one place, so they can move into message tables (the Chinese UI) together.
enum BatchText {
    /// Diagnostics before any send, on stderr.
    struct Diagnostics {
        func cannotRead(_ path: String) {
            printError("coupondesk batch: cannot read \(path); nothing was sent")
        }
        func refused(_ path: String, _ problems: [BatchProblem]) {
            for problem in problems { printError("coupondesk batch: \(path) \(problem)") }
            printError("coupondesk batch: \(problems.count) problem\(problems.count == 1 ? "" : "s") in \(path); the file was refused whole and nothing was sent")
        }
        func notice(_ text: String) { printError("coupondesk batch: \(text)") }
        func historyUnreadable(_ path: String, _ error: any Error) {
            printError("coupondesk batch: the history \(path) cannot be read (\(error)); nothing was sent")
        }
        func badNumber(_ option: String, _ text: String, _ range: ClosedRange<Int>) {
            printError("coupondesk batch: \(option) must be a whole number \(range.lowerBound)–\(range.upperBound), got \(text)\(option == "--rate" ? " (500/s is WeChat Pay's limit per partner or brand)" : "")")
        }
    }

    static func resumeCommand(file: String, batchID: String) -> String {
        "coupondesk batch \(shellWord(file)) --batch-id \(batchID)  (with the same options)"
    }

    /// `--dry-run`: what would be sent, per stock, and the first rows.
    static func dryRun(plan: BatchPlan, decisions: [ResumeDecision], rate: Int, concurrency: Int, historyPath: String) -> String {
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
        var lines = ["dry run: nothing was sent",
                     "batch \(plan.batchID): \(plan.rows.count) rows checked, all valid",
                     "  would send      \(send)",
                     "  would resend    \(resend)  (unknown, interrupted or rate limited before: same numbers)",
                     "  already done    \(done)  (issued or refused before: not sent again)"]
        if elsewhere > 0 { lines.append("  being sent now  \(elsewhere)  (by another process: left to it)") }
        lines.append("per stock (rows to send):")
        for (stock, count) in perStock.sorted(by: { $0.key < $1.key }) { lines.append("  \(TerminalText.sanitize(stock))  \(count)") }
        lines.append("first rows:")
        for (row, decision) in zip(plan.rows, decisions).prefix(5) {
            let r = row.request
            lines.append("  line \(row.line)  \(r.sendRequestNo)  openid \(TerminalText.sanitize(r.openid))  stock \(TerminalText.sanitize(r.stockID))  \(word(decision))")
        }
        let seconds = Double(send + resend) / Double(rate)
        lines.append("at \(rate)/s with \(concurrency) workers: about \(duration(seconds)); history \(historyPath)")
        return lines.joined(separator: "\n")
    }

    static func word(_ decision: ResumeDecision) -> String {
        switch decision {
        case .send: return "send"
        case .resend: return "resend"
        case .done(let record): return "done (\(record.outcome.rawValue))"
        case .sendingElsewhere: return "being sent elsewhere"
        case .conflict: return "number in use"
        }
    }

    static func progressLine(counts: BatchCounts, total: Int, sendsPerSecond: Double, limit: Double, target: Double) -> String {
        let percent = total > 0 ? Double(counts.done) * 100 / Double(total) : 100
        var line = String(format: "%d/%d  %.1f%%  issued %d  rejected %d  unknown %d  %.0f sends/s",
                          counts.done, total, percent, counts.issued, counts.rejected, counts.unknown, sendsPerSecond)
        if limit < target { line += String(format: " (slowed to %.0f/s after a 429)", limit) }
        if sendsPerSecond > 0 { line += "  ETA " + duration(Double(total - counts.done) / sendsPerSecond) }
        return line
    }

    static func stopping(inFlight: Int) -> String {
        "stopping: no more rows are started; waiting for the \(inFlight) send\(inFlight == 1 ? "" : "s") in flight to finish (Ctrl-C again abandons them)"
    }

    static func abandoning(inFlight: Int) -> String {
        "abandoning the \(inFlight) send\(inFlight == 1 ? "" : "s") in flight: their outcome is unknown and their pending records remain; the next run resends them with the same numbers"
    }

    /// The end of a run: counts by outcome and category, time, the history, and how to go on.
    static func summary(_ summary: BatchSummary, historyPath: String, resume: String) -> String {
        let c = summary.counts
        var lines: [String] = []
        lines.append(summary.interrupted ? "batch \(summary.batchID) INTERRUPTED after \(duration(summary.elapsedSeconds))"
                                         : "batch \(summary.batchID) finished in \(duration(summary.elapsedSeconds))")
        lines.append("  rows             \(summary.total)  (\(c.sentNow) sent now, \(c.alreadyDone) done by an earlier run)")
        lines.append("  issued           \(c.issued)")
        lines.append("  rejected         \(c.rejected)")
        lines.append("  unknown          \(c.unknown)")
        if summary.remaining > 0 { lines.append("  not done         \(summary.remaining)") }
        let categories = c.byCategory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        for (category, count) in categories {
            lines.append("    \(category.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(count).padding(toLength: 6, withPad: " ", startingAt: 0)) \(category.summary)")
        }
        if summary.elapsedSeconds > 0, c.sentNow > 0 {
            lines.append(String(format: "  rate             %.1f sends/s", Double(c.sentNow) / summary.elapsedSeconds))
        }
        if c.unrecorded > 0 {
            lines.append("  WARNING: \(c.unrecorded) result\(c.unrecorded == 1 ? "" : "s") could not be written to the history; those rows show as interrupted there")
        }
        if c.sendingElsewhere > 0 {
            lines.append("  \(c.sendingElsewhere) row\(c.sendingElsewhere == 1 ? " is" : "s are") being sent by another process right now; its result will be recorded there")
        }
        lines.append("history: \(historyPath)")
        if summary.needsRerun {
            var why: [String] = []
            if summary.remaining > 0 { why.append("\(summary.remaining) not done") }
            if c.unknown > 0 { why.append("\(c.unknown) unknown (the coupon may or may not have been pre-sent)") }
            if let limited = c.byCategory[.rateLimited], limited > 0 { why.append("\(limited) rate limited") }
            lines.append("to finish the batch (\(why.joined(separator: ", "))), run it again — no row is sent twice:")
            lines.append("  " + resume)
        } else if c.rejected > 0 {
            lines.append("refused rows got no coupon; after fixing the cause (e.g. raising the budget) send them again with --retry-rejected")
        }
        return lines.joined(separator: "\n")
    }

    static func wroteResults(_ path: String) -> String { "results: \(path)" }

    static func cannotWriteResults(_ path: String, _ error: any Error) -> String {
        "coupondesk batch: the results could not be written to \(path) (\(error)); the history has every row"
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
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

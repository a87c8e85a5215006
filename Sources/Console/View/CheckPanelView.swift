import Foundation
import WeChatPayCore

/// The check panel's content (issue 12): claimed or not, the coupon's state, the stock's budget as
/// bars (total and today), the per-user limit and this user's count, and the confirm's prompt or
/// result. Everything from the network is sanitised.
public enum CheckPanelView {
    static let barWidth = 20

    public static func lines(_ panel: CheckPanel, spinner: Character, now: Date?) -> [OverlayView.Line] {
        func clean(_ text: String?) -> String { TerminalText.sanitize(text ?? "—") }
        typealias Line = OverlayView.Line
        let send = panel.send, r = send.request
        var lines: [Line] = []
        let sendRole: Role = send.outcome == .issued ? .issued : send.outcome == .rejected ? .rejected : .unknown
        var sent = "\(send.outcome.rawValue) · openid \(clean(r.openid)) · stock \(clean(r.stockID))"
        if send.outcome == .rejected { sent += " · \(send.error?.category.summary ?? "refused")" }
        lines.append(Line("send", sent, role: sendRole))
        if send.outcome != .issued && send.outcome != .pending {
            lines.append(Line("", "not issued: there was no token to claim; the look-ups show the user's coupons and the stock as they are"))
        }
        guard let check = panel.result else {
            lines.append(Line(""))
            lines.append(Line("", "\(spinner) looking up the user's coupons and the stock…"))
            return lines
        }
        if panel.refreshing { lines.append(Line("", "\(spinner) looking it up again…")) }
        lines.append(Line(""))
        lines += couponLines(check, clean: clean)
        lines.append(Line(""))
        lines += stockLines(check, now: now ?? check.checkedAt, clean: clean)
        lines.append(Line(""))
        lines += confirmLines(panel, check: check, spinner: spinner)
        return lines
    }

    static func couponLines(_ check: SendCheck, clean: (String?) -> String) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        if case .failure(let failure) = check.coupons {
            return [Line("claimed", "cannot tell — the user's coupons could not be looked up: \(failure.description)", role: .rejected)]
        }
        guard let coupon = check.coupon else {
            if check.claimed == nil {
                return [Line("claimed", "cannot tell — the user has more coupons than were read; check the stock's coupons from the command line", role: .unknown)]
            }
            return [Line("claimed", "no — no coupon of this user in the stock has this send_request_no", role: .unknown),
                    Line("", "the token opens the claim component for 5 minutes after it is issued; the user may not have opened it")]
        }
        var lines = [Line("claimed", "yes — coupon \(clean(coupon.couponCode))", role: .issued)]
        let stateRole: Role = coupon.state == .effective ? .issued : coupon.state == .confirming ? .unknown : .rejected
        lines.append(Line("state", "\(clean(coupon.state?.rawValue ?? "none")) — \(meaning(coupon.state))", role: stateRole))
        lines.append(Line("received", clean(coupon.receiveTime)))
        lines.append(Line("confirmed", coupon.confirmTime.map { "\(clean($0)) (\(clean(coupon.confirmRequestNo)))" } ?? "—"))
        if coupon.validBeginTime != nil || coupon.validEndTime != nil {
            lines.append(Line("valid", "\(clean(coupon.validBeginTime)) → \(clean(coupon.validEndTime))"))
        }
        return lines
    }

    static func stockLines(_ check: SendCheck, now: Date?, clean: (String?) -> String) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        switch check.stock {
        case .failure(let failure):
            return [Line("stock", "could not be looked up: \(failure.description)", role: .rejected)]
        case .success(let stock):
            let state = stock.state.map { clean($0.rawValue) } ?? "—"
            var lines = [Line("stock", "\(clean(stock.stockID)) · \(state) · \(clean(stock.couponCodeMode)) code mode",
                              role: stock.state == .sending ? nil : .rejected)]
            lines.append(budgetLine("total", used: stock.sentTotal, max: stock.maxCount, extra: ""))
            if stock.maxCountPerDay != nil {
                lines.append(budgetLine("today", used: stock.sentToday, max: stock.maxCountPerDay,
                                        extra: now.map { " (\(ShanghaiCalendarDay.key($0)), Asia/Shanghai)" } ?? ""))
            } else {
                lines.append(Line("today", "no daily budget · \(stock.sentToday.map(String.init) ?? "?") sent today"))
            }
            let held = check.userCouponsInStock.map { " · this user holds \($0) (CONFIRMING included)" } ?? ""
            let full = stock.maxCountPerUser.flatMap { limit in check.userCouponsInStock.map { $0 >= limit } } ?? false
            lines.append(Line("per user", (stock.maxCountPerUser.map { "at most \($0)" } ?? "no limit") + held,
                              role: full ? .rejected : nil))
            return lines
        }
    }

    /// `████████░░░░ 123 / 500 · 377 left`: the share used as a bar, then the numbers.
    static func budgetLine(_ name: String, used: Int?, max limit: Int?, extra: String) -> OverlayView.Line {
        guard let used, let limit else {
            return OverlayView.Line(name, "\(used.map(String.init) ?? "?") / \(limit.map(String.init) ?? "?")\(extra)")
        }
        let left = max(0, limit - used)
        return OverlayView.Line(name, "\(bar(used: used, max: limit)) \(ConsoleProgram.grouped(used)) / \(ConsoleProgram.grouped(limit)) · \(ConsoleProgram.grouped(left)) left\(extra)",
                                role: left == 0 ? .rejected : nil)
    }

    static func bar(used: Int, max limit: Int) -> String {
        let filled = limit <= 0 ? barWidth : min(barWidth, Int((Double(used) / Double(limit) * Double(barWidth)).rounded(.up)))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    }

    static func confirmLines(_ panel: CheckPanel, check: SendCheck, spinner: Character) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        switch panel.confirm {
        case .asking:
            let code = TerminalText.sanitize(check.coupon?.couponCode ?? "?")
            return [Line("confirm?", "Confirm coupon \(code) of \(TerminalText.sanitize(panel.send.request.openid)) now?  y yes · n no", role: .unknown)]
        case .confirming:
            return [Line("confirm", "\(spinner) confirming…")]
        case .note(let line):
            let role: Role? = line.kind == .issued ? .issued : line.kind == .rejected || line.kind == .problem ? .rejected
                : line.kind == .unknown ? .unknown : nil
            return [Line("confirm", line.text, role: role)]
        case .idle:
            if check.coupon?.state == .confirming {
                return [Line("confirm", "C confirms it (the user sees it but cannot use it until confirmed)")]
            }
            return []
        }
    }

    static func meaning(_ state: CouponState?) -> String {
        switch state {
        case .confirming?: return "claimed, not confirmed: the user sees it but cannot use it"
        case .pending?: return "not yet in effect"
        case .effective?: return "usable"
        case .used?: return "used"
        case .expired?: return "expired"
        case .deleted?: return "deleted by the user"
        case .deactivated?: return "deactivated by the brand"
        case .some: return "a state this build does not know"
        case nil: return "no state given"
        }
    }

    static func draw(_ panel: CheckPanel, spinner: Character, now: Date?, theme: Theme, layout: Layout, into grid: inout CellGrid) {
        let title = " Check \(TerminalText.sanitize(panel.send.request.sendRequestNo)) — Esc closes "
        OverlayView.draw(title: title, lines: lines(panel, spinner: spinner, now: now), keyWidth: OverlayView.detailKeyWidth,
                         scroll: panel.scroll, theme: theme, layout: layout, into: &grid)
    }
}

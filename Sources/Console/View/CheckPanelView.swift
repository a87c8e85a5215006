import CouponDeskText
import Foundation
import WeChatPayCore

/// The check panel's content (issue 12): claimed or not, the coupon's state, the stock's budget as
/// bars (total and today), the per-user limit and this user's count, and the confirm's prompt or
/// result. Everything from the network is sanitised.
public enum CheckPanelView {
    static let barWidth = 20

    public static func lines(_ panel: CheckPanel, text: Texts = .english, spinner: Character, now: Date?) -> [OverlayView.Line] {
        func clean(_ text: String?) -> String { TerminalText.sanitize(text ?? "—") }
        typealias Line = OverlayView.Line
        let send = panel.send, r = send.request
        var lines: [Line] = []
        let sendRole: Role = send.outcome == .issued ? .issued : send.outcome == .rejected ? .rejected : .unknown
        var sent = text(DetailText.sendValue, ["outcome": text.outcome(send.outcome), "openid": clean(r.openid), "stock": clean(r.stockID)])
        if send.outcome == .rejected { sent += " · \(send.error.map { text.reason($0.category) } ?? text(StatusText.rejectedFallback))" }
        lines.append(Line(text(DetailText.keySend), sent, role: sendRole))
        if send.outcome != .issued && send.outcome != .pending {
            lines.append(Line("", text(DetailText.notIssuedLookups)))
        }
        let spin = ["spinner": String(spinner)]
        guard let check = panel.result else {
            lines.append(Line(""))
            lines.append(Line("", text(DetailText.lookingUp, spin)))
            return lines
        }
        if panel.refreshing { lines.append(Line("", text(DetailText.lookingAgain, spin))) }
        lines.append(Line(""))
        lines += couponLines(check, text: text, clean: clean)
        lines.append(Line(""))
        lines += stockLines(check, text: text, now: now ?? check.checkedAt, clean: clean)
        lines.append(Line(""))
        lines += confirmLines(panel, text: text, check: check, spinner: spinner)
        return lines
    }

    static func couponLines(_ check: SendCheck, text: Texts, clean: (String?) -> String) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        let claimed = text(DetailText.keyClaimed)
        if case .failure(let failure) = check.coupons {
            return [Line(claimed, text(DetailText.claimedUnknownFailure, ["failure": text.failure(failure)]), role: .rejected)]
        }
        guard let coupon = check.coupon else {
            if check.claimed == nil {
                return [Line(claimed, text(DetailText.claimedUnknownTooMany), role: .unknown)]
            }
            return [Line(claimed, text(DetailText.claimedNo), role: .unknown),
                    Line("", text(DetailText.claimedNoHint))]
        }
        var lines = [Line(claimed, text(DetailText.claimedYes, ["coupon": clean(coupon.couponCode)]), role: .issued)]
        let stateRole: Role = coupon.state == .effective ? .issued : coupon.state == .confirming ? .unknown : .rejected
        lines.append(Line(text(DetailText.keyState), text(DetailText.stateValue, ["state": clean(coupon.state?.rawValue ?? "none"),
                                                                                "meaning": text.couponState(coupon.state?.rawValue)]),
                          role: stateRole))
        lines.append(Line(text(DetailText.keyReceived), clean(coupon.receiveTime)))
        lines.append(Line(text(DetailText.keyConfirmed), coupon.confirmTime.map { "\(clean($0)) (\(clean(coupon.confirmRequestNo)))" } ?? "—"))
        if coupon.validBeginTime != nil || coupon.validEndTime != nil {
            lines.append(Line(text(DetailText.keyValid), "\(clean(coupon.validBeginTime)) → \(clean(coupon.validEndTime))"))
        }
        return lines
    }

    static func stockLines(_ check: SendCheck, text: Texts, now: Date?, clean: (String?) -> String) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        switch check.stock {
        case .failure(let failure):
            return [Line(text(DetailText.keyStock), text(DetailText.stockFailure, ["failure": text.failure(failure)]), role: .rejected)]
        case .success(let stock):
            let state = stock.state.map { clean($0.rawValue) } ?? "—"
            var lines = [Line(text(DetailText.keyStock), text(DetailText.stockValue, ["stock": clean(stock.stockID), "state": state,
                                                                                     "mode": clean(stock.couponCodeMode)]),
                              role: stock.state == .sending ? nil : .rejected)]
            lines.append(budgetLine(text(DetailText.keyTotal), text: text, used: stock.sentTotal, max: stock.maxCount, extra: ""))
            if stock.maxCountPerDay != nil {
                lines.append(budgetLine(text(DetailText.keyToday), text: text, used: stock.sentToday, max: stock.maxCountPerDay,
                                        extra: now.map { text(DetailText.shanghaiDay, ["day": ShanghaiCalendarDay.key($0)]) } ?? ""))
            } else {
                lines.append(Line(text(DetailText.keyToday), text(DetailText.noDailyBudget, ["count": stock.sentToday.map(String.init) ?? "?"])))
            }
            let held = check.userCouponsInStock.map { text(DetailText.userHolds, ["count": String($0)]) } ?? ""
            let full = stock.maxCountPerUser.flatMap { limit in check.userCouponsInStock.map { $0 >= limit } } ?? false
            lines.append(Line(text(DetailText.keyPerUser),
                              (stock.maxCountPerUser.map { text(DetailText.atMost, ["count": String($0)]) } ?? text(DetailText.noLimit)) + held,
                              role: full ? .rejected : nil))
            return lines
        }
    }

    /// `████████░░░░ 123 / 500 · 377 left`: the share used as a bar, then the numbers.
    static func budgetLine(_ name: String, text: Texts, used: Int?, max limit: Int?, extra: String) -> OverlayView.Line {
        guard let used, let limit else {
            return OverlayView.Line(name, "\(used.map(String.init) ?? "?") / \(limit.map(String.init) ?? "?")\(extra)")
        }
        let left = max(0, limit - used)
        return OverlayView.Line(name, text(DetailText.budgetLeft, ["bar": bar(used: used, max: limit), "used": ConsoleProgram.grouped(used),
                                                                  "limit": ConsoleProgram.grouped(limit),
                                                                  "left": ConsoleProgram.grouped(left), "extra": extra]),
                                role: left == 0 ? .rejected : nil)
    }

    static func bar(used: Int, max limit: Int) -> String {
        let filled = limit <= 0 ? barWidth : min(barWidth, Int((Double(used) / Double(limit) * Double(barWidth)).rounded(.up)))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    }

    static func confirmLines(_ panel: CheckPanel, text: Texts, check: SendCheck, spinner: Character) -> [OverlayView.Line] {
        typealias Line = OverlayView.Line
        let confirm = text(DetailText.keyConfirm)
        switch panel.confirm {
        case .asking:
            let code = TerminalText.sanitize(check.coupon?.couponCode ?? "?")
            return [Line(text(DetailText.keyConfirmAsk), text(DetailText.confirmAsk, ["coupon": code,
                                                                                    "openid": TerminalText.sanitize(panel.send.request.openid)]),
                         role: .unknown)]
        case .confirming:
            return [Line(confirm, text(DetailText.confirming, ["spinner": String(spinner)]))]
        case .note(let line):
            let role: Role? = line.kind == .issued ? .issued : line.kind == .rejected || line.kind == .problem ? .rejected
                : line.kind == .unknown ? .unknown : nil
            return [Line(confirm, line.text, role: role)]
        case .idle:
            if check.coupon?.state == .confirming {
                return [Line(confirm, text(DetailText.confirmHint))]
            }
            return []
        }
    }

    static func draw(_ panel: CheckPanel, text: Texts, spinner: Character, now: Date?, theme: Theme, layout: Layout, into grid: inout CellGrid) {
        let title = text(DetailText.checkTitle, ["number": TerminalText.sanitize(panel.send.request.sendRequestNo)])
        let lines = lines(panel, text: text, spinner: spinner, now: now)
        OverlayView.draw(title: title, lines: lines, keyWidth: OverlayView.detailKeyWidth(lines),
                         scroll: panel.scroll, theme: theme, text: text, layout: layout, into: &grid)
    }
}

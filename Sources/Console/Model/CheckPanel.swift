import CouponDeskText
import WeChatPayCore

/// The check panel of one send (issue 12): was its token claimed, the coupon's state, the stock's
/// budget — and, for a CONFIRMING coupon, a confirm after a y/n prompt. The look-ups and the confirm
/// are effects the runtime runs off the main actor; their answers come back as messages.
public struct CheckPanel: Equatable, Sendable {
    /// The send being looked up (its newest record when the panel opened).
    public var send: SendRecord
    /// Matches the answer to this panel (`ConsoleModel.checkGeneration` when it was asked).
    public var generation: Int
    /// The look-ups' answer; nil until the first arrives.
    public var result: SendCheck?
    /// A newer look-up is on its way (after `c` again, or after a confirm); `result` is the last one.
    public var refreshing = false
    public var confirm: ConfirmStep = .idle
    /// The out_request_no of a confirm made here that ended unknown: `C` repeats it even once the
    /// coupon shows EFFECTIVE by it, so the history records its outcome.
    public var unresolvedNumber: String?
    public var scroll = 0

    public init(send: SendRecord, generation: Int) {
        self.send = send; self.generation = generation
    }

    /// A look-up or a confirm is on its way: the spinner turns.
    public var isWaiting: Bool { result == nil || refreshing || confirm == .confirming }
}

/// Where the panel's confirm stands.
public enum ConfirmStep: Equatable, Sendable {
    case idle
    /// `C` was pressed: y confirms, n or Esc does not.
    case asking
    case confirming
    /// What the last confirm (or the refusal to start one) came to, in words.
    case note(StatusLine)
}

extension ConsoleProgram {
    /// `c`: opens (or refreshes) the check panel of the selected send, or of the open detail's.
    static func openCheck(model: inout ConsoleModel, effects: inout [Effect]) {
        guard let target = targetRecord(model) else {
            model.status = StatusLine(.info, model.words(StatusText.nothingToCheck))
            return
        }
        let send = target.record
        let profile = model.environment.profile
        // Brand-direct looks up as its own brand only: another brand's coupons are not its to see.
        if let caller = profile.fixedBrandID, caller != send.request.brandID {
            model.status = StatusLine(.info, model.words(StatusText.checkOtherBrand, ["number": send.request.sendRequestNo,
                                                                                      "brand": TerminalText.sanitize(send.request.brandID),
                                                                                      "caller": profile.callerTitle(model.words)]))
            return
        }
        model.checkGeneration += 1
        var panel = CheckPanel(send: send, generation: model.checkGeneration)
        if case .check(let open) = model.overlay, open.send.request.sendRequestNo == send.request.sendRequestNo {
            // Again: keep what is shown (and the last confirm's note) until the new answer arrives.
            panel.result = open.result
            panel.refreshing = open.result != nil
            if case .note = open.confirm { panel.confirm = open.confirm }
            panel.unresolvedNumber = open.unresolvedNumber
            panel.scroll = open.scroll
        }
        model.overlay = .check(panel)
        model.history.editingFilter = false
        effects.append(.check(send.request, generation: panel.generation))
    }

    static func checkFinished(generation: Int, _ check: SendCheck, model: inout ConsoleModel) {
        guard case .check(var panel) = model.overlay, panel.generation == generation else { return }
        panel.result = check
        panel.refreshing = false
        model.overlay = .check(panel)
    }

    /// `C`: asks before confirming — only a claimed, CONFIRMING coupon; anything else is said in the panel.
    static func askToConfirm(model: inout ConsoleModel) {
        guard case .check(var panel) = model.overlay else { return }
        defer { model.overlay = .check(panel) }
        guard panel.confirm != .confirming else { return }
        guard let check = panel.result else {
            panel.confirm = .note(StatusLine(.info, model.words(StatusText.stillLooking)))
            return
        }
        guard let coupon = check.coupon else {
            let why = model.words(check.claimed == false ? StatusText.noClaimToConfirm : .couldNotLookUp)
            panel.confirm = .note(StatusLine(.info, model.words(StatusText.nothingToConfirm, ["why": why])))
            return
        }
        switch coupon.state {
        case .confirming?:
            panel.confirm = .asking
        case .effective? where panel.unresolvedNumber != nil && coupon.confirmRequestNo == panel.unresolvedNumber:
            panel.confirm = .asking
        case .effective?:
            panel.confirm = .note(StatusLine(.issued, model.words(StatusText.alreadyConfirmedEffective,
                                                                 ["number": TerminalText.sanitize(coupon.confirmRequestNo ?? "—")])))
        case let state:
            let shown = state.map { TerminalText.sanitize($0.rawValue) } ?? model.words(StatusText.inNoState)
            panel.confirm = .note(StatusLine(.problem, model.words(StatusText.notConfirmingState, ["state": shown])))
        }
    }

    /// The answer to the prompt: y starts the confirm, n (or Esc) leaves it.
    static func answerConfirm(yes: Bool, model: inout ConsoleModel, effects: inout [Effect]) {
        guard case .check(var panel) = model.overlay, panel.confirm == .asking else { return }
        guard yes, let coupon = panel.result?.coupon else {
            panel.confirm = .note(StatusLine(.info, model.words(StatusText.notConfirmed)))
            model.overlay = .check(panel)
            return
        }
        let r = panel.send.request
        panel.confirm = .confirming
        model.overlay = .check(panel)
        let place = ConfirmPolicy.CouponPlace(openid: r.openid, brandID: r.brandID, productCouponID: r.productCouponID,
                                              stockID: r.stockID, appid: r.appid)
        effects.append(.confirm(ConfirmOrder(coupon: coupon, place: place, sendRequestNo: r.sendRequestNo, generation: panel.generation)))
    }

    /// A confirm's answer: said in the panel (and on the status line, so it stays after the panel
    /// closes); after a confirm that reached WeChat Pay the send is looked up again to show the state.
    static func confirmFinished(generation: Int, _ result: ConfirmResult, model: inout ConsoleModel, effects: inout [Effect]) {
        let line = confirmLine(result, text: model.words)
        model.status = line
        guard case .check(var panel) = model.overlay, panel.generation == generation else { return }
        panel.confirm = .note(line)
        if case .sent(let record, _, _, _) = result {
            panel.unresolvedNumber = ConfirmPolicy.isUnresolved(record) ? record.request.outRequestNo : nil
        }
        model.checkGeneration += 1
        panel.generation = model.checkGeneration
        panel.refreshing = true
        model.overlay = .check(panel)
        effects.append(.check(panel.send.request, generation: panel.generation))
    }

    /// A confirm's result in words, for the panel and the status line.
    public static func confirmLine(_ result: ConfirmResult, text: Texts = .english) -> StatusLine {
        func clean(_ text: String?) -> String { TerminalText.sanitize(text ?? "—") }
        switch result {
        case .sent(let record, _, let journalProblem, _):
            let number = clean(record.request.outRequestNo)
            let unwritten = journalProblem == nil ? "" : text(StatusText.confirmUnwritten)
            switch record.outcome {
            case .confirmed:
                return StatusLine(.issued, text(StatusText.confirmed, ["state": clean(record.couponState ?? "EFFECTIVE"), "number": number,
                                                                      "unwritten": unwritten]))
            case .rejected:
                let category = record.error?.category ?? .other
                let raw = [record.error?.code, record.error?.numericCode.map(String.init)].compactMap { $0 }.joined(separator: " ")
                return StatusLine(.rejected, text(StatusText.confirmRefused, ["reason": text.reason(category),
                                                                             "raw": raw.isEmpty ? "" : text(StatusText.rawCode, ["raw": clean(raw)]),
                                                                             "message": clean(record.error?.message.map(text.errorMessage))]))
            case .unknown, .pending:
                let category = record.error?.category ?? .networkError
                return StatusLine(.unknown, text(StatusText.confirmUnknown, ["reason": text.reason(category), "number": number,
                                                                            "unwritten": unwritten]))
            }
        case .alreadyConfirmed(let number, _):
            return StatusLine(.issued, text(StatusText.alreadyConfirmed, ["number": clean(number)]))
        case .notConfirmable(let state):
            return StatusLine(.problem, text(StatusText.notConfirmable, ["state": clean(state)]))
        case .unresolvedUnderAnotherNumber(let open):
            return StatusLine(.problem, text(StatusText.earlierConfirmOpen, ["number": clean(open.request.outRequestNo)]))
        case .notSent(let refusal):
            return StatusLine(.problem, clean(refusal.describe(text)))
        }
    }

    /// Opens a send's detail and asks for its confirms (shown under it once read).
    static func openDetail(_ record: SendRecord, model: inout ConsoleModel, effects: inout [Effect]) {
        model.overlay = .detail(record, scroll: 0)
        model.detailConfirms = nil
        effects.append(.loadConfirms(sendRequestNo: record.request.sendRequestNo))
    }
}

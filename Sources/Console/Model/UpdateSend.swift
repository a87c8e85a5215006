import CouponDeskText
import WeChatPayCore

/// Sending, resending and what the form does with a result.
extension ConsoleProgram {
    static func send(model: inout ConsoleModel, effects: inout [Effect]) {
        var request = model.request
        let problems = request.fieldProblems()
        guard problems.isEmpty else {
            model.showAllProblems = true
            model.status = StatusLine(.problem, model.words(StatusText.notSent, ["problems": problems.map(model.words.problem).joined(separator: "; ")]))
            if let first = PreSendField.allCases.first(where: { $0.problem(with: model.text($0)) != nil }) {
                model.overlay = nil
                model.history.editingFilter = false
                model.focus = .field(first)
            }
            return
        }
        guard !model.isInFlight(request.sendRequestNo) else {
            model.status = StatusLine(.info, model.words(StatusText.alreadySending, ["number": request.sendRequestNo]))
            return
        }
        if let needed = confirmationNeeded(model) {
            guard model.sendConfirmation == needed else {
                model.sendConfirmation = needed
                model.status = StatusLine(.problem, question(needed, model: model))
                return
            }
            model.sendConfirmation = nil
            if needed.kind == .retryUnderANewNumber {
                // The user chose it: the refused request becomes a new send under a number of its own.
                request.sendRequestNo = model.spareNumber ?? model.freshNumbers.take()
                model.fields[.sendRequestNo] = TextField(request.sendRequestNo)
            }
        }
        startSend(request, verb: .sending, model: &model, effects: &effects)
    }

    static func startSend(_ request: PreSendRequest, verb: StatusText, model: inout ConsoleModel, effects: inout [Effect]) {
        let pending = SendRecord(time: "", operator: model.environment.profile.operatorName,
                                 mode: model.environment.profile.sendMode.rawValue,
                                 flavor: model.environment.profile.flavor, request: request, outcome: .pending)
        model.history.recent.removeAll { $0.record.request.sendRequestNo == request.sendRequestNo }
        model.history.recent.insert(RecentSend(record: pending, inFlight: true, containedFromGeneration: nil), at: 0)
        model.history.selected = 0
        model.history.top = 0
        model.status = StatusLine(.info, model.words(verb, ["number": request.sendRequestNo, "openid": request.openid]))
        if let renumbered = formSendStarted(request, model: &model) { model.status?.text += " · " + renumbered }
        effects.append(.send(request))
    }

    static func nextSend(model: inout ConsoleModel) {
        for field in [PreSendField.openid, .couponCode, .attach] { model.fields[field] = TextField() }
        model.fields[.sendRequestNo] = TextField(model.freshNumbers.take())
        model.formSend = nil
        model.spareNumber = nil
        model.sendConfirmation = nil
        model.showAllProblems = false
        model.overlay = nil
        model.history.editingFilter = false
        model.focus = .field(.openid)
        model.status = StatusLine(.info, model.words(StatusText.nextSend, ["number": model.text(.sendRequestNo)]))
    }

    static func finishSend(_ record: SendRecord, journalProblem: String? = nil, refusal: SendRefusal? = nil, model: inout ConsoleModel,
                           effects: inout [Effect]) {
        let number = record.request.sendRequestNo
        // The client refused before sending (0 attempts, nothing in the log): say so plainly; this
        // is not WeChat Pay's answer, and the form stays as it is for another try.
        if record.outcome == .rejected && record.attempts == 0 {
            _ = formSendFinished(record, model: &model)
            model.history.recent.removeAll { $0.record.request.sendRequestNo == number }
            keepSelectionVisible(&model)
            // The refusal in the user's language; a record without one (from elsewhere) as it says.
            var why = TerminalText.sanitize(refusal?.reason(model.words) ?? record.error?.message ?? model.words(StatusText.couldNotBeSent))
            if refusal == nil, why.hasPrefix("not sent: ") { why.removeFirst("not sent: ".count) }
            model.status = StatusLine(.problem, model.words(StatusText.notSentWhy, ["why": why]))
            return
        }
        let load = requestHistory(&model)
        let generation = model.history.generation
        model.history.recent.removeAll { $0.record.request.sendRequestNo == number }
        // A result the log could not take stays in this session's list: a reload would otherwise
        // replace it with the pending record, and an issued token would vanish from the screen.
        model.history.recent.insert(RecentSend(record: record, inFlight: false,
                                               containedFromGeneration: journalProblem == nil ? generation : nil,
                                               journalProblem: journalProblem), at: 0)
        keepSelectionVisible(&model)
        if case .detail(let open, let scroll) = model.overlay, open.request.sendRequestNo == number {
            model.overlay = .detail(record, scroll: scroll)
        }
        model.status = resultLine(record, text: model.words)
        if journalProblem != nil {
            // First, where a narrow status line cannot cut it off; the detail (Enter) says the rest.
            model.status = StatusLine(.problem, model.words(StatusText.notInLog, ["status": model.status?.text ?? ""]))
        }
        // Every send keeps its number: the form moves to a new one only when it is edited (or when the
        // user confirms retrying a refused request as a new send), never as a side effect of a result.
        if let renumbered = formSendFinished(record, model: &model) { model.status?.text += " · " + renumbered }
        effects.append(load)
    }

    /// The status line for a finished send: the token, or the reason in words.
    public static func resultLine(_ record: SendRecord, text: Texts = .english) -> StatusLine {
        let number = record.request.sendRequestNo
        switch record.outcome {
        case .issued:
            let token = TerminalText.sanitize(record.token ?? "")
            return StatusLine(.issued, text(StatusText.issued, ["openid": TerminalText.sanitize(record.request.openid), "token": token]))
        case .rejected:
            let summary = record.error.map { text.reason($0.category) } ?? text(StatusText.rejectedFallback)
            var raw = [record.error?.code, record.error?.numericCode.map(String.init)].compactMap { $0 }.joined(separator: " ")
            if raw.isEmpty, let status = record.httpStatus { raw = "HTTP \(status)" }
            return StatusLine(.rejected, text(StatusText.rejected, ["reason": summary,
                                                                   "raw": raw.isEmpty ? "" : text(StatusText.rawCode, ["raw": TerminalText.sanitize(raw)])]))
        case .unknown, .pending:
            let summary = record.error.map { text.reason($0.category) } ?? text(StatusText.unknownFallback)
            return StatusLine(.unknown, text(StatusText.unknown, ["reason": summary, "number": number]))
        }
    }

    /// `r`: resend an unknown, interrupted or rate-limited send with its own send_request_no.
    static func resendSelected(model: inout ConsoleModel, effects: inout [Effect]) {
        guard let target = targetRecord(model) else {
            model.status = StatusLine(.info, model.words(StatusText.nothingToResend))
            return
        }
        let record = target.record, inFlight = target.inFlight
        guard !inFlight else {
            model.status = StatusLine(.info, model.words(StatusText.alreadyBeingSent, ["number": record.request.sendRequestNo]))
            return
        }
        // The CLI's `resend` asks the same question: unknown, interrupted and rate-limited sends only,
        // and never across modes (a demo send must never go to live WeChat Pay).
        // A pending record whose process still runs elsewhere is refused too; one of this process that
        // is not in flight here (its result could not be written) is interrupted.
        // Whether its process still runs was looked up by the runtime when it read the row.
        let pending = model.history.pendingState(of: record)
        if let refusal = SendPolicy.resendRefusal(for: record, mode: model.environment.profile.sendMode, pending: pending) {
            model.status = StatusLine(.info, model.words(StatusText.notResending, ["number": record.request.sendRequestNo,
                                                                                   "refusal": model.words.refusal(refusal)]))
            return
        }
        if record.outcome == .pending && pending == nil {
            model.status = StatusLine(.info, model.words(StatusText.notResendingUnknownYet, ["number": record.request.sendRequestNo]))
            return
        }
        // And only through the door it went through: the same flavor, and for brand-direct the same brand.
        let profile = model.environment.profile
        guard record.flavor == profile.flavor, profile.fixedBrandID.map({ $0 == record.request.brandID }) ?? true else {
            let text = model.words
            let sentIn = record.flavor.map { text(StatusText.flavorOfBrand, ["flavor": text.flavor($0), "brand": TerminalText.sanitize(record.request.brandID)]) }
                ?? text(StatusText.unknownFlavor)
            model.status = StatusLine(.info, text(StatusText.sentInOtherFlavor, ["number": record.request.sendRequestNo, "sentIn": sentIn,
                                                                                 "caller": profile.callerTitle(text)]))
            return
        }
        startSend(record.request, verb: .resending, model: &model, effects: &effects)
    }

    /// `y`: copy the token of the selected send with OSC 52.
    static func copySelectedToken(model: inout ConsoleModel, effects: inout [Effect]) {
        guard let record = targetRecord(model)?.record, let token = record.token, !token.isEmpty else {
            model.status = StatusLine(.info, model.words(StatusText.noTokenToCopy))
            return
        }
        let clean = TerminalText.sanitize(token, replacement: "?")
        effects.append(.copyToClipboard(clean))
        model.status = StatusLine(.info, model.words(StatusText.copiedToken, ["token": clean]))
    }
}

import WeChatPayCore

/// Sending, resending and what the form does with a result.
extension ConsoleProgram {
    static func send(model: inout ConsoleModel, effects: inout [Effect]) {
        var request = model.request
        let problems = request.problems()
        guard problems.isEmpty else {
            model.showAllProblems = true
            model.status = StatusLine(.problem, "Not sent — " + problems.joined(separator: "; "))
            if let first = PreSendField.allCases.first(where: { $0.problem(with: model.text($0)) != nil }) {
                model.overlay = nil
                model.history.editingFilter = false
                model.focus = .field(first)
            }
            return
        }
        guard !model.isInFlight(request.sendRequestNo) else {
            model.status = StatusLine(.info, "\(request.sendRequestNo) is already being sent; wait for its result.")
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
        startSend(request, verb: "Sending", model: &model, effects: &effects)
    }

    static func startSend(_ request: PreSendRequest, verb: String, model: inout ConsoleModel, effects: inout [Effect]) {
        let pending = SendRecord(time: "", operator: model.environment.profile.operatorName,
                                 mode: model.environment.profile.sendMode.rawValue,
                                 flavor: model.environment.profile.flavor, request: request, outcome: .pending)
        model.history.recent.removeAll { $0.record.request.sendRequestNo == request.sendRequestNo }
        model.history.recent.insert(RecentSend(record: pending, inFlight: true, containedFromGeneration: nil), at: 0)
        model.history.selected = 0
        model.history.top = 0
        model.status = StatusLine(.info, "\(verb) \(request.sendRequestNo) to \(request.openid)…")
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
        model.status = StatusLine(.info, "Next send: new send_request_no \(model.text(.sendRequestNo)); brand, coupon, stock and appid kept.")
    }

    static func finishSend(_ record: SendRecord, journalProblem: String? = nil, model: inout ConsoleModel,
                           effects: inout [Effect]) {
        let number = record.request.sendRequestNo
        // The client refused before sending (0 attempts, nothing in the log): say so plainly; this
        // is not WeChat Pay's answer, and the form stays as it is for another try.
        if record.outcome == .rejected && record.attempts == 0 {
            _ = formSendFinished(record, model: &model)
            model.history.recent.removeAll { $0.record.request.sendRequestNo == number }
            keepSelectionVisible(&model)
            var why = TerminalText.sanitize(record.error?.message ?? "the request could not be sent")
            if why.hasPrefix("not sent: ") { why.removeFirst("not sent: ".count) }
            model.status = StatusLine(.problem, "Not sent — \(why)")
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
        model.status = resultLine(record)
        if journalProblem != nil {
            // First, where a narrow status line cannot cut it off; the detail (Enter) says the rest.
            model.status = StatusLine(.problem, "⚠ NOT in the history log (Enter on it: why) — "
                                      + (model.status?.text ?? ""))
        }
        // Every send keeps its number: the form moves to a new one only when it is edited (or when the
        // user confirms retrying a refused request as a new send), never as a side effect of a result.
        if let renumbered = formSendFinished(record, model: &model) { model.status?.text += " · " + renumbered }
        effects.append(load)
    }

    /// The status line for a finished send: the token, or the reason in words.
    public static func resultLine(_ record: SendRecord) -> StatusLine {
        let number = record.request.sendRequestNo
        switch record.outcome {
        case .issued:
            let token = TerminalText.sanitize(record.token ?? "")
            return StatusLine(.issued, "✓ issued to \(TerminalText.sanitize(record.request.openid)) — token \(token)  (y copies)")
        case .rejected:
            let summary = record.error?.category.summary ?? "refused"
            var raw = [record.error?.code, record.error?.numericCode.map(String.init)].compactMap { $0 }.joined(separator: " ")
            if raw.isEmpty, let status = record.httpStatus { raw = "HTTP \(status)" }
            return StatusLine(.rejected, "✗ rejected: \(summary)" + (raw.isEmpty ? "" : " (\(TerminalText.sanitize(raw)))"))
        case .unknown, .pending:
            let summary = record.error?.category.summary ?? "outcome unknown"
            return StatusLine(.unknown, "? unknown: \(summary) (Ctrl-S resends \(number))")
        }
    }

    /// `r`: resend an unknown, interrupted or rate-limited send with its own send_request_no.
    static func resendSelected(model: inout ConsoleModel, effects: inout [Effect]) {
        guard let target = targetRecord(model) else {
            model.status = StatusLine(.info, "Nothing selected to resend.")
            return
        }
        let record = target.record, inFlight = target.inFlight
        guard !inFlight else {
            model.status = StatusLine(.info, "\(record.request.sendRequestNo) is already being sent.")
            return
        }
        // The CLI's `resend` asks the same question: unknown, interrupted and rate-limited sends only,
        // and never across modes (a demo send must never go to live WeChat Pay).
        // A pending record whose process still runs elsewhere is refused too; one of this process that
        // is not in flight here (its result could not be written) is interrupted.
        // Whether its process still runs was looked up by the runtime when it read the row.
        let pending = model.history.pendingState(of: record)
        if let refusal = SendPolicy.resendRefusal(for: record, mode: model.environment.profile.sendMode, pending: pending) {
            model.status = StatusLine(.info, "Not resending \(record.request.sendRequestNo): \(refusal).")
            return
        }
        if record.outcome == .pending && pending == nil {
            model.status = StatusLine(.info, "Not resending \(record.request.sendRequestNo): whether another process still sends it is not known yet; try again.")
            return
        }
        // And only through the door it went through: the same flavor, and for brand-direct the same brand.
        let profile = model.environment.profile
        guard record.flavor == profile.flavor, profile.fixedBrandID.map({ $0 == record.request.brandID }) ?? true else {
            let sentIn = record.flavor.map { "the \($0.displayName) flavor (brand \(TerminalText.sanitize(record.request.brandID)))" } ?? "an unknown flavor"
            model.status = StatusLine(.info, "\(record.request.sendRequestNo) was sent in \(sentIn); this console is \(profile.callerTitle). Resend it with a config of that flavor.")
            return
        }
        startSend(record.request, verb: "Resending (same send_request_no)", model: &model, effects: &effects)
    }

    /// `y`: copy the token of the selected send with OSC 52.
    static func copySelectedToken(model: inout ConsoleModel, effects: inout [Effect]) {
        guard let record = targetRecord(model)?.record, let token = record.token, !token.isEmpty else {
            model.status = StatusLine(.info, "No token to copy: the selected send was not issued.")
            return
        }
        let clean = TerminalText.sanitize(token, replacement: "?")
        effects.append(.copyToClipboard(clean))
        model.status = StatusLine(.info, "Copied token \(clean) to the clipboard (OSC 52).")
    }
}

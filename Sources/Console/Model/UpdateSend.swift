import WeChatPayCore

/// Sending, resending and what the form does with a result.
extension ConsoleProgram {
    static func send(model: inout ConsoleModel, effects: inout [Effect]) {
        let request = model.request
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
        startSend(request, verb: "Sending", model: &model, effects: &effects)
    }

    static func startSend(_ request: PreSendRequest, verb: String, model: inout ConsoleModel, effects: inout [Effect]) {
        let pending = SendRecord(time: "", operator: model.environment.profile.operatorName,
                                 mode: model.environment.profile.isDemo ? "demo" : "live",
                                 request: request, outcome: .pending)
        model.history.recent.removeAll { $0.record.request.sendRequestNo == request.sendRequestNo }
        model.history.recent.insert(RecentSend(record: pending, inFlight: true, containedFromGeneration: nil), at: 0)
        model.history.selected = 0
        model.history.top = 0
        model.status = StatusLine(.info, "\(verb) \(request.sendRequestNo) to \(request.openid)…")
        effects.append(.send(request))
    }

    static func nextSend(model: inout ConsoleModel) {
        for field in [PreSendField.openid, .couponCode, .attach] { model.fields[field] = TextField() }
        model.fields[.sendRequestNo] = TextField(model.environment.newSendRequestNo())
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
        // A definite no created nothing, so the next try of this form needs a new number; an issued
        // or unknown send keeps its number: repeating it can never create a second coupon.
        if record.outcome == .rejected && model.text(.sendRequestNo) == number {
            model.fields[.sendRequestNo] = TextField(model.environment.newSendRequestNo())
            model.status?.text += " · new number for the next try"
        }
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

    /// `r`: resend an unknown (or interrupted) send with its own send_request_no.
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
        guard record.outcome == .unknown || record.outcome == .pending else {
            model.status = StatusLine(.info, "Only unknown sends are resent; \(record.request.sendRequestNo) was \(record.outcome.rawValue). Ctrl-N starts a new send.")
            return
        }
        // A shared log can hold sends made in another mode: a demo send must never go to live WeChat Pay.
        let mode = model.environment.profile.sendMode
        guard record.mode == mode else {
            model.status = StatusLine(.info, "\(record.request.sendRequestNo) was sent in \(TerminalText.sanitize(record.mode)) mode; this console is \(mode). Resend it where it was sent.")
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

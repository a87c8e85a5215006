import WeChatPayCore

/// Windows drawn over the frame: the `?`/F1 help (generated from the keymap) and a send's detail.
public enum OverlayView {
    /// A line of overlay content: a heading or a key/value (or key/help) pair.
    public struct Line: Equatable, Sendable {
        public var key: String
        public var value: String
        public var isHeading: Bool
        /// Plain text across the whole window (`key` holds it), wrapped.
        public var isText: Bool
        public var role: Role?
        init(_ key: String, _ value: String = "", heading: Bool = false, text: Bool = false, role: Role? = nil) {
            self.key = key; self.value = value; self.isHeading = heading; self.isText = text; self.role = role
        }
    }

    /// A line as drawn, after wrapping.
    struct Row {
        enum Kind { case heading, pair, text }
        var kind: Kind
        var key: String
        var value: String
        var role: Role?
    }

    /// Every binding, grouped by where it applies: what the help overlay lists.
    public static func helpLines(keymap: Keymap, guide: [String] = [], historyLocation: String? = nil) -> [Line] {
        let order: [KeyContext] = [.global, .form, .textEditing, .history, .filter, .detail, .check, .confirmPrompt, .help]
        var lines: [Line] = []
        for context in order {
            let bindings = keymap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(Line("")) }
            lines.append(Line(context.rawValue, heading: true))
            for binding in bindings { lines.append(Line(binding.keysLabel, binding.help)) }
        }
        lines.append(Line(""))
        lines.append(Line("In a text field", "every other key is text (letters, ?, j, k, CJK…)"))
        lines.append(Line("History marks", "✓ issued · ✗ rejected · ? unknown; then P partner · B brand-direct (the flavor of the send)"))
        if let historyLocation {
            lines.append(Line(""))
            lines.append(Line("History log", TerminalText.sanitize(historyLocation)))
        }
        if !guide.isEmpty {
            lines.append(Line(""))
            lines.append(Line("Demo sandbox", heading: true))
            for text in guide { lines.append(Line(text, text: true)) }
        }
        return lines
    }

    /// Every field of one send, the Request-ID and the raw error, for the detail overlay: the
    /// result first (what support staff are asked about), then the request as sent.
    /// `journalProblem`: why this result (of this session) is missing from the log.
    public static func detailLines(_ record: SendRecord, inFlight: Bool, elsewhere: SendingProcess? = nil,
                                   journalProblem: String? = nil, confirms: [ConfirmRecord] = []) -> [Line] {
        func clean(_ s: String?) -> String { s.map { TerminalText.sanitize($0) } ?? "—" }
        let r = record.request
        var lines: [Line] = []
        let role: Role
        var outcome = record.outcome.rawValue
        switch record.outcome {
        case .issued: role = .issued
        case .rejected: role = .rejected
        case .unknown: role = .unknown; outcome += " — the coupon may or may not have been sent; r resends with the same send_request_no"
        case .pending:
            role = .unknown
            if inFlight {
                outcome = "sending…"
            } else if let elsewhere {
                outcome = "pending — sending elsewhere (\(SendPolicy.describe(elsewhere))); its result will follow, r waits for it"
            } else {
                outcome = "unknown (interrupted: pending with no result) — r resends"
            }
        }
        lines.append(Line("outcome", outcome, role: role))
        if let journalProblem {
            lines.append(Line("history log", "NOT RECORDED: this result could not be written to the log ("
                              + clean(journalProblem) + "); the log shows the send as interrupted. "
                              + "Resend it from there (r: same send_request_no, never a second coupon) to record the outcome.",
                              role: .error))
        }
        if let error = record.error {
            lines.append(Line("reason", "\(error.category.summary) (\(error.category.rawValue))", role: role))
            if [.totalBudgetExhausted, .dailyBudgetExhausted, .userLimitReached].contains(error.category) {
                lines.append(Line("next", "c: see the stock's budget"))
            }
        }
        if let token = record.token { lines.append(Line("token", clean(token), role: .issued)) }
        lines.append(Line("Request-ID", clean(record.requestID)))
        if let error = record.error {
            var raw = [error.httpStatus.map { "HTTP \($0)" }, error.code, error.numericCode.map { "numeric \($0)" }]
                .compactMap { $0 }.joined(separator: " · ")
            if raw.isEmpty { raw = "—" }
            lines.append(Line("error", clean(raw)))
            lines.append(Line("message", clean(error.message)))
        } else {
            lines.append(Line("http_status", record.httpStatus.map(String.init) ?? "—"))
        }
        lines.append(Line("time", record.time.isEmpty ? "—" : clean(record.time)))
        lines.append(Line("operator", "\(clean(record.operator)) (mode \(clean(record.mode)))"))
        lines.append(Line("flavor", flavorText(record)))
        lines.append(Line("attempts", "\(record.attempts) · \(record.elapsedMs) ms"))
        lines.append(Line(""))
        for field in PreSendField.allCases {
            let value = field.value(in: r)
            lines.append(Line(field.rawValue, value.isEmpty ? "—" : clean(value)))
        }
        // Confirms of the send's coupon (PROTOCOL §9): under it, never its state.
        let byNumber = ConfirmPolicy.newestByNumber(confirms)
        if !byNumber.isEmpty {
            lines.append(Line(""))
            for confirm in byNumber {
                var text = "\(confirm.outcome.rawValue) · out_request_no \(clean(confirm.request.outRequestNo)) · coupon \(clean(confirm.request.couponCode))"
                if let state = confirm.couponState { text += " · \(clean(state))" }
                if let error = confirm.error { text += " · \(error.category.rawValue)" }
                text += " · \(clean(confirm.time))"
                let role: Role = confirm.outcome == .confirmed ? .issued : confirm.outcome == .rejected ? .rejected : .unknown
                lines.append(Line("confirm", text, role: role))
            }
        }
        return lines
    }

    /// The flavor of a send in words: brand-direct says its brand_id was the caller (not in the body).
    static func flavorText(_ record: SendRecord) -> String {
        guard let flavor = record.flavor else { return "unknown (written by a newer build; not resent here)" }
        if flavor.namesBrandInRequest { return "\(flavor.displayName) (服务商)" }
        return "\(flavor.displayName) (品牌直连): brand_id \(TerminalText.sanitize(record.request.brandID)) was the caller"
    }

    static func drawHelp(keymap: Keymap, profile: Profile, scroll: Int, theme: Theme, layout: Layout, into grid: inout CellGrid) {
        draw(title: " Keys — Esc closes, j/k scroll ",
             lines: helpLines(keymap: keymap, guide: profile.guide, historyLocation: profile.historyLocation), keyWidth: helpKeyWidth,
             scroll: scroll, theme: theme, layout: layout, into: &grid)
    }

    static func drawDetail(_ record: SendRecord, inFlight: Bool, journalProblem: String?, scroll: Int, theme: Theme,
                           layout: Layout, into grid: inout CellGrid, elsewhere: SendingProcess? = nil,
                           confirms: [ConfirmRecord] = []) {
        let title = " Send \(TerminalText.sanitize(record.request.sendRequestNo)) — Esc closes "
        draw(title: title, lines: detailLines(record, inFlight: inFlight, elsewhere: elsewhere, journalProblem: journalProblem,
                                              confirms: confirms),
             keyWidth: detailKeyWidth,
             scroll: scroll, theme: theme, layout: layout, into: &grid)
    }

    /// Draws a bordered window with `lines`, long values wrapped under their value column.
    static func draw(title: String, lines: [Line], keyWidth: Int, scroll: Int, theme: Theme, layout: Layout,
                     into grid: inout CellGrid) {
        let origin = layout.overlayOrigin
        let width = layout.overlayWidth, height = layout.overlayHeight
        // A blank margin either side sets the window apart from the panes' borders beneath it.
        grid.fill(x: origin.x - 1, y: origin.y, width: width + 2, height: height, style: .plain)
        ConsoleProgram.drawBox(x: origin.x, y: origin.y, width: width, height: height,
                               style: theme[.border].adding(.bold), into: &grid)
        grid.draw(title, x: origin.x + 2, y: origin.y, style: theme[.title], maxWidth: width - 4)

        let valueX = origin.x + 2 + keyWidth + 1
        let valueWidth = max(8, origin.x + width - 2 - valueX)
        let rendered = render(lines, keyWidth: keyWidth, valueWidth: valueWidth)
        let rows = layout.overlayContentRows
        let first = max(0, min(scroll, rendered.count - rows))
        for (i, line) in rendered.dropFirst(first).prefix(rows).enumerated() {
            let y = origin.y + 1 + i
            switch line.kind {
            case .heading:
                grid.draw(line.key, x: origin.x + 2, y: y, style: Style(attributes: [.bold, .underline]), maxWidth: width - 4)
                continue
            case .text:
                grid.draw(line.key, x: origin.x + 2, y: y, style: .plain, maxWidth: width - 4)
                continue
            case .pair:
                break
            }
            grid.draw(line.key, x: origin.x + 2, y: y, style: Style(attributes: .bold), maxWidth: keyWidth)
            grid.draw(line.value, x: valueX, y: y, style: line.role.map { theme[$0] } ?? .plain, maxWidth: valueWidth)
        }
        if rendered.count > rows {
            let more = " \(first + 1)–\(min(rendered.count, first + rows)) of \(rendered.count) "
            grid.draw(more, x: origin.x + width - 2 - CharacterWidth.of(more), y: origin.y + height - 1,
                      style: theme[.border])
        }
    }

    static let helpKeyWidth = 24
    static let detailKeyWidth = 18

    /// Lines as drawn: long values wrapped under their value column.
    static func render(_ lines: [Line], keyWidth: Int, valueWidth: Int) -> [Row] {
        var rows: [Row] = []
        for line in lines {
            if line.isHeading {
                rows.append(Row(kind: .heading, key: line.key, value: "", role: line.role))
            } else if line.isText {
                for piece in wrap(line.key, width: keyWidth + 1 + valueWidth) {
                    rows.append(Row(kind: .text, key: piece, value: "", role: line.role))
                }
            } else if line.value.isEmpty {
                rows.append(Row(kind: .pair, key: line.key, value: "", role: line.role))
            } else {
                for (i, piece) in wrap(line.value, width: valueWidth).enumerated() {
                    rows.append(Row(kind: .pair, key: i == 0 ? line.key : "", value: piece, role: line.role))
                }
            }
        }
        return rows
    }

    /// The furthest an overlay can scroll at this size (so scrolling back is never stuck).
    static func maxScroll(_ overlay: Overlay, model: ConsoleModel, layout: Layout) -> Int {
        let lines: [Line], keyWidth: Int
        switch overlay {
        case .help:
            lines = helpLines(keymap: model.environment.keymap, guide: model.environment.profile.guide,
                              historyLocation: model.environment.profile.historyLocation)
            keyWidth = helpKeyWidth
        case .detail(let record, _):
            let inFlight = model.isInFlight(record.request.sendRequestNo)
            lines = detailLines(record, inFlight: inFlight, elsewhere: model.sendingElsewhere(record, inFlight: inFlight),
                                journalProblem: model.journalProblem(for: record), confirms: model.confirmsShown(for: record))
            keyWidth = detailKeyWidth
        case .check(let panel):
            lines = CheckPanelView.lines(panel, spinner: model.spinner, now: nil); keyWidth = detailKeyWidth
        }
        let valueWidth = max(8, layout.overlayWidth - 4 - keyWidth - 1)
        return max(0, render(lines, keyWidth: keyWidth, valueWidth: valueWidth).count - layout.overlayContentRows)
    }

    /// Splits text into pieces of at most `width` cells, breaking after a space when there is
    /// one in the line, else anywhere (CJK text has no spaces and wraps by cells).
    static func wrap(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        var current: [Character] = []
        var used = 0
        for character in text {
            let w = CharacterWidth.of(character)
            if used + w > width && !current.isEmpty {
                if let space = current.lastIndex(of: " "), space > 0, space < current.count - 1 {
                    pieces.append(String(current[..<space]))
                    current = Array(current[(space + 1)...])
                } else {
                    pieces.append(String(current))
                    current = []
                }
                used = current.reduce(0) { $0 + CharacterWidth.of($1) }
            }
            if current.isEmpty && character == " " { continue }
            current.append(character)
            used += w
        }
        pieces.append(String(current))
        return pieces
    }
}

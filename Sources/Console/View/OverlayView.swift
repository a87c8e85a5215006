import CouponDeskText
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
    public static func helpLines(keymap: Keymap, text: Texts = .english, guide: [String] = [], historyLocation: String? = nil) -> [Line] {
        let order: [KeyContext] = [.global, .form, .textEditing, .history, .filter, .detail, .check, .confirmPrompt, .help]
        var lines: [Line] = []
        for context in order {
            let bindings = keymap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(Line("")) }
            lines.append(Line(text(context.title), heading: true))
            for binding in bindings { lines.append(Line(binding.keysLabel, text(binding.help))) }
        }
        lines.append(Line(""))
        lines.append(Line(text(DetailText.helpInTextField), text(DetailText.helpInTextFieldValue)))
        lines.append(Line(text(DetailText.helpMarks), text(DetailText.helpMarksValue)))
        if let historyLocation {
            lines.append(Line(""))
            lines.append(Line(text(DetailText.helpHistoryLog), TerminalText.sanitize(historyLocation)))
        }
        if !guide.isEmpty {
            lines.append(Line(""))
            lines.append(Line(text(DetailText.helpDemo), heading: true))
            for text in guide { lines.append(Line(text, text: true)) }
        }
        return lines
    }

    /// Every field of one send, the Request-ID and the raw error, for the detail overlay: the
    /// result first (what support staff are asked about), then the request as sent.
    /// `journalProblem`: why this result (of this session) is missing from the log.
    public static func detailLines(_ record: SendRecord, text: Texts = .english, inFlight: Bool, elsewhere: SendingProcess? = nil,
                                   journalProblem: String? = nil, confirms: [ConfirmRecord] = []) -> [Line] {
        func clean(_ s: String?) -> String { s.map { TerminalText.sanitize($0) } ?? "—" }
        let r = record.request
        var lines: [Line] = []
        let role: Role
        var outcome = text.outcome(record.outcome)
        switch record.outcome {
        case .issued: role = .issued
        case .rejected: role = .rejected
        case .unknown: role = .unknown; outcome = text(DetailText.unknownOutcome, ["outcome": outcome])
        case .pending:
            role = .unknown
            if inFlight {
                outcome = text(DetailText.sendingNow)
            } else if let elsewhere {
                outcome = text(DetailText.pendingElsewhere, ["process": text.process(elsewhere)])
            } else {
                outcome = text(DetailText.interrupted)
            }
        }
        lines.append(Line(text(DetailText.keyOutcome), outcome, role: role))
        if let journalProblem {
            lines.append(Line(text(DetailText.keyHistoryLog), text(DetailText.notRecorded, ["problem": clean(journalProblem)]),
                              role: .error))
        }
        if let error = record.error {
            lines.append(Line(text(DetailText.keyReason), text(DetailText.reasonValue, ["reason": text.reason(error.category),
                                                                                      "category": error.category.rawValue]), role: role))
            if [.totalBudgetExhausted, .dailyBudgetExhausted, .userLimitReached].contains(error.category) {
                lines.append(Line(text(DetailText.keyNext), text(DetailText.nextBudget)))
            }
        }
        if let token = record.token { lines.append(Line(text(DetailText.keyToken), clean(token), role: .issued)) }
        lines.append(Line(text(DetailText.keyRequestID), clean(record.requestID)))
        if let error = record.error {
            var raw = [error.httpStatus.map { "HTTP \($0)" }, error.code, error.numericCode.map { text(DetailText.numeric, ["code": String($0)]) }]
                .compactMap { $0 }.joined(separator: " · ")
            if raw.isEmpty { raw = "—" }
            lines.append(Line(text(DetailText.keyError), clean(raw)))
            lines.append(Line(text(DetailText.keyMessage), clean(error.message.map(text.errorMessage))))
        } else {
            lines.append(Line(text(DetailText.keyHTTPStatus), record.httpStatus.map(String.init) ?? "—"))
        }
        lines.append(Line(text(DetailText.keyTime), record.time.isEmpty ? "—" : clean(record.time)))
        lines.append(Line(text(DetailText.keyOperator), text(DetailText.operatorValue, ["name": clean(record.operator), "mode": clean(record.mode)])))
        lines.append(Line(text(DetailText.keyFlavor), flavorText(record, text: text)))
        lines.append(Line(text(DetailText.keyAttempts), text(DetailText.attemptsValue, ["attempts": String(record.attempts),
                                                                                          "ms": String(record.elapsedMs)])))
        lines.append(Line(""))
        for field in PreSendField.allCases {
            let value = field.value(in: r)
            lines.append(Line(text.label(field), value.isEmpty ? "—" : clean(value)))
        }
        // Confirms of the send's coupon (PROTOCOL §9): under it, never its state.
        let byNumber = ConfirmPolicy.newestByNumber(confirms)
        if !byNumber.isEmpty {
            lines.append(Line(""))
            for confirm in byNumber {
                var value = text(DetailText.confirmValue, ["outcome": text.outcome(confirm.outcome),
                                                          "number": clean(confirm.request.outRequestNo),
                                                          "coupon": clean(confirm.request.couponCode)])
                if let state = confirm.couponState { value += " · \(clean(state))" }
                if let error = confirm.error { value += " · \(error.category.rawValue)" }
                value += " · \(clean(confirm.time))"
                let role: Role = confirm.outcome == .confirmed ? .issued : confirm.outcome == .rejected ? .rejected : .unknown
                lines.append(Line(text(DetailText.keyConfirm), value, role: role))
            }
        }
        return lines
    }

    /// The flavor of a send in words: brand-direct says its brand_id was the caller (not in the body).
    static func flavorText(_ record: SendRecord, text: Texts) -> String {
        guard let flavor = record.flavor else { return text(DetailText.flavorUnknown) }
        if flavor.namesBrandInRequest { return text(DetailText.flavorPartner, ["flavor": text.flavor(flavor)]) }
        return text(DetailText.flavorBrand, ["flavor": text.flavor(flavor), "brand": TerminalText.sanitize(record.request.brandID)])
    }

    static func drawHelp(keymap: Keymap, profile: Profile, text: Texts, scroll: Int, theme: Theme, layout: Layout, into grid: inout CellGrid) {
        draw(title: text(DetailText.helpTitle),
             lines: helpLines(keymap: keymap, text: text, guide: profile.guide, historyLocation: profile.historyLocation),
             keyWidth: helpKeyWidth, scroll: scroll, theme: theme, text: text, layout: layout, into: &grid)
    }

    static func drawDetail(_ record: SendRecord, text: Texts, inFlight: Bool, journalProblem: String?, scroll: Int, theme: Theme,
                           layout: Layout, into grid: inout CellGrid, elsewhere: SendingProcess? = nil,
                           confirms: [ConfirmRecord] = []) {
        let title = text(DetailText.detailTitle, ["number": TerminalText.sanitize(record.request.sendRequestNo)])
        let lines = detailLines(record, text: text, inFlight: inFlight, elsewhere: elsewhere, journalProblem: journalProblem,
                                confirms: confirms)
        draw(title: title, lines: lines, keyWidth: detailKeyWidth(lines),
             scroll: scroll, theme: theme, text: text, layout: layout, into: &grid)
    }

    /// Draws a bordered window with `lines`, long values wrapped under their value column.
    static func draw(title: String, lines: [Line], keyWidth: Int, scroll: Int, theme: Theme, text: Texts, layout: Layout,
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
            let more = text(ConsoleText.overlayRange, ["first": String(first + 1), "last": String(min(rendered.count, first + rows)),
                                                       "count": String(rendered.count)])
            grid.draw(more, x: origin.x + width - 2 - CharacterWidth.of(more), y: origin.y + height - 1,
                      style: theme[.border])
        }
    }

    static let helpKeyWidth = 24
    static let detailKeyWidth = 18

    /// The detail's key column: 18 cells, wider when a language's labels need it (`商品券 product_coupon_id`).
    static func detailKeyWidth(_ lines: [Line]) -> Int {
        min(26, lines.filter { !$0.isHeading && !$0.isText }.map { CharacterWidth.of($0.key) }.reduce(detailKeyWidth, max))
    }

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
            lines = helpLines(keymap: model.environment.keymap, text: model.words, guide: model.environment.profile.guide,
                              historyLocation: model.environment.profile.historyLocation)
            keyWidth = helpKeyWidth
        case .detail(let record, _):
            let inFlight = model.isInFlight(record.request.sendRequestNo)
            lines = detailLines(record, text: model.words, inFlight: inFlight, elsewhere: model.sendingElsewhere(record, inFlight: inFlight),
                                journalProblem: model.journalProblem(for: record), confirms: model.confirmsShown(for: record))
            keyWidth = detailKeyWidth(lines)
        case .check(let panel):
            lines = CheckPanelView.lines(panel, text: model.words, spinner: model.spinner, now: nil); keyWidth = detailKeyWidth(lines)
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

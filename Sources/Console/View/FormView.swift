import CouponDeskText
import WeChatPayCore

/// The form pane: the eight fields, the focused field's rule (or problem), and the status line.
enum FormView {
    /// Cells the labels need in this language: the API names alone fit `Layout.labelWidth`.
    static func labelWidth(_ text: Texts) -> Int {
        PreSendField.allCases.map { CharacterWidth.of(text.label($0)) }.reduce(Layout.labelWidth, max)
    }

    static func draw(_ model: ConsoleModel, layout: Layout, into grid: inout CellGrid) {
        let theme = model.environment.theme
        let text = model.words
        let focusedField: PreSendField? = {
            if case .field(let f) = model.focus, model.overlay == nil, !model.history.editingFilter { return f }
            return nil
        }()
        let borderStyle = focusedField != nil ? theme[.border].adding(.bold) : theme[.border]
        ConsoleProgram.drawBox(x: 0, y: layout.formTop, width: grid.width, height: Layout.formHeight,
                               style: borderStyle, into: &grid)
        grid.draw(text(ConsoleText.formTitle), x: 2, y: layout.formTop,
                  style: focusedField != nil ? theme[.fieldFocus] : theme[.border].adding(.bold))

        for (i, field) in PreSendField.allCases.enumerated() {
            let y = layout.fieldTop + i
            let focused = field == focusedField
            let problem = model.shownProblem(field)
            let labelStyle: Style = problem != nil ? theme[.rejected] : (focused ? Style(attributes: .bold) : .plain)
            if focused { grid.put("▸", x: 2, y: y, style: theme[.fieldFocus].adding(.bold)) }
            grid.draw(text.label(field), x: layout.labelColumn, y: y, style: labelStyle, maxWidth: layout.labelWidth)

            let valueStyle = focused ? theme[.fieldFocus] : theme[.field]
            // A value the operator cannot change gets no input background.
            if model.isEditable(field) {
                grid.fill(x: layout.valueColumn, y: y, width: layout.valueWidth, height: 1, style: valueStyle)
            }
            // Values can come from the log (pre-fill from the last send): never trust them raw.
            var value = model.fields[field] ?? TextField()
            if value.characters.contains(where: { $0.unicodeScalars.contains(where: TerminalText.isUnsafe) }) {
                value = TextField(TerminalText.sanitize(value.text))
            }
            if !model.isEditable(field) {
                // Brand-direct: the caller, shown for what it is, never focused or edited.
                let used = grid.draw(value.text, x: layout.valueColumn, y: y, style: Style(attributes: .dim), maxWidth: layout.valueWidth)
                let note = text(ConsoleText.callerFixedNote, ["flavor": text.flavor(model.environment.profile.flavor)])
                if used + CharacterWidth.of(note) <= layout.valueWidth {
                    grid.draw(note, x: layout.valueColumn + used, y: y, style: Style(attributes: .dim))
                }
            } else if focused {
                // Scrolled so the cursor stays visible while editing.
                let shown = value.visible(width: layout.valueWidth)
                grid.draw(shown.text, x: layout.valueColumn, y: y, style: valueStyle, maxWidth: layout.valueWidth, ellipsis: false)
                grid.cursor = Point(x: layout.valueColumn + shown.cursorColumn, y: y)
            } else {
                grid.draw(value.text, x: layout.valueColumn, y: y, style: valueStyle, maxWidth: layout.valueWidth)
            }
            if problem != nil { grid.put("✗", x: layout.markColumn, y: y, style: theme[.rejected]) }
        }

        drawRuleLine(model, focusedField: focusedField, layout: layout, into: &grid)
        drawStatusLine(model, layout: layout, into: &grid)
    }

    static func drawRuleLine(_ model: ConsoleModel, focusedField: PreSendField?, layout: Layout, into grid: inout CellGrid) {
        let theme = model.environment.theme
        let text = model.words
        let width = grid.width - 4
        if let field = focusedField {
            if let problem = model.shownProblem(field) {
                grid.draw("✗ " + problem, x: 2, y: layout.ruleRow, style: theme[.rejected], maxWidth: width)
            } else {
                // Counts matter only where the rule is a length limit people can reach.
                let counted: Set<PreSendField> = [.attach, .couponCode, .sendRequestNo]
                let length = model.text(field).count
                let count = counted.contains(field) && length > 0 ? text(ConsoleText.lengthNow, ["count": String(length)]) : ""
                grid.draw(text(ConsoleText.ruleLine, ["field": text.label(field), "rule": text.rule(field), "count": count]), x: 2, y: layout.ruleRow,
                          style: Style(attributes: .dim), maxWidth: width)
            }
        } else if model.focus == .history, let row = model.history.row(model.history.selected) {
            let r = row.record
            grid.draw(text(ConsoleText.selectedSend, ["number": TerminalText.sanitize(r.request.sendRequestNo)]),
                      x: 2, y: layout.ruleRow, style: Style(attributes: .dim), maxWidth: width)
        }
    }

    static func drawStatusLine(_ model: ConsoleModel, layout: Layout, into grid: inout CellGrid) {
        let theme = model.environment.theme
        var x = 2
        let width = grid.width - 4
        if model.inFlightCount > 0 {
            let frame = ConsoleProgram.spinnerFrames[model.spinnerFrame % ConsoleProgram.spinnerFrames.count]
            grid.put(frame, x: x, y: layout.statusRow, style: theme[.unknown])
            x += 2
        }
        guard let status = model.status else { return }
        let style: Style
        switch status.kind {
        case .info: style = .plain
        case .problem: style = theme[.error]
        case .issued: style = theme[.issued]
        case .rejected: style = theme[.rejected]
        case .unknown: style = theme[.unknown]
        }
        grid.draw(TerminalText.sanitize(status.text), x: x, y: layout.statusRow, style: style, maxWidth: width - (x - 2))
    }
}

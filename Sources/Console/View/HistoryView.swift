import CouponDeskText
import WeChatPayCore

/// The history pane: one line per send, newest first, with the filter in its top border.
enum HistoryView {
    static func draw(_ model: ConsoleModel, layout: Layout, into grid: inout CellGrid) {
        let theme = model.environment.theme
        let text = model.words
        let history = model.history
        let focused = model.focus == .history && model.overlay == nil
        let height = layout.historyBottom - layout.historyTop + 1
        ConsoleProgram.drawBox(x: 0, y: layout.historyTop, width: grid.width, height: height,
                               style: focused ? theme[.border].adding(.bold) : theme[.border], into: &grid)

        let count = history.rowCount
        var x = 2
        let title = text(count == 1 ? ConsoleText.historyTitleOne : .historyTitleMany, ["count": ConsoleProgram.grouped(count)])
        x += grid.draw(title, x: x, y: layout.historyTop,
                       style: focused ? theme[.fieldFocus] : theme[.border].adding(.bold))
        if history.editingFilter || !history.filter.text.isEmpty {
            x += 1
            x += grid.draw(text(ConsoleText.historyFilter), x: x, y: layout.historyTop, style: theme[.hint])
            let room = max(4, grid.width - x - 14)
            let shown = history.filter.visible(width: room)
            let filterStyle = history.editingFilter ? theme[.fieldFocus] : theme[.hint]
            grid.fill(x: x, y: layout.historyTop, width: min(room, max(1, CharacterWidth.of(shown.text) + 1)),
                      height: 1, style: filterStyle)
            grid.draw(TerminalText.sanitize(shown.text), x: x, y: layout.historyTop, style: filterStyle,
                      maxWidth: room, ellipsis: false)
            if history.editingFilter && model.overlay == nil {
                grid.cursor = Point(x: x + shown.cursorColumn, y: layout.historyTop)
            }
            x += min(room, CharacterWidth.of(shown.text) + 1)
        }
        if history.loading {
            let frame = ConsoleProgram.spinnerFrames[model.spinnerFrame % ConsoleProgram.spinnerFrames.count]
            grid.draw(text(ConsoleText.historyLoading, ["spinner": String(frame)]), x: x + 1, y: layout.historyTop, style: theme[.border])
        }

        let rows = layout.historyRows
        let top = min(history.top, max(0, count - rows))
        let visible = history.rows(in: top..<min(count, top + rows))
        let innerWidth = grid.width - 4
        for (i, row) in visible.enumerated() {
            let y = layout.historyFirstRow + i
            drawRow(row.record, text: text, inFlight: row.inFlight, spinner: model.spinnerFrame, theme: theme,
                    x: 2, y: y, width: innerWidth, into: &grid,
                    elsewhere: model.sendingElsewhere(row.record, inFlight: row.inFlight))
            if top + i == history.selected {
                if focused {
                    grid.restyle(x: 1, y: y, width: grid.width - 2, style: theme[.selection])
                } else {
                    grid.put("›", x: 1, y: y, style: theme[.border].adding(.bold))
                }
            }
        }
        if count == 0 {
            let filter = ["filter": TerminalText.sanitize(history.appliedFilter)]
            let message = history.appliedFilter.isEmpty
                ? text(history.loading ? ConsoleText.historyLoadingAll : .historyEmpty)
                : text(history.loading ? ConsoleText.historyFinding : .historyNoMatch, filter)
            grid.draw(message, x: 3, y: layout.historyFirstRow, style: Style(attributes: .dim), maxWidth: innerWidth - 1)
        } else {
            let range = text(ConsoleText.historyRange, ["first": ConsoleProgram.grouped(top + 1),
                                                        "last": ConsoleProgram.grouped(top + visible.count),
                                                        "count": ConsoleProgram.grouped(count)])
            let rx = grid.width - 2 - CharacterWidth.of(range)
            if rx > 2 { grid.draw(range, x: rx, y: layout.historyBottom, style: theme[.border]) }
        }
    }

    /// "2026-11-28T14:12:00.123+08:00" → "11-28 14:12:00" (or "11-28 14:12" when narrow).
    static func shortTime(_ time: String, seconds: Bool = true) -> String {
        let chars = Array(time)
        guard chars.count >= 19 else { return time }
        return String(chars[5..<10]) + " " + String(chars[11..<(seconds ? 19 : 16)])
    }

    /// The one-cell mark of a send's flavor in the history pane.
    static func flavorMark(_ flavor: APIFlavor?) -> (Character, Style) {
        switch flavor {
        case .partner: return ("P", Style(attributes: .dim))
        case .brand: return ("B", Style(attributes: .bold))
        case nil: return ("?", Style(attributes: .dim))
        }
    }

    static func drawRow(_ record: SendRecord, text: Texts, inFlight: Bool, spinner: Int, theme: Theme,
                        x: Int, y: Int, width: Int, into grid: inout CellGrid, elsewhere: SendingProcess? = nil) {
        // Narrow panes drop the seconds so a whole token still fits.
        let timeWidth = width >= 90 ? 14 : 11
        let rest = max(10, width - timeWidth - 3)
        let openidWidth = min(28, rest / 4)
        let stockWidth = min(16, max(13, rest / 5))
        let detailWidth = max(4, rest - openidWidth - stockWidth - 4)

        var column = x
        let time = inFlight ? text(ConsoleText.rowSending) : shortTime(TerminalText.sanitize(record.time), seconds: timeWidth == 14)
        grid.draw(time, x: column, y: y, style: Style(attributes: .dim), maxWidth: timeWidth)
        column += timeWidth + 1
        let mark: Character
        let markStyle: Style
        var detail: String
        var detailStyle: Style = .plain
        switch record.outcome {
        case .issued:
            mark = "✓"; markStyle = theme[.issued]
            detail = record.token ?? ""
        case .rejected:
            mark = "✗"; markStyle = theme[.rejected]
            detail = record.error.map { text.reason($0.category) } ?? text(ConsoleText.rowRejected)
            detailStyle = theme[.rejected]
        case .unknown:
            mark = "?"; markStyle = theme[.unknown]
            detail = record.error.map { text.reason($0.category) } ?? text(ConsoleText.rowUnknown)
            detailStyle = theme[.unknown]
        case .pending:
            if inFlight {
                mark = ConsoleProgram.spinnerFrames[spinner % ConsoleProgram.spinnerFrames.count]
                markStyle = theme[.unknown]
                detail = text(ConsoleText.rowSendingNumber, ["number": record.request.sendRequestNo])
            } else if let elsewhere {
                // Another process is sending it now: its result will follow; `r` would race it.
                mark = "…"; markStyle = theme[.unknown]
                detail = text(ConsoleText.rowSendingElsewhere, ["pid": String(elsewhere.pid)])
            } else {
                mark = "?"; markStyle = theme[.unknown]
                detail = text(ConsoleText.rowInterrupted)
                detailStyle = theme[.unknown]
            }
        }
        grid.put(mark, x: column, y: y, style: markStyle)
        column += 2
        // The door each send went through (PROTOCOL §7): P partner, B brand-direct, ? unknown.
        let (flavorMark, flavorStyle) = Self.flavorMark(record.flavor)
        grid.put(flavorMark, x: column, y: y, style: flavorStyle)
        column += 2
        grid.draw(TerminalText.sanitize(record.request.openid), x: column, y: y, style: .plain, maxWidth: openidWidth)
        column += openidWidth + 1
        grid.draw(TerminalText.sanitize(record.request.stockID), x: column, y: y, style: .plain, maxWidth: stockWidth)
        column += stockWidth + 1
        grid.draw(TerminalText.sanitize(detail), x: column, y: y, style: detailStyle, maxWidth: detailWidth)
    }
}

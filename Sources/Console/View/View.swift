import CouponDeskText
import WeChatPayCore

extension ConsoleProgram {
    public static let spinnerFrames: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// Draws the whole frame for `size` into a fresh grid (ratatui's Buffer): title, form, history,
    /// hint bar, then any overlay on top. The cursor is set when text is being edited.
    public static func view(_ model: ConsoleModel, size: Size) -> CellGrid {
        var grid = CellGrid(size: size)
        let layout = Layout(size: size, labelWidth: FormView.labelWidth(model.words))
        if layout.isTooSmall {
            drawTooSmall(model.words, into: &grid)
            return grid
        }
        let theme = model.environment.theme
        drawTitle(model, into: &grid)
        FormView.draw(model, layout: layout, into: &grid)
        HistoryView.draw(model, layout: layout, into: &grid)
        drawHints(model, layout: layout, into: &grid)
        switch model.overlay {
        case .help(let scroll):
            OverlayView.drawHelp(keymap: model.environment.keymap, profile: model.environment.profile, text: model.words,
                                 scroll: scroll, theme: theme, layout: layout, into: &grid)
            grid.cursor = nil
        case .detail(let record, let scroll):
            let inFlight = model.isInFlight(record.request.sendRequestNo)
            OverlayView.drawDetail(record, text: model.words, inFlight: inFlight, journalProblem: model.journalProblem(for: record),
                                   scroll: scroll, theme: theme, layout: layout, into: &grid,
                                   elsewhere: model.sendingElsewhere(record, inFlight: inFlight), confirms: model.confirmsShown(for: record))
            grid.cursor = nil
        case .check(let panel):
            CheckPanelView.draw(panel, text: model.words, spinner: model.spinner, now: nil, theme: theme, layout: layout, into: &grid)
            grid.cursor = nil
        case nil:
            break
        }
        return grid
    }

    /// The notice behind which a too-small terminal waits. It is wrapped to the width, so it is read
    /// whole however small the terminal (a 40-column one cut the old one at "press F10 to qui…"); when
    /// even that does not fit, a terser wording is used.
    static func drawTooSmall(_ text: Texts, into grid: inout CellGrid) {
        let lines = tooSmallNotice(size: grid.size, text: text)
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < grid.height {
            let x = max(0, (grid.width - CharacterWidth.of(line)) / 2)
            grid.draw(line, x: x, y: top + i, style: Style(attributes: .bold))
        }
    }

    static func tooSmallNotice(size: Size, text: Texts = .english) -> [String] {
        let minimum = Layout.minimumSize
        // A column of margin on each side while there is room for one.
        let width = max(1, size.width > 20 ? size.width - 2 : size.width)
        let sizes = ["width": String(size.width), "height": String(size.height),
                     "minWidth": String(minimum.width), "minHeight": String(minimum.height)]
        let wordings = [
            [text(ConsoleText.tooSmall, sizes), text(ConsoleText.tooSmallNeeds, sizes), text(ConsoleText.tooSmallAdvice)],
            [text(ConsoleText.tooSmallTerse, sizes), text(ConsoleText.tooSmallNeedsTerse, sizes), text(ConsoleText.tooSmallQuitTerse)],
        ]
        var lines: [String] = []
        for wording in wordings {
            lines = wording.flatMap { OverlayView.wrap($0, width: width) }.map { line in
                var line = line
                while line.last == " " { line.removeLast() }   // wrap may leave the space it broke at
                return line
            }
            if lines.count <= size.height { break }
        }
        return lines
    }

    static func drawTitle(_ model: ConsoleModel, into grid: inout CellGrid) {
        let theme = model.environment.theme
        let profile = model.environment.profile
        let text = model.words
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, style: theme[.title])
        var right = ""
        if let name = profile.operatorName, !name.isEmpty { right = text(ConsoleText.titleOperator, ["name": TerminalText.sanitize(name)]) }
        let badge = profile.isDemo ? text(ConsoleText.titleDemoBadge) : ""
        let reserved = CharacterWidth.of(right) + CharacterWidth.of(badge) + 1
        let left = text(ConsoleText.titleProduct, ["caller": TerminalText.sanitize(profile.callerTitle(text)),
                                                   "host": TerminalText.sanitize(profile.baseURLHost)])
        grid.draw(left, x: 0, y: 0, style: theme[.title], maxWidth: max(10, grid.width - reserved))
        var x = grid.width - CharacterWidth.of(right) - CharacterWidth.of(badge) - 1
        if !right.isEmpty { x += grid.draw(right, x: x, y: 0, style: theme[.title]) }
        if !badge.isEmpty { grid.draw(badge, x: x, y: 0, style: theme[.badge]) }
    }

    /// The key-hint bar: the active context's hints from the left, and help and quit always at the
    /// right end, so they are visible however narrow the terminal is.
    static func drawHints(_ model: ConsoleModel, layout: Layout, into grid: inout CellGrid) {
        let style = model.environment.theme[.hint]
        grid.fill(x: 0, y: layout.hintRow, width: grid.width, height: 1, style: style)
        let hints = model.environment.keymap.hints(in: contexts(model))
        let pinned = hints.filter { $0.action == .toggleHelp || $0.action == .quit }
        let text = model.words
        func width(_ b: KeyBinding) -> Int { CharacterWidth.of(b.shortKeysLabel) + 1 + CharacterWidth.of(b.hint.map { text($0) } ?? "") + 2 }
        let pinnedWidth = pinned.reduce(0) { $0 + width($1) }
        var x = 1
        for binding in hints where !pinned.contains(where: { $0.action == binding.action }) {
            if x + width(binding) > grid.width - pinnedWidth { break }
            x = drawHint(binding, text: text, x: x, y: layout.hintRow, style: style, into: &grid)
        }
        x = max(x, grid.width - pinnedWidth)
        for binding in pinned { x = drawHint(binding, text: text, x: x, y: layout.hintRow, style: style, into: &grid) }
    }

    static func drawHint(_ binding: KeyBinding, text: Texts, x: Int, y: Int, style: Style, into grid: inout CellGrid) -> Int {
        var x = x
        x += grid.draw(binding.shortKeysLabel, x: x, y: y, style: style.adding(.bold))
        x += 1
        x += grid.draw(binding.hint.map { text($0) } ?? "", x: x, y: y, style: style)
        return x + 2
    }

    /// A box outline with an optional title in the top border.
    static func drawBox(x: Int, y: Int, width: Int, height: Int, style: Style, into grid: inout CellGrid) {
        guard width >= 2, height >= 2 else { return }
        let right = x + width - 1, bottom = y + height - 1
        grid.put("┌", x: x, y: y, style: style)
        grid.put("┐", x: right, y: y, style: style)
        grid.put("└", x: x, y: bottom, style: style)
        grid.put("┘", x: right, y: bottom, style: style)
        for column in (x + 1)..<right {
            grid.put("─", x: column, y: y, style: style)
            grid.put("─", x: column, y: bottom, style: style)
        }
        if bottom > y + 1 {
            for row in (y + 1)..<bottom {
                grid.put("│", x: x, y: row, style: style)
                grid.put("│", x: right, y: row, style: style)
            }
        }
    }

    /// 1234567 → "1,234,567" (no locale: the same on every machine).
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

import WeChatPayCore

/// Windows drawn over the frame: the `?`/F1 help (generated from the keymap) and a send's detail.
public enum OverlayView {
    /// A line of overlay content: a heading or a key/value (or key/help) pair.
    public struct Line: Equatable, Sendable {
        public var key: String
        public var value: String
        public var isHeading: Bool
        public var role: Role?
        init(_ key: String, _ value: String = "", heading: Bool = false, role: Role? = nil) {
            self.key = key; self.value = value; self.isHeading = heading; self.role = role
        }
    }

    /// Every binding, grouped by where it applies: what the help overlay lists.
    public static func helpLines(keymap: Keymap) -> [Line] {
        let order: [KeyContext] = [.global, .form, .textEditing, .history, .filter, .detail, .help]
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
        return lines
    }

    /// Every field of one send, the Request-ID and the raw error, for the detail overlay.
    public static func detailLines(_ record: SendRecord, inFlight: Bool) -> [Line] {
        func clean(_ s: String?) -> String { s.map { TerminalText.sanitize($0) } ?? "—" }
        let r = record.request
        var lines: [Line] = []
        let outcomeRole: Role
        var outcome = record.outcome.rawValue
        switch record.outcome {
        case .issued: outcomeRole = .issued
        case .rejected: outcomeRole = .rejected
        case .unknown: outcomeRole = .unknown
        case .pending:
            outcomeRole = .unknown
            outcome = inFlight ? "sending…" : "unknown (interrupted: pending with no result) — r resends"
        }
        lines.append(Line("outcome", outcome, role: outcomeRole))
        if let error = record.error {
            lines.append(Line("reason", error.category.summary, role: outcomeRole))
            lines.append(Line("category", error.category.rawValue))
        }
        if record.outcome == .unknown { lines.append(Line("", "r resends with the same send_request_no", role: .unknown)) }
        if let token = record.token { lines.append(Line("token", clean(token), role: .issued)) }
        lines.append(Line(""))
        lines.append(Line("Request", heading: true))
        lines.append(Line("send_request_no", clean(r.sendRequestNo)))
        lines.append(Line("openid", clean(r.openid)))
        lines.append(Line("brand_id", clean(r.brandID)))
        lines.append(Line("product_coupon_id", clean(r.productCouponID)))
        lines.append(Line("stock_id", clean(r.stockID)))
        lines.append(Line("appid", clean(r.appid)))
        lines.append(Line("coupon_code", clean(r.couponCode)))
        lines.append(Line("attach", clean(r.attach)))
        lines.append(Line(""))
        lines.append(Line("Response", heading: true))
        lines.append(Line("http_status", record.httpStatus.map(String.init) ?? "—"))
        lines.append(Line("Request-ID", clean(record.requestID)))
        if let error = record.error {
            lines.append(Line("error code", clean(error.code)))
            lines.append(Line("numeric code", error.numericCode.map(String.init) ?? "—"))
            lines.append(Line("message", clean(error.message)))
        }
        lines.append(Line(""))
        lines.append(Line("time", record.time.isEmpty ? "—" : clean(record.time)))
        lines.append(Line("operator", clean(record.operator)))
        lines.append(Line("mode", clean(record.mode)))
        lines.append(Line("attempts", "\(record.attempts)"))
        lines.append(Line("elapsed", "\(record.elapsedMs) ms"))
        return lines
    }

    static func drawHelp(keymap: Keymap, scroll: Int, theme: Theme, layout: Layout, into grid: inout CellGrid) {
        draw(title: " Keys — Esc closes, j/k scroll ", lines: helpLines(keymap: keymap), keyWidth: 24,
             scroll: scroll, theme: theme, layout: layout, into: &grid)
    }

    static func drawDetail(_ record: SendRecord, inFlight: Bool, scroll: Int, theme: Theme, layout: Layout,
                           into grid: inout CellGrid) {
        let title = " Send \(TerminalText.sanitize(record.request.sendRequestNo)) — Esc closes "
        draw(title: title, lines: detailLines(record, inFlight: inFlight), keyWidth: 18,
             scroll: scroll, theme: theme, layout: layout, into: &grid)
    }

    /// Draws a bordered window with `lines`, long values wrapped under their value column.
    static func draw(title: String, lines: [Line], keyWidth: Int, scroll: Int, theme: Theme, layout: Layout,
                     into grid: inout CellGrid) {
        let origin = layout.overlayOrigin
        let width = layout.overlayWidth, height = layout.overlayHeight
        grid.fill(x: origin.x, y: origin.y, width: width, height: height, style: .plain)
        ConsoleProgram.drawBox(x: origin.x, y: origin.y, width: width, height: height,
                               style: theme[.border].adding(.bold), into: &grid)
        grid.draw(title, x: origin.x + 2, y: origin.y, style: theme[.title], maxWidth: width - 4)

        let valueX = origin.x + 2 + keyWidth + 1
        let valueWidth = max(8, origin.x + width - 2 - valueX)
        var rendered: [(key: String, value: String, heading: Bool, role: Role?)] = []
        for line in lines {
            if line.isHeading || line.value.isEmpty {
                rendered.append((line.key, "", line.isHeading, line.role))
                continue
            }
            let pieces = wrap(line.value, width: valueWidth)
            for (i, piece) in pieces.enumerated() {
                rendered.append((i == 0 ? line.key : "", piece, false, line.role))
            }
        }
        let rows = layout.overlayContentRows
        let first = max(0, min(scroll, rendered.count - rows))
        for (i, line) in rendered.dropFirst(first).prefix(rows).enumerated() {
            let y = origin.y + 1 + i
            if line.heading {
                grid.draw(line.key, x: origin.x + 2, y: y, style: Style(attributes: [.bold, .underline]), maxWidth: width - 4)
                continue
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

    /// Splits text into pieces of at most `width` cells (by cells, so CJK wraps correctly).
    static func wrap(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        var current = "", used = 0
        for character in text {
            let w = CharacterWidth.of(character)
            if used + w > width && !current.isEmpty {
                pieces.append(current)
                current = ""; used = 0
            }
            current.append(character); used += w
        }
        pieces.append(current)
        return pieces
    }
}

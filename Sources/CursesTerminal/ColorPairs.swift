import CNcursesw
import Console

/// Turns a cell's `Style` into ncurses attributes and a colour pair, allocating pairs on first use.
///
/// Terminals with 8 colours get bright colours (8–15) as the basic colour plus bold; a palette index
/// the terminal lacks falls back to its basic colour; without colour support only attributes remain.
@MainActor
final class ColorPairs {
    private var pairs: [Style.ColorKey: Int16] = [:]
    private var nextPair: Int16 = 1
    let colorCount: Int
    let pairLimit: Int
    let hasColor: Bool

    init(hasColor: Bool, colorCount: Int, pairLimit: Int) {
        self.hasColor = hasColor; self.colorCount = colorCount; self.pairLimit = pairLimit
    }

    /// The attributes (A_*) and pair for a style.
    func resolve(_ style: Style) -> (attributes: UInt32, pair: Int16) {
        var attributes = CD_A_NORMAL
        let a = style.attributes
        if a.contains(.bold) { attributes |= CD_A_BOLD }
        if a.contains(.dim) { attributes |= CD_A_DIM }
        if a.contains(.reverse) { attributes |= CD_A_REVERSE }
        if a.contains(.underline) { attributes |= CD_A_UNDERLINE }
        if a.contains(.italic) { attributes |= CD_A_ITALIC }
        guard hasColor else {
            // No colour: a coloured background would vanish, so show it as reverse video.
            if style.background != .terminalDefault { attributes |= CD_A_REVERSE }
            return (attributes, 0)
        }
        let (fg, brightFg) = fit(style.foreground)
        let (bg, _) = fit(style.background)
        if brightFg { attributes |= CD_A_BOLD }
        if fg == -1 && bg == -1 { return (attributes, 0) }
        let key = Style.ColorKey(fg: fg, bg: bg)
        if let pair = pairs[key] { return (attributes, pair) }
        guard Int(nextPair) < pairLimit else { return (attributes, 0) }
        let pair = nextPair
        nextPair += 1
        init_pair(pair, fg, bg)
        pairs[key] = pair
        return (attributes, pair)
    }

    /// The colour index to use on this terminal, and whether brightness must come from bold.
    func fit(_ color: TerminalColor) -> (Int16, Bool) {
        let index = color.index
        if index < 0 { return (-1, false) }
        if Int(index) < colorCount { return (index, false) }
        if index < 16 { return (index - 8, true) }
        return (index % 8, false)
    }
}

extension Style {
    struct ColorKey: Hashable { let fg: Int16; let bg: Int16 }
}

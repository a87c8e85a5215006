import Console

/// The colours a terminal shows for the console's colour indexes: what a picture of the console
/// needs that the cell grid leaves to the terminal.
public struct TerminalPalette: Sendable {
    /// The terminal's own foreground and background (`TerminalColor.terminalDefault`).
    public var foreground: String
    public var background: String
    /// Colours 0–15: black, red, green, yellow, blue, magenta, cyan, white, then their bright forms.
    public var basic: [String]

    /// Tango (GNOME Terminal's palette) on a dark grey: the dark background the default theme is for.
    public static let tangoDark = TerminalPalette(
        foreground: "#D3D7CF", background: "#1E1E1E",
        basic: ["#2E3436", "#CC0000", "#4E9A06", "#C4A000", "#3465A4", "#75507B", "#06989A", "#D3D7CF",
                "#555753", "#EF2929", "#8AE234", "#FCE94F", "#729FCF", "#AD7FA8", "#34E2E2", "#EEEEEC"])

    /// The colour of `color` as a foreground (`isForeground`) or a background.
    public func hex(_ color: TerminalColor, isForeground: Bool) -> String {
        let index = Int(color.index)
        if index < 0 { return isForeground ? foreground : background }
        if index < 16 { return basic[index] }
        if index < 232 {
            // The xterm 6×6×6 cube: levels 0, 95, 135, 175, 215, 255.
            let levels = [0, 95, 135, 175, 215, 255]
            let n = index - 16
            return Self.hex(levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        }
        let grey = 8 + (index - 232) * 10
        return Self.hex(grey, grey, grey)
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        "#" + [r, g, b].map { value in
            let text = String(value, radix: 16, uppercase: true)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }
}

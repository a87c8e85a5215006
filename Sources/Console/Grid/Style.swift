/// A terminal colour: the terminal's own default, or an index into the 256-colour palette
/// (0–7 the basic colours, 8–15 their bright forms).
public struct TerminalColor: Hashable, Sendable {
    /// -1 is the terminal default (ncurses' `use_default_colors` convention).
    public let index: Int16

    public init(index: Int16) { self.index = index }

    public static let terminalDefault = TerminalColor(index: -1)

    /// Colour names a theme file may use, besides a number 0–255 and "default".
    public static let names: [String: Int16] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright_black": 8, "gray": 8, "grey": 8, "bright_red": 9, "bright_green": 10, "bright_yellow": 11,
        "bright_blue": 12, "bright_magenta": 13, "bright_cyan": 14, "bright_white": 15,
    ]

    /// Parses "default", a colour name, or "0"…"255".
    public init?(name: String) {
        let key = name.lowercased()
        if key == "default" { self = .terminalDefault; return }
        if let index = Self.names[key] { self.init(index: index); return }
        if let number = Int16(key), (0...255).contains(number) { self.init(index: number); return }
        return nil
    }
}

/// Text attributes a cell can carry.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    public static let names: [String: TextAttributes] = [
        "bold": .bold, "dim": .dim, "reverse": .reverse, "underline": .underline, "italic": .italic,
    ]
}

/// How a cell looks: what the terminal layer turns into a colour pair and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground; self.background = background; self.attributes = attributes
    }

    public static let plain = Style()

    public func adding(_ extra: TextAttributes) -> Style {
        var copy = self
        copy.attributes.formUnion(extra)
        return copy
    }
}

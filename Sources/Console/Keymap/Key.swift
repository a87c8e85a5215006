/// A key press as the console sees it, already decoded from the terminal's bytes by the terminal
/// layer. `character` is printable text; control keys are `control("s")` for Ctrl-S.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)     // lower-case letter: control("s") is Ctrl-S
    case alt(Character)         // Meta/Alt + character (ESC prefix)
    case enter, tab, backTab, escape, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// How the key is written in the hint bar and the help overlay.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-" + String(c).uppercased()
        case .alt(let c): return "Alt-" + String(c)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        }
    }

    /// The compact form used in the one-line hint bar (`^S` for Ctrl-S).
    public var shortLabel: String {
        if case .control(let c) = self { return "^" + String(c).uppercased() }
        return label
    }
}

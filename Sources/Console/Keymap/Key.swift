/// A key press as the console sees it, already decoded from the terminal's bytes by the terminal
/// layer. `character` is printable text; control keys are `control("s")` for Ctrl-S.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)     // lower-case letter: control("s") is Ctrl-S
    case alt(Character)         // Meta/Alt + character (ESC prefix)
    case enter, tab, backTab, escape, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// Input bytes that are not text: not UTF-8 (a maximal ill-formed part, e.g. [0xA0]), or a C1
    /// control. The console shows them as U+FFFD rather than dropping them, so a paste is never cut.
    case invalidInput([UInt8])

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
        case .invalidInput(let bytes): return "invalid input " + Key.hex(bytes)
        }
    }

    /// `0xA0`, `0xC2 0x9B`: how bytes are named to the user.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return "0x" + (digits.count < 2 ? "0" : "") + digits
        }.joined(separator: " ")
    }

    /// The compact form used in the one-line hint bar (`^S` for Ctrl-S).
    public var shortLabel: String {
        if case .control(let c) = self { return "^" + String(c).uppercased() }
        return label
    }
}

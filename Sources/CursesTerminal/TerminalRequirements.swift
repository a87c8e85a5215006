import CNcursesw
import Foundation

/// What the console needs of a terminal, checked before anything is drawn or created.
public enum TerminalRequirements {
    /// Why the console cannot run on a terminal of type `type` (`$TERM`), or nil when it can. Only
    /// terminfo is read, nothing is written: a refusal leaves the terminal exactly as it was. Without
    /// cursor addressing (`TERM=dumb`, say) ncurses can draw only the last line, and the F-keys the
    /// hint bar offers do not exist, so the console would look broken and F10 would not quit.
    public static func problem(terminalType type: String?) -> String? {
        guard let type, !type.isEmpty else {
            return "TERM is not set; the console needs a terminal type that can move the cursor (e.g. TERM=xterm-256color)"
        }
        let shown = type.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } ? type : "(unprintable)"
        var hasCursorAddressing: Int32 = 0
        let known = terminfoLock.withLock { type.withCString { cd_probe_terminal($0, &hasCursorAddressing) } }
        guard known == 1 else {
            return "no terminal description for TERM=\(shown) (try TERM=xterm-256color)"
        }
        guard hasCursorAddressing != 0 else {
            return "the console needs a terminal that can move the cursor (terminfo capability cup), and TERM=\(shown) cannot; "
                + "run it in a full-screen terminal (e.g. TERM=xterm-256color), or use `coupondesk send` and `coupondesk history` from scripts"
        }
        return nil
    }

    /// How many colours a terminal of type `type` shows (terminfo's `colors`): 0 when it has none,
    /// nil when terminfo does not know the type. Reads terminfo only, like `problem`.
    public static func colours(terminalType type: String) -> Int? {
        let colours = terminfoLock.withLock { type.withCString { cd_probe_colours($0) } }
        return colours == -2 ? nil : max(0, Int(colours))
    }

    /// ncurses keeps the terminal it reads in a global (`cur_term`): one reader at a time.
    private static let terminfoLock = NSLock()
}

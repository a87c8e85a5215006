/// Everything a key can make the console do.
public enum Action: Hashable, Sendable {
    // Anywhere
    case send, nextSend, focusNext, focusPrevious, toggleHelp, cycleTheme, quit
    // Moving between the form's fields
    case fieldNext, fieldPrevious
    // Editing text (form fields and the filter), readline style
    case cursorLeft, cursorRight, cursorHome, cursorEnd, wordLeft, wordRight
    case deleteBackward, deleteForward, killToEnd, killToStart, killWordBackward, killWordForward, yank
    // The history pane
    case moveUp, moveDown, pageUp, pageDown, moveFirst, moveLast
    case openDetail, startFilter, clearFilter, resend, copyToken
    // The check panel (PROTOCOL §8–9): look the send up, confirm its coupon after a y/n prompt
    case openCheck, confirmCoupon, answerYes, answerNo
    // The filter line
    case acceptFilter
    // Overlays
    case closeOverlay, scrollUp, scrollDown
}

/// Where a binding applies. Dispatch looks in the innermost active context first, then outwards,
/// ending with `.global`.
public enum KeyContext: String, CaseIterable, Sendable {
    case help = "Help"
    case detail = "Detail"
    case check = "Check panel"
    case confirmPrompt = "Confirm prompt (in the check panel)"
    case filter = "Filter line"
    case history = "History pane"
    case form = "Form"
    case textEditing = "Editing text (form fields and filter)"
    case global = "Anywhere"
}

/// One line of the keymap: these keys, in this context, do this. `hint` is the short word shown in
/// the hint bar (nil keeps the binding out of the bar, but it is still listed in the help).
public struct KeyBinding: Equatable, Sendable {
    public var keys: [Key]
    public var action: Action
    public var context: KeyContext
    public var hint: String?
    /// How the hint bar writes the keys, when the first key alone would mislead ("j/k").
    public var hintKeys: String?
    public var help: String

    public init(_ keys: [Key], _ action: Action, _ context: KeyContext, hint: String? = nil, hintKeys: String? = nil,
                help: String) {
        self.keys = keys; self.action = action; self.context = context; self.hint = hint
        self.hintKeys = hintKeys; self.help = help
    }

    /// "Ctrl-S", "j / ↓", as the help overlay writes the keys.
    public var keysLabel: String { keys.map(\.label).joined(separator: " / ") }
    /// The hint bar's compact form: the first key only, `^S` style.
    public var shortKeysLabel: String { hintKeys ?? keys.first?.shortLabel ?? "" }
}

/// The keymap is data: the same table drives dispatch, the hint bar and the `?` help overlay, so
/// what the screen says a key does is what it does.
public struct Keymap: Equatable, Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The first binding of `key` among `contexts`, searched in order.
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            for binding in bindings where binding.context == context && binding.keys.contains(key) {
                return binding.action
            }
        }
        return nil
    }

    /// Bindings with a hint, for the hint bar, innermost context first, each action once.
    public func hints(in contexts: [KeyContext]) -> [KeyBinding] {
        var seen = Set<Action>()
        var out: [KeyBinding] = []
        for context in contexts {
            for binding in bindings where binding.context == context && binding.hint != nil {
                if seen.insert(binding.action).inserted { out.append(binding) }
            }
        }
        return out
    }

    public static let standard = Keymap(bindings: [
        // Anywhere
        KeyBinding([.control("s")], .send, .global, hint: "send", help: "send the form (refused with the reason if a field is invalid)"),
        KeyBinding([.control("n")], .nextSend, .global, hint: "next", help: "next send: fresh send_request_no, keep brand/coupon/stock/appid, cursor in openid"),
        KeyBinding([.tab], .focusNext, .global, hint: "move", help: "next field, then the history pane"),
        KeyBinding([.backTab], .focusPrevious, .global, help: "previous field / pane"),
        KeyBinding([.function(1)], .toggleHelp, .global, hint: "help", help: "show or hide this help"),
        KeyBinding([.function(2)], .cycleTheme, .global, help: "try the next theme (for this session; --theme or config \"theme\" keeps one)"),
        KeyBinding([.function(10), .control("q"), .control("c")], .quit, .global, hint: "quit", help: "quit and restore the terminal"),

        // Form
        KeyBinding([.enter, .down], .fieldNext, .form, help: "next field"),
        KeyBinding([.up], .fieldPrevious, .form, help: "previous field"),

        // Editing text
        KeyBinding([.left, .control("b")], .cursorLeft, .textEditing, help: "cursor left"),
        KeyBinding([.right, .control("f")], .cursorRight, .textEditing, help: "cursor right"),
        KeyBinding([.home, .control("a")], .cursorHome, .textEditing, help: "start of field"),
        KeyBinding([.end, .control("e")], .cursorEnd, .textEditing, help: "end of field"),
        KeyBinding([.alt("b")], .wordLeft, .textEditing, help: "word left"),
        KeyBinding([.alt("f")], .wordRight, .textEditing, help: "word right"),
        KeyBinding([.backspace, .control("h")], .deleteBackward, .textEditing, help: "delete the character before the cursor"),
        KeyBinding([.delete, .control("d")], .deleteForward, .textEditing, help: "delete the character under the cursor"),
        KeyBinding([.control("k")], .killToEnd, .textEditing, help: "cut to end of field"),
        KeyBinding([.control("u")], .killToStart, .textEditing, help: "cut to start of field"),
        KeyBinding([.control("w")], .killWordBackward, .textEditing, help: "cut the word before the cursor"),
        KeyBinding([.alt("d")], .killWordForward, .textEditing, help: "cut the word after the cursor"),
        KeyBinding([.control("y")], .yank, .textEditing, help: "paste the last cut text"),

        // History pane
        KeyBinding([.character("j"), .down], .moveDown, .history, hint: "move", hintKeys: "j/k", help: "next (older) send"),
        KeyBinding([.character("k"), .up], .moveUp, .history, help: "previous (newer) send"),
        KeyBinding([.pageDown, .control("f")], .pageDown, .history, help: "page down"),
        KeyBinding([.pageUp, .control("b")], .pageUp, .history, help: "page up"),
        KeyBinding([.character("g"), .home], .moveFirst, .history, help: "newest send"),
        KeyBinding([.character("G"), .end], .moveLast, .history, help: "oldest send"),
        KeyBinding([.enter], .openDetail, .history, hint: "detail", help: "open the detail of the selected send"),
        KeyBinding([.character("/")], .startFilter, .history, hint: "filter", help: "filter the history as you type"),
        // Right after finding a send comes "where is it?": `c` is in the hint bar even at 80 columns.
        KeyBinding([.character("c")], .openCheck, .history, hint: "check", help: "check the send: was it claimed, the coupon's state, the stock's budget (and confirm it there)"),
        KeyBinding([.escape], .clearFilter, .history, help: "clear the filter"),
        KeyBinding([.character("r")], .resend, .history, hint: "resend", help: "resend an unknown, interrupted or rate-limited send with the same send_request_no"),
        KeyBinding([.character("y")], .copyToken, .history, hint: "copy", help: "copy the token to the clipboard (OSC 52)"),
        KeyBinding([.character("?")], .toggleHelp, .history, help: "show or hide this help"),

        // Filter line
        KeyBinding([.enter, .down], .acceptFilter, .filter, hint: "keep", help: "keep the filter and browse the matches"),
        KeyBinding([.escape], .clearFilter, .filter, hint: "clear", help: "clear the filter"),

        // Detail overlay
        KeyBinding([.escape, .enter, .character("q")], .closeOverlay, .detail, hint: "close", help: "close the detail"),
        KeyBinding([.character("r")], .resend, .detail, hint: "resend", help: "resend (unknown, interrupted or rate-limited sends only)"),
        KeyBinding([.character("y")], .copyToken, .detail, hint: "copy", help: "copy the token (OSC 52)"),
        KeyBinding([.character("c")], .openCheck, .detail, hint: "check", help: "check this send: claimed or not, the coupon's state, the stock's budget"),
        KeyBinding([.character("j"), .down], .scrollDown, .detail, help: "scroll down"),
        KeyBinding([.character("k"), .up], .scrollUp, .detail, help: "scroll up"),

        // Check panel
        KeyBinding([.character("C")], .confirmCoupon, .check, hint: "confirm", help: "confirm the claimed coupon (CONFIRMING → EFFECTIVE), after a y/n prompt"),
        KeyBinding([.character("c")], .openCheck, .check, hint: "again", help: "look the send up again"),
        KeyBinding([.escape, .character("q")], .closeOverlay, .check, hint: "close", help: "close the check panel"),
        KeyBinding([.character("j"), .down], .scrollDown, .check, help: "scroll down"),
        KeyBinding([.character("k"), .up], .scrollUp, .check, help: "scroll up"),

        // Confirm prompt
        KeyBinding([.character("y")], .answerYes, .confirmPrompt, hint: "yes, confirm", help: "confirm the coupon now"),
        KeyBinding([.character("n"), .escape], .answerNo, .confirmPrompt, hint: "no", help: "do not confirm"),

        // Help overlay
        KeyBinding([.escape, .character("q"), .character("?")], .closeOverlay, .help, hint: "close", help: "close the help"),
        KeyBinding([.character("j"), .down], .scrollDown, .help, hint: "scroll", hintKeys: "j/k", help: "scroll down"),
        KeyBinding([.character("k"), .up], .scrollUp, .help, help: "scroll up"),
        KeyBinding([.pageDown], .pageDown, .help, help: "page down"),
        KeyBinding([.pageUp], .pageUp, .help, help: "page up"),
    ])
}

import CouponDeskText

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
    // The raw values are the English names (tests and the man page use them); the help overlay
    // shows `title`, in the console's language.
    case help = "Help"
    case detail = "Detail"
    case check = "Check panel"
    case confirmPrompt = "Confirm prompt (in the check panel)"
    case filter = "Filter line"
    case history = "History pane"
    case form = "Form"
    case textEditing = "Editing text (form fields and filter)"
    case global = "Anywhere"

    /// The context's name as the help overlay heads it.
    public var title: KeyText {
        switch self {
        case .help: return .contextHelp
        case .detail: return .contextDetail
        case .check: return .contextCheck
        case .confirmPrompt: return .contextConfirmPrompt
        case .filter: return .contextFilter
        case .history: return .contextHistory
        case .form: return .contextForm
        case .textEditing: return .contextTextEditing
        case .global: return .contextGlobal
        }
    }
}

/// One line of the keymap: these keys, in this context, do this. `hint` is the short word shown in
/// the hint bar (nil keeps the binding out of the bar, but it is still listed in the help).
public struct KeyBinding: Equatable, Sendable {
    public var keys: [Key]
    public var action: Action
    public var context: KeyContext
    public var hint: KeyText?
    /// How the hint bar writes the keys, when the first key alone would mislead ("j/k").
    public var hintKeys: String?
    public var help: KeyText

    public init(_ keys: [Key], _ action: Action, _ context: KeyContext, hint: KeyText? = nil, hintKeys: String? = nil,
                help: KeyText) {
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
        KeyBinding([.control("s")], .send, .global, hint: .hintSend, help: .helpSend),
        KeyBinding([.control("n")], .nextSend, .global, hint: .hintNext, help: .helpNextSend),
        KeyBinding([.tab], .focusNext, .global, hint: .hintMove, help: .helpFocusNext),
        KeyBinding([.backTab], .focusPrevious, .global, help: .helpFocusPrevious),
        KeyBinding([.function(1)], .toggleHelp, .global, hint: .hintHelp, help: .helpToggleHelp),
        KeyBinding([.function(2)], .cycleTheme, .global, help: .helpCycleTheme),
        KeyBinding([.function(10), .control("q"), .control("c")], .quit, .global, hint: .hintQuit, help: .helpQuit),

        // Form
        KeyBinding([.enter, .down], .fieldNext, .form, help: .helpFieldNext),
        KeyBinding([.up], .fieldPrevious, .form, help: .helpFieldPrevious),

        // Editing text
        KeyBinding([.left, .control("b")], .cursorLeft, .textEditing, help: .helpCursorLeft),
        KeyBinding([.right, .control("f")], .cursorRight, .textEditing, help: .helpCursorRight),
        KeyBinding([.home, .control("a")], .cursorHome, .textEditing, help: .helpCursorHome),
        KeyBinding([.end, .control("e")], .cursorEnd, .textEditing, help: .helpCursorEnd),
        KeyBinding([.alt("b")], .wordLeft, .textEditing, help: .helpWordLeft),
        KeyBinding([.alt("f")], .wordRight, .textEditing, help: .helpWordRight),
        KeyBinding([.backspace, .control("h")], .deleteBackward, .textEditing, help: .helpDeleteBackward),
        KeyBinding([.delete, .control("d")], .deleteForward, .textEditing, help: .helpDeleteForward),
        KeyBinding([.control("k")], .killToEnd, .textEditing, help: .helpKillToEnd),
        KeyBinding([.control("u")], .killToStart, .textEditing, help: .helpKillToStart),
        KeyBinding([.control("w")], .killWordBackward, .textEditing, help: .helpKillWordBackward),
        KeyBinding([.alt("d")], .killWordForward, .textEditing, help: .helpKillWordForward),
        KeyBinding([.control("y")], .yank, .textEditing, help: .helpYank),

        // History pane
        KeyBinding([.character("j"), .down], .moveDown, .history, hint: .hintMove, hintKeys: "j/k", help: .helpMoveDown),
        KeyBinding([.character("k"), .up], .moveUp, .history, help: .helpMoveUp),
        KeyBinding([.pageDown, .control("f")], .pageDown, .history, help: .helpPageDown),
        KeyBinding([.pageUp, .control("b")], .pageUp, .history, help: .helpPageUp),
        KeyBinding([.character("g"), .home], .moveFirst, .history, help: .helpMoveFirst),
        KeyBinding([.character("G"), .end], .moveLast, .history, help: .helpMoveLast),
        KeyBinding([.enter], .openDetail, .history, hint: .hintDetail, help: .helpOpenDetail),
        KeyBinding([.character("/")], .startFilter, .history, hint: .hintFilter, help: .helpStartFilter),
        // Right after finding a send comes "where is it?": `c` is in the hint bar even at 80 columns.
        KeyBinding([.character("c")], .openCheck, .history, hint: .hintCheck, help: .helpOpenCheck),
        KeyBinding([.escape], .clearFilter, .history, help: .helpClearFilter),
        KeyBinding([.character("r")], .resend, .history, hint: .hintResend, help: .helpResend),
        KeyBinding([.character("y")], .copyToken, .history, hint: .hintCopy, help: .helpCopyToken),
        KeyBinding([.character("?")], .toggleHelp, .history, help: .helpToggleHelp),

        // Filter line
        KeyBinding([.enter, .down], .acceptFilter, .filter, hint: .hintKeep, help: .helpAcceptFilter),
        KeyBinding([.escape], .clearFilter, .filter, hint: .hintClear, help: .helpClearFilter),

        // Detail overlay
        KeyBinding([.escape, .enter, .character("q")], .closeOverlay, .detail, hint: .hintClose, help: .helpCloseDetail),
        KeyBinding([.character("r")], .resend, .detail, hint: .hintResend, help: .helpResendDetail),
        KeyBinding([.character("y")], .copyToken, .detail, hint: .hintCopy, help: .helpCopyTokenDetail),
        KeyBinding([.character("c")], .openCheck, .detail, hint: .hintCheck, help: .helpOpenCheckDetail),
        KeyBinding([.character("j"), .down], .scrollDown, .detail, help: .helpScrollDown),
        KeyBinding([.character("k"), .up], .scrollUp, .detail, help: .helpScrollUp),

        // Check panel
        KeyBinding([.character("C")], .confirmCoupon, .check, hint: .hintConfirm, help: .helpConfirmCoupon),
        KeyBinding([.character("c")], .openCheck, .check, hint: .hintAgain, help: .helpCheckAgain),
        KeyBinding([.escape, .character("q")], .closeOverlay, .check, hint: .hintClose, help: .helpCloseCheck),
        KeyBinding([.character("j"), .down], .scrollDown, .check, help: .helpScrollDown),
        KeyBinding([.character("k"), .up], .scrollUp, .check, help: .helpScrollUp),

        // Confirm prompt
        KeyBinding([.character("y")], .answerYes, .confirmPrompt, hint: .hintYesConfirm, help: .helpAnswerYes),
        KeyBinding([.character("n"), .escape], .answerNo, .confirmPrompt, hint: .hintNo, help: .helpAnswerNo),

        // Help overlay
        KeyBinding([.escape, .character("q"), .character("?")], .closeOverlay, .help, hint: .hintClose, help: .helpCloseHelp),
        KeyBinding([.character("j"), .down], .scrollDown, .help, hint: .hintScroll, hintKeys: "j/k", help: .helpScrollDown),
        KeyBinding([.character("k"), .up], .scrollUp, .help, help: .helpScrollUp),
        KeyBinding([.pageDown], .pageDown, .help, help: .helpPageDown),
        KeyBinding([.pageUp], .pageUp, .help, help: .helpPageUp),
    ])
}

import CouponDeskText
import WeChatPayCore

/// The console's program: `update` turns a message into the next model and the work to do,
/// `view` (View/) draws a model. Both are pure, so tests drive them without a terminal.
public enum ConsoleProgram {
    /// The first work to do: load the history.
    public static func start(_ model: ConsoleModel) -> (ConsoleModel, [Effect]) {
        var model = model
        var effects = [requestHistory(&model)]
        askForWhatTheViewNeeds(&model, numbersBefore: .max, effects: &effects)
        return (model, effects)
    }

    public static func update(_ model: ConsoleModel, _ msg: Msg) -> (ConsoleModel, [Effect]) {
        var model = model
        var effects: [Effect] = []
        let numbersBefore = model.freshNumbers.count
        switch msg {
        case .key(let key):
            handle(key: key, model: &model, effects: &effects)
        case .resize(let size):
            model.size = size
            keepSelectionVisible(&model)
        case .tick:
            if model.isBusy { model.spinnerFrame &+= 1 }
        case .sendFinished(let record, let journalProblem, let refusal):
            finishSend(record, journalProblem: journalProblem, refusal: refusal, model: &model, effects: &effects)
        case .historyLoaded(let load):
            // Only a load for the filter applied now, and never older than the one shown. A result
            // superseded by a later load of the same filter (the log grew meanwhile) is still newer
            // than what is shown: it is shown at once rather than waiting for the next.
            guard load.filter == model.history.appliedFilter, load.generation > model.history.shownGeneration else { break }
            model.history.shown = load
            if load.generation == model.history.generation { model.history.loading = false }
            model.history.recent.removeAll { recent in
                recent.containedFromGeneration.map { $0 <= load.generation } ?? false
            }
            keepSelectionVisible(&model)
        case .historyRead(let window):
            guard window.request.generation == model.history.shown?.generation else { break }
            model.history.window = window
            keepSelectionVisible(&model)
        case .historyChangedOutside:
            effects.append(requestHistory(&model))
        case .checkFinished(let generation, let check):
            checkFinished(generation: generation, check, model: &model)
        case .confirmFinished(let generation, let result):
            confirmFinished(generation: generation, result, model: &model, effects: &effects)
        case .confirmsLoaded(let number, let records):
            if case .detail(let record, _) = model.overlay, record.request.sendRequestNo == number {
                model.detailConfirms = DetailConfirms(sendRequestNo: number, records: records)
            }
        case .sendRequestNumbersDrawn(let numbers):
            model.freshNumbers.add(numbers)
        }
        askForWhatTheViewNeeds(&model, numbersBefore: numbersBefore, effects: &effects)
        return (model, effects)
    }

    /// The runtime's part: the log's rows the pane shows that its window lacks, and fresh numbers when
    /// few are left.
    static func askForWhatTheViewNeeds(_ model: inout ConsoleModel, numbersBefore: Int, effects: inout [Effect]) {
        var detail: SendRecord?
        if case .detail(let record, _) = model.overlay { detail = record }
        if let need = model.history.windowNeeded(pageRows: Layout(size: model.size).historyRows, detail: detail) {
            model.history.requested = need
            effects.append(.readHistory(need))
        }
        let left = model.freshNumbers.count
        if left < numbersBefore && left < FreshNumbers.reserve {
            effects.append(.drawSendRequestNumbers(FreshNumbers.reserve - left))
        }
    }

    /// The key contexts active now, innermost first.
    public static func contexts(_ model: ConsoleModel) -> [KeyContext] {
        switch model.overlay {
        case .help: return [.help, .global]
        case .detail: return [.detail, .global]
        case .check(let panel): return panel.confirm == .asking ? [.confirmPrompt, .global] : [.check, .global]
        case nil: break
        }
        if model.history.editingFilter { return [.filter, .textEditing, .global] }
        switch model.focus {
        case .field: return [.form, .textEditing, .global]
        case .history: return [.history, .global]
        }
    }

    static func handle(key: Key, model: inout ConsoleModel, effects: inout [Effect]) {
        // Behind the too-small notice nothing can be seen, so only quitting works.
        if Layout(size: model.size).isTooSmall {
            if model.environment.keymap.action(for: key, in: [.global]) == .quit { perform(.quit, model: &model, effects: &effects) }
            return
        }
        let contexts = contexts(model)
        if let action = model.environment.keymap.action(for: key, in: contexts) {
            perform(action, model: &model, effects: &effects)
            return
        }
        // ESC followed at once by a key reads as Alt+key; when that means nothing here it was
        // Esc pressed quickly before the key (or a script typing both), so do both.
        if case .alt(let c) = key {
            handle(key: .escape, model: &model, effects: &effects)
            handle(key: .character(c), model: &model, effects: &effects)
            return
        }
        if case .invalidInput(let bytes) = key {
            receiveInvalidInput(bytes, editing: contexts.contains(.textEditing), model: &model, effects: &effects)
            return
        }
        // Unbound printable keys are text wherever text is being edited.
        if case .character(let c) = key, contexts.contains(.textEditing) {
            editText(model: &model, effects: &effects) { field, _ in field.insert(String(c)) }
        }
    }

    static func perform(_ action: Action, model: inout ConsoleModel, effects: inout [Effect]) {
        switch action {
        case .send: send(model: &model, effects: &effects)
        case .nextSend: nextSend(model: &model)
        case .focusNext: moveFocus(by: 1, model: &model)
        case .focusPrevious: moveFocus(by: -1, model: &model)
        case .toggleHelp:
            if case .help = model.overlay { model.overlay = nil } else { model.overlay = .help(scroll: 0) }
        case .cycleTheme:
            let choices = model.environment.themeChoices
            guard !choices.isEmpty else {
                model.status = StatusLine(.info, model.words(StatusText.themeFixed))
                break
            }
            let index = choices.firstIndex { $0.name == model.environment.theme.name } ?? -1
            model.environment.theme = choices[(index + 1) % choices.count]
            model.status = StatusLine(.info, model.words(StatusText.themeChanged, ["theme": model.environment.theme.name]))
        case .quit:
            model.isQuitting = true
            effects.append(.quit)
        case .fieldNext: moveFocus(by: 1, model: &model)
        case .fieldPrevious:
            if case .field(let field) = model.focus, field != PreSendField.allCases.first(where: model.isEditable) { moveFocus(by: -1, model: &model) }
        case .cursorLeft: editText(model: &model, effects: &effects) { f, _ in f.moveLeft() }
        case .cursorRight: editText(model: &model, effects: &effects) { f, _ in f.moveRight() }
        case .cursorHome: editText(model: &model, effects: &effects) { f, _ in f.moveHome() }
        case .cursorEnd: editText(model: &model, effects: &effects) { f, _ in f.moveEnd() }
        case .wordLeft: editText(model: &model, effects: &effects) { f, _ in f.moveWordLeft() }
        case .wordRight: editText(model: &model, effects: &effects) { f, _ in f.moveWordRight() }
        case .deleteBackward: editText(model: &model, effects: &effects) { f, _ in f.deleteBackward() }
        case .deleteForward: editText(model: &model, effects: &effects) { f, _ in f.deleteForward() }
        case .killToEnd: editText(model: &model, effects: &effects) { f, kill in kill = f.killToEnd() }
        case .killToStart: editText(model: &model, effects: &effects) { f, kill in kill = f.killToStart() }
        case .killWordBackward: editText(model: &model, effects: &effects) { f, kill in kill = f.killWordBackward() }
        case .killWordForward: editText(model: &model, effects: &effects) { f, kill in kill = f.killWordForward() }
        case .yank:
            let text = model.killBuffer
            editText(model: &model, effects: &effects) { f, _ in f.insert(text) }
        case .moveUp: moveSelection(by: -1, model: &model)
        case .moveDown: moveSelection(by: 1, model: &model)
        case .pageUp, .pageDown:
            let direction = action == .pageUp ? -1 : 1
            if model.overlay != nil {
                scrollOverlay(by: direction * Layout(size: model.size).overlayContentRows, model: &model)
            } else {
                moveSelection(by: direction * Layout(size: model.size).historyRows, model: &model)
            }
        case .moveFirst: moveSelection(to: 0, model: &model)
        case .moveLast: moveSelection(to: model.history.rowCount - 1, model: &model)
        case .openDetail:
            if let row = model.history.row(model.history.selected) { openDetail(row.record, model: &model, effects: &effects) }
        case .startFilter:
            model.history.editingFilter = true
            model.history.filter.moveEnd()
        case .clearFilter:
            model.history.editingFilter = false
            if !model.history.filter.text.isEmpty || !model.history.appliedFilter.isEmpty {
                model.history.filter = TextField()
                applyFilter(model: &model, effects: &effects)
            }
        case .acceptFilter:
            model.history.editingFilter = false
        case .resend: resendSelected(model: &model, effects: &effects)
        case .copyToken: copySelectedToken(model: &model, effects: &effects)
        case .closeOverlay: model.overlay = nil
        case .scrollUp: scrollOverlay(by: -1, model: &model)
        case .scrollDown: scrollOverlay(by: 1, model: &model)
        case .openCheck: openCheck(model: &model, effects: &effects)
        case .confirmCoupon: askToConfirm(model: &model)
        case .answerYes: answerConfirm(yes: true, model: &model, effects: &effects)
        case .answerNo: answerConfirm(yes: false, model: &model, effects: &effects)
        }
    }

    // MARK: Focus and text

    /// Tab's order: the fields the operator may edit, then the history.
    static func focusOrder(_ model: ConsoleModel) -> [Focus] {
        PreSendField.allCases.filter(model.isEditable).map { .field($0) } + [.history]
    }

    static func moveFocus(by step: Int, model: inout ConsoleModel) {
        model.history.editingFilter = false
        let order = focusOrder(model)
        let index = order.firstIndex(of: model.focus) ?? 0
        model.focus = order[(index + step + order.count) % order.count]
    }

    /// Applies an edit to whatever text is being edited: the filter line or the focused field.
    /// Cut text goes to the kill buffer; a changed filter reloads the history as you type.
    static func editText(model: inout ConsoleModel, effects: inout [Effect],
                         _ edit: (inout TextField, inout String) -> Void) {
        var kill = ""
        if model.history.editingFilter {
            let before = model.history.filter.text
            edit(&model.history.filter, &kill)
            if model.history.filter.text != before { applyFilter(model: &model, effects: &effects) }
        } else if case .field(let field) = model.focus {
            guard model.isEditable(field) else {
                model.status = StatusLine(.info, model.words(StatusText.brandIsCaller, ["flavor": model.words.flavor(model.environment.profile.flavor),
                                                                                         "caller": model.environment.profile.callerTitle(model.words)]))
                return
            }
            var value = model.fields[field] ?? TextField()
            let before = value.text
            edit(&value, &kill)
            model.fields[field] = value
            if value.text != before { formEdited(field, model: &model) }
        }
        if !kill.isEmpty { model.killBuffer = kill }
    }

    /// Bytes that are not text become a visible U+FFFD in the text being edited, never nothing:
    /// dropping one would silently turn a pasted openid into a shorter one that is still valid. No
    /// field's rule accepts U+FFFD, so the form cannot be sent until the user removes it.
    static func receiveInvalidInput(_ bytes: [UInt8], editing: Bool, model: inout ConsoleModel, effects: inout [Effect]) {
        let text = model.words
        let what = text(bytes.count == 1 ? StatusText.invalidByte : .invalidBytes, ["bytes": Key.hex(bytes)])
        guard editing else {
            model.status = StatusLine(.problem, text(StatusText.ignoredInput, ["what": what]))
            return
        }
        let place: String
        if model.history.editingFilter {
            place = text(StatusText.placeFilter)
        } else if case .field(let field) = model.focus {
            place = text.label(field)
        } else {
            place = text(StatusText.placeField)
        }
        editText(model: &model, effects: &effects) { field, _ in field.insert("\u{FFFD}") }
        model.status = StatusLine(.problem, text(StatusText.heldInvalidInput, ["what": what, "place": place]))
    }

    static func applyFilter(model: inout ConsoleModel, effects: inout [Effect]) {
        model.history.appliedFilter = model.history.filter.text
        model.history.selected = 0
        model.history.top = 0
        effects.append(requestHistory(&model))
    }

    static func requestHistory(_ model: inout ConsoleModel) -> Effect {
        model.history.generation += 1
        model.history.loading = true
        return .loadHistory(filter: model.history.appliedFilter, generation: model.history.generation)
    }

    // MARK: History selection

    static func moveSelection(by delta: Int, model: inout ConsoleModel) {
        moveSelection(to: model.history.selected + delta, model: &model)
    }

    static func moveSelection(to index: Int, model: inout ConsoleModel) {
        model.history.selected = index
        keepSelectionVisible(&model)
    }

    /// Clamps the selection to the rows and scrolls so it is on screen.
    static func keepSelectionVisible(_ model: inout ConsoleModel) {
        let count = model.history.rowCount
        let rows = Layout(size: model.size).historyRows
        model.history.selected = max(0, min(model.history.selected, count - 1))
        if model.history.selected < model.history.top { model.history.top = model.history.selected }
        if model.history.selected >= model.history.top + rows { model.history.top = model.history.selected - rows + 1 }
        model.history.top = max(0, min(model.history.top, max(0, count - rows)))
    }

    static func scrollOverlay(by delta: Int, model: inout ConsoleModel) {
        guard let overlay = model.overlay else { return }
        let limit = OverlayView.maxScroll(overlay, model: model, layout: Layout(size: model.size))
        switch overlay {
        case .help(let scroll): model.overlay = .help(scroll: min(limit, max(0, scroll + delta)))
        case .detail(let record, let scroll): model.overlay = .detail(record, scroll: min(limit, max(0, scroll + delta)))
        case .check(var panel):
            panel.scroll = min(limit, max(0, panel.scroll + delta))
            model.overlay = .check(panel)
        }
    }

    /// The send the history keys act on: the open detail's (or check panel's), else the selected row's.
    static func targetRecord(_ model: ConsoleModel) -> HistoryRow? {
        if case .detail(let record, _) = model.overlay {
            return HistoryRow(record: record, inFlight: model.isInFlight(record.request.sendRequestNo))
        }
        if case .check(let panel) = model.overlay {
            return HistoryRow(record: panel.send, inFlight: model.isInFlight(panel.send.request.sendRequestNo))
        }
        return model.history.row(model.history.selected)
    }
}

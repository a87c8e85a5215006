import CouponDeskText
import Foundation
import WeChatPayCore

/// What the console asks of the world, injected by the executable (real client and history store)
/// or by tests (fakes). The console itself knows no files and no network.
public struct ConsoleServices: Sendable {
    /// Sends a pre-send (or resends one: same request, same send_request_no) and returns the final
    /// history record, which the implementation has appended to the log — or says why it could not.
    public var send: @Sendable (PreSendRequest) async -> SendReport
    /// Loads the history, newest send first, filtered by `filter` (empty: everything).
    public var loadHistory: @Sendable (_ filter: String) async -> any HistorySnapshot
    /// A cheap token that changes when the log changes (its size, say); polled twice a second so
    /// sends made elsewhere appear. Nil: never poll.
    public var historyVersion: (@Sendable () -> Int)?
    /// Looks a send up (`LookupClient.check`): the check panel's `c`. Nil: no look-ups here.
    public var check: (@Sendable (PreSendRequest) async -> SendCheck)?
    /// Confirms a coupon as `ConfirmClient.confirm` does, writing its records to the log: the panel's `C`.
    public var confirm: (@Sendable (ConfirmOrder) async -> ConfirmResult)?
    /// The confirms of a send, read from the log, for its detail.
    public var loadConfirms: (@Sendable (_ sendRequestNo: String) async -> [ConfirmRecord])?
    /// What a `pending` record of the log means now: another process still sends it, or it was
    /// interrupted (issue 9 item 3). Looked up when its row is read.
    public var pendingState: @Sendable (SendRecord) -> SendPolicy.PendingSend?
    /// Draws a fresh send_request_no for the form.
    public var newSendRequestNo: @Sendable () -> String

    public init(reportingSend send: @escaping @Sendable (PreSendRequest) async -> SendReport,
                loadHistory: @escaping @Sendable (String) async -> any HistorySnapshot,
                historyVersion: (@Sendable () -> Int)? = nil,
                check: (@Sendable (PreSendRequest) async -> SendCheck)? = nil,
                confirm: (@Sendable (ConfirmOrder) async -> ConfirmResult)? = nil,
                loadConfirms: (@Sendable (String) async -> [ConfirmRecord])? = nil,
                pendingState: @escaping @Sendable (SendRecord) -> SendPolicy.PendingSend? = { SendPolicy.pendingState(of: $0) },
                newSendRequestNo: @escaping @Sendable () -> String = { SendRequestNumber.generate() }) {
        self.send = send; self.loadHistory = loadHistory; self.historyVersion = historyVersion
        self.check = check; self.confirm = confirm; self.loadConfirms = loadConfirms
        self.pendingState = pendingState; self.newSendRequestNo = newSendRequestNo
    }

    /// A `send` whose records always reach the log (fakes in tests and benchmarks).
    public init(send: @escaping @Sendable (PreSendRequest) async -> SendRecord,
                loadHistory: @escaping @Sendable (String) async -> any HistorySnapshot,
                historyVersion: (@Sendable () -> Int)? = nil,
                pendingState: @escaping @Sendable (SendRecord) -> SendPolicy.PendingSend? = { SendPolicy.pendingState(of: $0) },
                newSendRequestNo: @escaping @Sendable () -> String = { SendRequestNumber.generate() }) {
        self.init(reportingSend: { SendReport(record: await send($0)) }, loadHistory: loadHistory,
                  historyVersion: historyVersion, pendingState: pendingState, newSendRequestNo: newSendRequestNo)
    }
}

/// Input the terminal layer has decoded.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize(Size)
}

/// The terminal as the runtime needs it; `CursesTerminal` implements it over ncurses, tests with
/// a fake. Everything runs on the main actor: ncurses is not thread-safe.
@MainActor
public protocol TerminalDevice: AnyObject {
    var size: Size { get }
    /// The next input, waiting at most `timeoutMilliseconds` (0: don't wait); nil when none came.
    func readInput(timeoutMilliseconds: Int) -> TerminalInput?
    /// Shows the frame (only the cells that changed need to be written).
    func present(_ grid: CellGrid)
    /// Writes an OSC 52 clipboard sequence.
    func copyToClipboard(_ text: String)
    /// True once a signal (SIGTERM, SIGHUP) asked the program to stop.
    var stopRequested: Bool { get }
}

/// What work running off the main actor hands to the loop: a message, or what a history load found
/// (the snapshot stays with the runtime; `update` is told what it found).
enum Posted: Sendable {
    case message(Msg)
    case found(generation: Int, snapshot: any HistorySnapshot)
}

/// Results posted by work running off the main actor, drained by the loop.
final class Mailbox: @unchecked Sendable {
    // Unchecked: `posted` is only touched with `lock` held.
    private let lock = NSLock()
    private var posted: [Posted] = []

    func post(_ item: Posted) {
        lock.lock(); posted.append(item); lock.unlock()
    }

    func drain() -> [Posted] {
        lock.lock(); defer { lock.unlock() }
        let out = posted
        posted.removeAll()
        return out
    }
}

/// The event loop: reads keys, runs `update`, performs its effects — sends and loads off the main
/// actor, the rows the pane asks for and fresh numbers at once — and draws `view`. Every result goes
/// back to `update` as a `Msg`. Input waits at most 50 ms, so results posted by sends and loads are
/// drawn promptly and the spinner turns: the screen never freezes while the network works.
@MainActor
public final class ConsoleRuntime {
    public private(set) var model: ConsoleModel
    let terminal: any TerminalDevice
    let services: ConsoleServices
    let mailbox = Mailbox()
    let loader: HistoryLoader
    /// The loads found, from which the pane's rows are read.
    var rows: HistoryWindowReader
    var lastVersion: Int?
    /// How often the log is checked for sends made elsewhere (a `stat`).
    static let versionPollInterval: TimeInterval = 0.5

    public init(model: ConsoleModel, terminal: any TerminalDevice, services: ConsoleServices) {
        self.model = model; self.terminal = terminal; self.services = services
        let mailbox = self.mailbox
        loader = HistoryLoader(load: services.loadHistory, found: { mailbox.post(.found(generation: $0, snapshot: $1)) })
        rows = HistoryWindowReader(pendingState: services.pendingState)
    }

    /// Runs until the user quits or a signal asks to stop.
    public func run() {
        model.size = terminal.size
        let (started, effects) = ConsoleProgram.start(model)
        model = started
        perform(effects)
        lastVersion = services.historyVersion?()
        var lastTick = Date()
        var lastVersionCheck = Date()
        render()
        while !model.isQuitting && !terminal.stopRequested {
            var changed = false
            if let input = terminal.readInput(timeoutMilliseconds: 50) {
                dispatch(input)
                // Drain what is already queued (a paste, key repeat) before drawing once.
                var burst = 0
                while burst < 512, !model.isQuitting, let more = terminal.readInput(timeoutMilliseconds: 0) {
                    dispatch(more); burst += 1
                }
                changed = true
            }
            for msg in drainMailbox() { dispatch(msg); changed = true }
            let now = Date()
            if now.timeIntervalSince(lastTick) >= 0.1 {
                lastTick = now
                dispatch(.tick)
                // Idle, nothing moves: only a turning spinner needs a new frame.
                changed = changed || model.isBusy
            }
            if now.timeIntervalSince(lastVersionCheck) >= Self.versionPollInterval, let version = services.historyVersion {
                lastVersionCheck = now
                let current = version()
                if current != lastVersion {
                    lastVersion = current
                    dispatch(.historyChangedOutside)
                }
                // A send elsewhere whose process was killed leaves the log unchanged: look its process up
                // again, so its row turns from "sending elsewhere" to interrupted.
                if model.showsPendingFromElsewhere, let request = model.history.window?.request,
                   let window = rows.read(request) {
                    let before = model
                    dispatch(.historyRead(window))
                    changed = changed || model != before
                }
            }
            if changed && !model.isQuitting { render() }
        }
    }

    /// After the loop: lets sends (and a confirm) still in flight finish (at most `timeout`), so their
    /// final records reach the log. Returns how many are still unfinished.
    public func settleInFlight(timeout: TimeInterval) async -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while (model.inFlightCount > 0 || model.isConfirming) && Date() < deadline {
            for msg in drainMailbox() { dispatch(msg) }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        loader.cancelAll()
        return model.inFlightCount + (model.isConfirming ? 1 : 0)
    }

    /// The messages posted since the last look; tells the loader which loads have delivered and keeps
    /// what they found.
    func drainMailbox() -> [Msg] {
        mailbox.drain().map { posted in
            switch posted {
            case .message(let msg):
                return msg
            case .found(let generation, let snapshot):
                loader.finished(generation: generation)
                return .historyLoaded(rows.found(snapshot, generation: generation))
            }
        }
    }

    func dispatch(_ input: TerminalInput) {
        switch input {
        case .key(let key): dispatch(Msg.key(key))
        case .resize(let size): dispatch(Msg.resize(size))
        }
    }

    public func dispatch(_ msg: Msg) {
        let (next, effects) = ConsoleProgram.update(model, msg)
        model = next
        perform(effects)
    }

    func render() {
        terminal.present(ConsoleProgram.view(model, size: model.size))
    }

    func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .send(let request):
                let services = self.services, mailbox = self.mailbox, words = model.words
                Task.detached {
                    let report = await services.send(request)
                    mailbox.post(.message(.sendFinished(report.record, journalProblem: report.journalProblem?.describe(words),
                                                        refusal: report.refusal)))
                }
            case .loadHistory(let filter, let generation):
                // This load sees the log as it is now: only later changes need another.
                lastVersion = services.historyVersion?()
                loader.request(filter: filter, generation: generation)
            case .readHistory(let request):
                // A screenful, from the snapshot's cache or a few lines of the log: read at once, so the
                // frame drawn next already has its rows.
                if let window = rows.read(request) { dispatch(.historyRead(window)) }
            case .drawSendRequestNumbers(let count):
                dispatch(.sendRequestNumbersDrawn((0..<count).map { _ in services.newSendRequestNo() }))
            case .copyToClipboard(let text):
                terminal.copyToClipboard(text)
            case .check(let request, let generation):
                let mailbox = self.mailbox
                guard let check = services.check else {
                    let missing = LookupFailure.signingFailed(model.words(StatusText.noLookups))
                    mailbox.post(.message(.checkFinished(generation: generation, SendCheck(sendRequestNo: request.sendRequestNo,
                                                                                 coupons: .failure(missing), stock: .failure(missing)))))
                    break
                }
                Task.detached { mailbox.post(.message(.checkFinished(generation: generation, await check(request)))) }
            case .confirm(let order):
                let mailbox = self.mailbox
                guard let confirm = services.confirm else {
                    mailbox.post(.message(.confirmFinished(generation: order.generation, .notSent(.signingFailed(Phrase(verbatim: model.words(StatusText.cannotConfirm)))))))
                    break
                }
                Task.detached { mailbox.post(.message(.confirmFinished(generation: order.generation, await confirm(order)))) }
            case .loadConfirms(let number):
                guard let load = services.loadConfirms else { break }
                let mailbox = self.mailbox
                Task.detached { mailbox.post(.message(.confirmsLoaded(sendRequestNo: number, await load(number)))) }
            case .quit:
                break
            }
        }
    }
}

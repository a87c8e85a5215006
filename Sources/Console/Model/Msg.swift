import WeChatPayCore

/// Everything that can happen to the console: keys and resizes from the terminal, and results
/// posted back by the runtime for the work `update` asked for. Values only.
public enum Msg: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    /// About ten times a second while the console runs: animates the spinner.
    case tick
    /// A send (or resend) finished; the record is what was appended to the log — unless
    /// `journalProblem` says why it could not be (the log then holds only the send's pending record).
    /// `refusal` says why nothing was sent, when nothing was (the record's message is its English).
    case sendFinished(SendRecord, journalProblem: String? = nil, refusal: SendRefusal? = nil)
    /// A history load finished (the runtime keeps its rows). Shown only if found for the filter
    /// applied now and newer than the load shown.
    case historyLoaded(HistoryLoad)
    /// The rows the pane asked for (`Effect.readHistory`), read from the load they name.
    case historyRead(HistoryWindow)
    /// The log grew outside this console (another console or the CLI appended to it).
    case historyChangedOutside
    /// The look-ups of a check panel answered (`Effect.check`). Results of a superseded panel are ignored.
    case checkFinished(generation: Int, SendCheck)
    /// A confirm started from a check panel finished (`Effect.confirm`).
    case confirmFinished(generation: Int, ConfirmResult)
    /// The confirms of a send, read from the log for its detail (`Effect.loadConfirms`).
    case confirmsLoaded(sendRequestNo: String, [ConfirmRecord])
    /// Fresh send_request_nos the runtime drew (`Effect.drawSendRequestNumbers`).
    case sendRequestNumbersDrawn([String])
}

/// What the runtime needs to confirm the coupon a check panel found (PROTOCOL §9).
public struct ConfirmOrder: Equatable, Sendable {
    public var coupon: UserCoupon
    public var place: ConfirmPolicy.CouponPlace
    /// The send the coupon was claimed from (its confirms are kept under it).
    public var sendRequestNo: String
    /// The panel's generation, so a late answer for a closed panel is ignored.
    public var generation: Int

    public init(coupon: UserCoupon, place: ConfirmPolicy.CouponPlace, sendRequestNo: String, generation: Int) {
        self.coupon = coupon; self.place = place; self.sendRequestNo = sendRequestNo; self.generation = generation
    }
}

/// Work `update` asks the runtime to do; results come back as `Msg`s (bubbletea's Cmd).
public enum Effect: Equatable, Sendable {
    /// Send this request (a resend is a send with the same send_request_no).
    case send(PreSendRequest)
    /// Load the history, filtered by `filter` (empty: everything); answer with `historyLoaded`.
    case loadHistory(filter: String, generation: Int)
    /// Read these rows of a load; answer with `historyRead`.
    case readHistory(HistoryWindow.Request)
    /// Draw this many fresh send_request_nos; answer with `sendRequestNumbersDrawn`.
    case drawSendRequestNumbers(Int)
    /// Put text on the clipboard with OSC 52.
    case copyToClipboard(String)
    /// Look a send up (was it claimed, the stock's budget); answer with `checkFinished`.
    case check(PreSendRequest, generation: Int)
    /// Confirm a coupon as `ConfirmClient.confirm` does (write-ahead, same number on retry); answer
    /// with `confirmFinished`.
    case confirm(ConfirmOrder)
    /// Read the confirms of a send from the log; answer with `confirmsLoaded`.
    case loadConfirms(sendRequestNo: String)
    case quit
}

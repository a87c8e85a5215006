import WeChatPayCore

/// Everything that can happen to the console: keys and resizes from the terminal, and results
/// posted back by work done off the main actor.
public enum Msg: Sendable {
    case key(Key)
    case resize(Size)
    /// About ten times a second while the console runs: animates the spinner.
    case tick
    /// A send (or resend) finished; the record is what was appended to the log — unless
    /// `journalProblem` says why it could not be (the log then holds only the send's pending record).
    case sendFinished(SendRecord, journalProblem: String? = nil)
    /// A history load finished. Shown only if found for the filter applied now and newer than the rows
    /// shown (the snapshot says which filter it was found for).
    case historyLoaded(generation: Int, snapshot: any HistorySnapshot)
    /// The log grew outside this console (another console or the CLI appended to it).
    case historyChangedOutside
}

/// Work `update` asks the runtime to do; results come back as `Msg`s (bubbletea's Cmd).
public enum Effect: Equatable, Sendable {
    /// Send this request (a resend is a send with the same send_request_no).
    case send(PreSendRequest)
    /// Load the history, filtered by `filter` (empty: everything); answer with `historyLoaded`.
    case loadHistory(filter: String, generation: Int)
    /// Put text on the clipboard with OSC 52.
    case copyToClipboard(String)
    case quit
}

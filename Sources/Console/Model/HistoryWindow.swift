import WeChatPayCore

/// What a history load found, as the runtime tells `update`: which load, for which filter, how many
/// sends. The rows stay with the runtime, which reads the few the pane shows (`HistoryWindow`); only
/// it makes one (`HistoryWindowReader.found`).
public struct HistoryLoad: Equatable, Sendable {
    public var generation: Int
    /// The filter text the sends were found for ("" for every send).
    public var filter: String
    public var count: Int
}

/// The rows of the log the history pane can show now, as the runtime read them for a `Request`: values
/// only, so `update` and `view` never read the log (DESIGN §2).
public struct HistoryWindow: Equatable, Sendable {
    /// What the pane asks the runtime to read (`Effect.readHistory`).
    public struct Request: Equatable, Sendable {
        /// The load whose rows these are.
        public var generation: Int
        /// The log's rows (newest first, under the load's filter) the pane can show: the screenful at
        /// `top`, reaching up by as many rows as this session's recent sends, which stand above the log.
        public var rows: Range<Int>
        /// The open detail's record, when it is `pending` and its state is not known yet (the log has
        /// grown it out of `rows`): its process is looked up too.
        public var detail: SendRecord?

        public init(generation: Int, rows: Range<Int>, detail: SendRecord? = nil) {
            self.generation = generation; self.rows = rows; self.detail = detail
        }
    }

    public var request: Request
    /// The log's rows `request.rows`, newest first. A line that cannot be decoded is left out (the
    /// history commands report it).
    public var records: [SendRecord]
    /// The send_request_nos of the `pending` records among the log's newest rows. A send started here
    /// writes its pending record just before it goes, so that record is among them unless many sends
    /// came after it; once it is, that row stands for the send.
    public var pendingAtTop: Set<String>
    /// What each `pending` record of the window (and the request's detail) means now, by
    /// send_request_no: still being sent by another process, interrupted, or written by this one.
    public var pendingStates: [String: SendPolicy.PendingSend]

    public init(request: Request, records: [SendRecord], pendingAtTop: Set<String> = [],
                pendingStates: [String: SendPolicy.PendingSend] = [:]) {
        self.request = request; self.records = records; self.pendingAtTop = pendingAtTop
        self.pendingStates = pendingStates
    }

    /// The record of log row `row`, if this window holds it.
    public func record(atLogRow row: Int) -> SendRecord? {
        let index = row - request.rows.lowerBound
        return records.indices.contains(index) ? records[index] : nil
    }

    /// Whether this window already answers `need`.
    func covers(_ need: Request) -> Bool {
        request.generation == need.generation && need.detail == nil
            && request.rows.lowerBound <= need.rows.lowerBound && need.rows.upperBound <= request.rows.upperBound
    }
}

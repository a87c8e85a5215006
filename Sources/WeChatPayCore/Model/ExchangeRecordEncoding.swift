import Foundation

/// The keys a send's record and a confirm's record share: who sent when and how (the head), and how
/// the exchange with WeChat Pay went (the tail). Both records are written the same way, so a reader
/// (and `history show`) finds these fields under the same names in either.
protocol ExchangeRecordKeys: CodingKey {
    static var v: Self { get }
    static var time: Self { get }
    static var `operator`: Self { get }
    static var mode: Self { get }
    static var flavor: Self { get }
    static var error: Self { get }
    static var httpStatus: Self { get }
    static var requestID: Self { get }
    static var attempts: Self { get }
    static var elapsedMs: Self { get }
    static var sender: Self { get }
}

extension KeyedEncodingContainer where K: ExchangeRecordKeys {
    /// `v`, `time`, `operator`, `mode`, and `flavor` unless partner (older records have none, and a
    /// missing flavor reads as partner).
    mutating func encodeHead(v: Int, time: String, operator name: String?, mode: String, flavor: APIFlavor?) throws {
        try encode(v, forKey: .v)
        try encode(time, forKey: .time)
        try encode(name, forKey: .operator)
        try encode(mode, forKey: .mode)
        if flavor != .partner { try encode(flavor?.rawValue ?? "unknown", forKey: .flavor) }
    }

    /// The exchange's error, HTTP status, Request-ID, attempts, elapsed time and the sending process.
    mutating func encodeExchange(error: SendError?, httpStatus: Int?, requestID: String?, attempts: Int,
                                 elapsedMs: Int, sender: SendingProcess?) throws {
        try encode(error, forKey: .error)
        try encode(httpStatus, forKey: .httpStatus)
        try encode(requestID, forKey: .requestID)
        try encode(attempts, forKey: .attempts)
        try encode(elapsedMs, forKey: .elapsedMs)
        try encodeIfPresent(sender, forKey: .sender)
    }
}

/// A record of the history log: one JSON object per line.
///
/// `jsonLine()` writes the line by hand (`JSONLineWriter`): the same bytes `Encodable` through
/// `JSONEncoder` with sorted keys and unescaped slashes, then `SendRecord.escapingTerminalControls`,
/// would give (the tests compare the two over many records), for a fraction of the CPU — a batch
/// writes two of these per row. `encode(to:)` stays the reference definition of the format.
public protocol HistoryLogLine: Encodable {
    /// One JSON line without the trailing newline, keys sorted. Safe on a terminal: besides the C0
    /// controls JSON always escapes, DEL, C1 controls, bidi overrides and line separators from the
    /// network are written as `\uXXXX` escapes (the same text once decoded), so `--json` output and a
    /// `cat` of the history log cannot drive the terminal either.
    func jsonLine() throws -> Data
}

extension HistoryLogLine {
    /// The line as `JSONEncoder` writes it (the tests' reference for `jsonLine()`).
    func jsonLineThroughEncoder() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return SendRecord.escapingTerminalControls(try encoder.encode(self))
    }
}

extension JSONLineWriter {
    /// `"flavor"` unless partner (older records have none, and a missing flavor reads as partner);
    /// a flavor this build does not know is written `"unknown"`.
    mutating func flavor(_ flavor: APIFlavor?) {
        guard flavor != .partner else { return }
        key("flavor"); string(flavor?.rawValue ?? "unknown")
    }

    /// An exchange's error object, or null.
    mutating func error(_ error: SendError?) {
        guard let error else { null(); return }
        beginObject()
        key("category"); string(error.category.rawValue)
        key("code"); string(error.code)
        key("http_status"); int(error.httpStatus)
        key("message"); string(error.message)
        key("numeric_code"); int(error.numericCode)
        endObject()
    }

    /// `"sender"` when there is one (a `pending` record's), its optional members only when known.
    mutating func sender(_ sender: SendingProcess?) {
        guard let sender else { return }
        key("sender")
        beginObject()
        if let bootID = sender.bootID { key("boot_id"); string(bootID) }
        key("host"); string(sender.host)
        key("pid"); int(Int(sender.pid))
        if let start = sender.processStart { key("process_start"); unsigned(start) }
        endObject()
    }
}

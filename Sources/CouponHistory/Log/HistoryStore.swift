import CouponDeskText
import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The JSON Lines history log (DESIGN §5): append-only, one record per line, 0600.
///
/// Append returns only once the record is on stable storage (fsynced): an acknowledged send is never
/// lost. Appends go through the log's `LogAppender`, shared by every store of the same path in this
/// process: concurrent appends are written together with one `write` and one `fsync` (group commit),
/// under an exclusive `flock` so two consoles or scripts never interleave lines; a torn last line (a
/// crash mid-write) is repaired by starting a new line.
///
/// An existing log that others may read (a looser mode than 0600, e.g. one copied in or created by
/// another tool) is tightened to 0600 before the first record is written to it, and `notice` is told.
public final class HistoryStore: SendJournal, ConfirmJournal, Sendable {
    public let path: String
    /// Hears one-line notices about the log (its permissions were tightened). The command line prints
    /// them on stderr; the console, which owns the terminal, shows them when it has closed. Each
    /// comes worded in every language; the caller shows the one of its user.
    let notice: @Sendable (Phrase) -> Void

    let appender: LogAppender

    public init(path: String, notices: @escaping @Sendable (Phrase) -> Void) {
        self.path = path
        self.notice = notices
        self.appender = LogAppender.shared(for: path)
    }

    /// Notices in English.
    public convenience init(path: String, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.init(path: path, notices: { notice($0.description) })
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    public func append(_ record: SendRecord) throws {
        var line = try record.jsonLine()
        line.append(0x0A)
        try appendLines(line)
    }

    /// A confirm's record (PROTOCOL §9), in the same log as the sends, under the same lock and fsync.
    public func append(_ record: ConfirmRecord) throws {
        var line = try record.jsonLine()
        line.append(0x0A)
        try appendLines(line)
    }

    /// Every confirm record of the log, oldest first.
    public func confirmRecords() throws -> [ConfirmRecord] {
        try HistoryReader(path: path).confirmRecords()
    }

    /// Appends already-encoded lines (each ending in `\n`) under the lock; returns once they are
    /// fsynced (possibly together with other appenders' lines). Safe to call from many threads at once.
    public func appendLines(_ bytes: Data) throws {
        try appender.append(bytes, notice: notice)
    }

    /// Every record of one send_request_no, oldest first (the last is its state).
    public func records(forSendRequestNo number: String) throws -> [SendRecord] {
        try HistoryReader(path: path).records(forSendRequestNo: number)
    }
}

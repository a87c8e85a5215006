import CouponDeskText
import Foundation
import WeChatPayCore

/// One record as the history shows it; as a row, the newest record of its send_request_no.
public struct HistoryEntry: Sendable {
    /// The record, or nil if its line looked like a record but could not be decoded (it is then also
    /// listed in `HistoryReader.unreadableLines()`).
    public let record: SendRecord?
    /// Where the record's line starts in the log.
    public let byteOffset: Int
    /// The outcome to show: `issued`, `rejected` or `unknown`. A `pending` record with nothing after it
    /// was interrupted (a crash or kill mid-send, or a send still in flight in another process) and
    /// shows as `unknown`; so does an outcome word of a newer build.
    public let state: Outcome
    /// The record's line exactly as logged (without its newline): what `--json` prints, so fields of a
    /// newer schema that `SendRecord` does not know survive.
    public let json: Data

    /// The send's newest record is a `pending` one: interrupted (or still in flight elsewhere).
    public var isInterrupted: Bool { record?.outcome == .pending }
}

/// A readable record of the log: a pre-send's, or a confirm's (`"action": "confirm"`).
public enum HistoryRecord: Sendable, Equatable {
    case send(SendRecord)
    case confirm(ConfirmRecord)
}

/// A confirm as the history shows it under its send: the record and its line as logged.
public struct LoggedConfirm: Sendable, Equatable {
    public let record: ConfirmRecord
    /// Where the record's line starts in the log (its place among the send's records).
    public let byteOffset: Int
    /// The line exactly as logged, for `--json`.
    public let json: Data
}

/// A line of the log that is not a readable record: skipped, counted, reported, never rewritten.
public struct UnreadableLine: Sendable, Equatable {
    public let byteOffset: Int
    /// The last line of the file has no newline yet: a crash mid-write (or a write in progress).
    public let isIncomplete: Bool

    public init(byteOffset: Int, isIncomplete: Bool) {
        self.byteOffset = byteOffset
        self.isIncomplete = isIncomplete
    }

    /// "1 unreadable line at byte 1234", "3 unreadable lines at bytes 0, 57, 912", at most `shown`
    /// offsets then "…".
    public static func summary(_ lines: [UnreadableLine], shown: Int = 5, text: Texts = .english) -> String? {
        guard !lines.isEmpty else { return nil }
        let offsets = lines.prefix(shown).map { String($0.byteOffset) }.joined(separator: ", ")
        let more = lines.count > shown ? ", …" : ""
        return lines.count == 1 ? text(HistoryLogText.oneUnreadable, ["offsets": offsets])
                                : text(HistoryLogText.manyUnreadable, ["count": String(lines.count), "offsets": offsets + more])
    }
}

extension OutcomeCode {
    /// The outcome a row shows: `issued`, `rejected`, else `unknown` (an interrupted `pending`, an
    /// `unknown`, or an outcome word of a newer build).
    var shownState: Outcome {
        switch self {
        case .issued: return .issued
        case .rejected: return .rejected
        default: return .unknown
        }
    }
}

import Foundation

/// The outcome of a line as the index stores it (one byte).
enum OutcomeCode: UInt8, Sendable {
    /// Not a record: torn, garbage, or missing send_request_no/outcome.
    case unreadable = 0
    case pending = 1, issued = 2, rejected = 3, unknown = 4
    /// An outcome word this build does not know (a newer build's); shown as unknown.
    case otherWord = 5
    /// A record that is not a pre-send (`"action"`, e.g. a confirm): not a row, never a send's state.
    case action = 6

    /// A pre-send record of some outcome: a line that can be a row and a send's state.
    var isSendRecord: Bool { self != .unreadable && self != .action }

    init(word: UnsafeRawBufferPointer) {
        switch String(decoding: word, as: UTF8.self) {
        case "pending": self = .pending
        case "issued": self = .issued
        case "rejected": self = .rejected
        case "unknown": self = .unknown
        default: self = .otherWord
        }
    }
}

/// One line of the log as the index sees it. 24 bytes, stored as is in the sidecar file.
struct IndexEntry: Sendable {
    /// The line's byte offset in the low 56 bits, its `OutcomeCode` in the high 8.
    var word: UInt64
    var key: SendKey

    init(offset: Int, code: OutcomeCode, key: SendKey) {
        word = UInt64(offset) | (UInt64(code.rawValue) << 56)
        self.key = key
    }

    var offset: Int { Int(word & 0x00FF_FFFF_FFFF_FFFF) }
    var code: OutcomeCode { OutcomeCode(rawValue: UInt8(word >> 56)) ?? .unreadable }
}

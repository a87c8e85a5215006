import CouponDeskText
import Foundation

/// Errors the history log reports; each names the file.
public enum HistoryError: Error, Describable, Sendable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// The log got shorter while it was being read: truncated or rotated in place (`: > log`,
    /// logrotate's copytruncate). What was read may be incomplete, so the command fails.
    case shrank(path: String)
    /// A `pending` record was not written: since its number was last looked up, another process wrote
    /// a record of it (say a second batch of the same file). Nothing was sent; look the number up again.
    case raced(path: String, number: String)

    /// In a person's language; `description` is the English. (The reason is the system's words.)
    public func describe(_ text: Texts) -> String {
        switch self {
        case .cannotOpen(let p, let r): return text(HistoryLogText.cannotOpen, ["path": p, "reason": r])
        case .cannotWrite(let p, let r): return text(HistoryLogText.cannotWrite, ["path": p, "reason": r])
        case .cannotRead(let p, let r): return text(HistoryLogText.cannotRead, ["path": p, "reason": r])
        case .shrank(let p): return text(HistoryLogText.shrank, ["path": p])
        case .raced(let p, let n): return text(HistoryLogText.raced, ["path": p, "number": n])
        }
    }
}

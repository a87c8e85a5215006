import Foundation

/// Errors the history log reports; each names the file.
public enum HistoryError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// The log got shorter while it was being read: truncated or rotated in place (`: > log`,
    /// logrotate's copytruncate). What was read may be incomplete, so the command fails.
    case shrank(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "history \(p): cannot open (\(r))"
        case .cannotWrite(let p, let r): return "history \(p): cannot write (\(r))"
        case .cannotRead(let p, let r): return "history \(p): cannot read (\(r))"
        case .shrank(let p):
            return "history \(p): the log shrank while it was read (truncated or rotated in place?); what was read may be incomplete, run the command again"
        }
    }
}

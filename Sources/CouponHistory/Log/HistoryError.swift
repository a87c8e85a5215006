import Foundation

/// Errors the history log reports; each names the file.
public enum HistoryError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "history \(p): cannot open (\(r))"
        case .cannotWrite(let p, let r): return "history \(p): cannot write (\(r))"
        case .cannotRead(let p, let r): return "history \(p): cannot read (\(r))"
        }
    }
}

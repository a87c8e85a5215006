import WeChatPayCore

/// A read-only view of the history log as one load found it, newest send first: what
/// `ConsoleServices.loadHistory` returns and the runtime keeps, reading only the rows the pane asks
/// for, so a million-record log costs what a screenful costs. The model never holds one.
public protocol HistorySnapshot: Sendable {
    /// The filter text the rows were found for ("" for every send).
    var filter: String { get }
    var count: Int { get }
    func entries(in range: Range<Int>) -> [SendRecord]
}

/// An empty history (a cancelled load, or a log that cannot be read).
public struct EmptyHistory: HistorySnapshot {
    public let filter: String
    public init(filter: String = "") { self.filter = filter }
    public var count: Int { 0 }
    public func entries(in range: Range<Int>) -> [SendRecord] { [] }
}

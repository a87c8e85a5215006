import Foundation

/// How much of each stock has been pre-sent: in total, per Asia/Shanghai day and per user.
///
/// Kept as three flat tables rather than one `StockUsage` per stock, so that a send's journal line
/// carries the three counters it changed — not the stock's whole map of users, which grows with every
/// user of a campaign. state.json keeps its per-stock shape (`{"stock": {"issued": …, "issued_by_day":
/// {…}, "issued_by_user": {…}}}`), so directories written before the journal load unchanged.
public struct SandboxStocks: Codable, Equatable, Sendable {
    /// stock_id → distinct successful pre-sends.
    var issued = JournaledTable<Int>()
    /// `stock_id day` → that day's pre-sends (stock ids hold no spaces: PROTOCOL §1).
    var issuedByDay = JournaledTable<Int>()
    /// `stock_id openid` → that user's pre-sends.
    var issuedByUser = JournaledTable<Int>()

    public init() {}

    mutating func visitTables(_ visitor: inout some JournaledTableVisitor) throws {
        try visitor.visit("stocks.issued", &issued)
        try visitor.visit("stocks.issued_by_day", &issuedByDay)
        try visitor.visit("stocks.issued_by_user", &issuedByUser)
    }

    static func key(_ stockID: String, _ detail: String) -> String { "\(stockID) \(detail)" }

    func issued(_ stockID: String) -> Int { issued[stockID] ?? 0 }
    func issued(_ stockID: String, day: String) -> Int { issuedByDay[Self.key(stockID, day)] ?? 0 }
    func issued(_ stockID: String, openid: String) -> Int { issuedByUser[Self.key(stockID, openid)] ?? 0 }

    /// Counts one more distinct pre-send of `stockID`, on `day`, to `openid`.
    mutating func countIssue(stockID: String, day: String, openid: String) {
        issued[stockID, default: 0] += 1
        issuedByDay[Self.key(stockID, day), default: 0] += 1
        issuedByUser[Self.key(stockID, openid), default: 0] += 1
    }

    /// One stock's usage as a whole (tests, diagnostics): walks every day and user entry.
    public subscript(stockID: String) -> SandboxState.StockUsage? {
        guard let total = issued[stockID] else { return nil }
        return SandboxState.StockUsage(issued: total, issuedByDay: Self.details(of: stockID, in: issuedByDay),
                                       issuedByUser: Self.details(of: stockID, in: issuedByUser))
    }

    private static func details(of stockID: String, in table: JournaledTable<Int>) -> [String: Int] {
        let prefix = key(stockID, "")
        var out: [String: Int] = [:]
        for (key, count) in table.dictionary where key.hasPrefix(prefix) { out[String(key.dropFirst(prefix.count))] = count }
        return out
    }

    public init(from decoder: any Decoder) throws {
        let byStock = try decoder.singleValueContainer().decode([String: SandboxState.StockUsage].self)
        for (stockID, usage) in byStock {
            issued.replay(key: stockID, value: usage.issued)
            for (day, count) in usage.issuedByDay { issuedByDay.replay(key: Self.key(stockID, day), value: count) }
            for (openid, count) in usage.issuedByUser { issuedByUser.replay(key: Self.key(stockID, openid), value: count) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var byStock: [String: SandboxState.StockUsage] = [:]
        for (stockID, total) in issued.dictionary {
            byStock[stockID] = SandboxState.StockUsage(issued: total, issuedByDay: [:], issuedByUser: [:])
        }
        for (key, count) in issuedByDay.dictionary {
            let (stockID, day) = Self.split(key)
            byStock[stockID, default: SandboxState.StockUsage()].issuedByDay[day] = count
        }
        for (key, count) in issuedByUser.dictionary {
            let (stockID, openid) = Self.split(key)
            byStock[stockID, default: SandboxState.StockUsage()].issuedByUser[openid] = count
        }
        var container = encoder.singleValueContainer()
        try container.encode(byStock)
    }

    private static func split(_ key: String) -> (String, String) {
        guard let space = key.firstIndex(of: " ") else { return (key, "") }
        return (String(key[..<space]), String(key[key.index(after: space)...]))
    }
}

import Foundation
import WeChatPayCore

/// What the sandbox remembers across restarts (`state.json`, plus the journal of changes since it was
/// last rewritten, `state.journal`; see `SandboxStore`): how much of each stock has been pre-sent, and
/// every successful pre-send by its request number (for idempotent replays).
///
/// Every stored table is a `JournaledTable`, listed once in `visitTables`: that list is what a request's
/// journal line is made of and what replaying one changes, so a table left out of it would silently not
/// survive a restart (`SandboxJournalTests` fails when one is).
public struct SandboxState: Codable, Equatable, Sendable {
    public var v: Int = 1
    public var stocks = SandboxStocks()
    /// Keyed by `brand_id/send_request_no`: the request number is unique on the brand side.
    public var sends = JournaledTable<IssuedSend>()
    /// `openid_prefix send_request_no` → how many requests of that send a fault has hit. Persisted, so
    /// a resend from another process (`coupondesk demo send` twice) sees the count.
    public var faultHits = JournaledTable<Int>()
    /// `openid stock_id` → the send being answered slowly and until when (re-entry, 272755200).
    public var inFlight = JournaledTable<InFlight>()
    /// The users' coupons made by claims, and the confirms (SandboxCoupons.swift).
    public var coupons = SandboxCoupons()

    public init() {}

    /// Walks every stored table under the name its journal lines carry.
    mutating func visitTables(_ visitor: inout some JournaledTableVisitor) throws {
        try stocks.visitTables(&visitor)
        try visitor.visit("sends", &sends)
        try visitor.visit("fault_hits", &faultHits)
        try visitor.visit("in_flight", &inFlight)
        try coupons.visitTables(&visitor)
    }

    public struct InFlight: Codable, Equatable, Sendable {
        public var sendRequestNo: String
        /// Unix seconds.
        public var until: Double

        enum CodingKeys: String, CodingKey {
            case until
            case sendRequestNo = "send_request_no"
        }
    }

    enum CodingKeys: String, CodingKey {
        case v, stocks, sends
        case faultHits = "fault_hits"
        case inFlight = "in_flight"
        case coupons = "user_coupons"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        v = try c.decodeIfPresent(Int.self, forKey: .v) ?? 1
        stocks = try c.decodeIfPresent(SandboxStocks.self, forKey: .stocks) ?? SandboxStocks()
        sends = try c.decodeIfPresent(JournaledTable<IssuedSend>.self, forKey: .sends) ?? .init()
        faultHits = try c.decodeIfPresent(JournaledTable<Int>.self, forKey: .faultHits) ?? .init()
        inFlight = try c.decodeIfPresent(JournaledTable<InFlight>.self, forKey: .inFlight) ?? .init()
        coupons = try c.decodeIfPresent(SandboxCoupons.self, forKey: .coupons) ?? SandboxCoupons()
    }

    public struct StockUsage: Codable, Equatable, Sendable {
        /// Distinct successful pre-sends (each counts once, however often it is replayed).
        public var issued: Int = 0
        /// By Asia/Shanghai calendar day, `yyyy-MM-dd`.
        public var issuedByDay: [String: Int] = [:]
        public var issuedByUser: [String: Int] = [:]

        public init() {}
        init(issued: Int, issuedByDay: [String: Int], issuedByUser: [String: Int]) {
            self.issued = issued; self.issuedByDay = issuedByDay; self.issuedByUser = issuedByUser
        }

        enum CodingKeys: String, CodingKey {
            case issued
            case issuedByDay = "issued_by_day"
            case issuedByUser = "issued_by_user"
        }
    }

    public struct IssuedSend: Codable, Equatable, Sendable {
        /// The fields of the first request; a replay must carry the same ones.
        public var request: PreSendRequest
        public var token: String
        /// When `token` was handed out (Unix seconds); it is valid for the configured window.
        public var tokenIssuedAt: Double
        public var committedAt: Double

        enum CodingKeys: String, CodingKey {
            case request, token
            case tokenIssuedAt = "token_issued_at"
            case committedAt = "committed_at"
        }
    }

    static func sendKey(brandID: String, sendRequestNo: String) -> String { "\(brandID)/\(sendRequestNo)" }
    static func faultKey(_ fault: SandboxConfiguration.Fault, sendRequestNo: String) -> String {
        "\(fault.openidPrefix) \(sendRequestNo)"
    }
    static func userKey(openid: String, stockID: String) -> String { "\(openid) \(stockID)" }

    /// Counts one hit of `fault` on this send; false (and nothing counted) once its `times` are used up.
    mutating func takeHit(of fault: SandboxConfiguration.Fault, sendRequestNo: String) -> Bool {
        let key = Self.faultKey(fault, sendRequestNo: sendRequestNo)
        let hits = faultHits[key, default: 0]
        if let times = fault.times, hits >= times { return false }
        faultHits[key] = hits + 1
        return true
    }
}

/// Calendar days as the real service counts them for daily budgets: from 00:00 Asia/Shanghai.
enum ShanghaiDay {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// `yyyy-MM-dd` of the Shanghai day `date` falls on; worked out once per day (`DayKeyCache`).
    static func key(_ date: Date) -> String { cache.key(date) }

    static func computeKey(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    private static let cache = DayKeyCache()
}

/// The key of the last day asked for and that day's bounds in the calendar: every request of a day
/// asks for the same key.
final class DayKeyCache: @unchecked Sendable {
    // Unchecked: `day` is only touched with `lock` held.
    private let lock = NSLock()
    private var day: (start: Date, end: Date, key: String)?

    func key(_ date: Date) -> String {
        if let day = lock.withLock({ day }), day.start <= date, date < day.end { return day.key }
        let key = ShanghaiDay.computeKey(date)
        // Kept only when the day's first instant has the same key (it always should).
        if let interval = ShanghaiDay.calendar.dateInterval(of: .day, for: date), interval.contains(date),
           ShanghaiDay.computeKey(interval.start) == key {
            lock.withLock { day = (interval.start, interval.end, key) }
        }
        return key
    }
}

/// Fixed one-second windows per partner: enough to show a 429 on demand and under load.
final class RateLimiter: @unchecked Sendable {
    // Unchecked: `window` and `counts` are only touched with `lock` held.
    private let lock = NSLock()
    private var window: Int64 = 0
    private var counts: [String: Int] = [:]

    /// Counts the request; false when it is over `limit` in the current second.
    func admit(_ partner: String, at date: Date, limit: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let second = Int64(date.timeIntervalSince1970.rounded(.down))
        if second != window { window = second; counts.removeAll() }
        let count = counts[partner, default: 0] + 1
        counts[partner] = count
        return count <= limit
    }
}

/// An exclusive `flock` on `state.json.lock`, held from reading the state to writing it, so that
/// several processes on one sandbox directory never lose each other's commits.
final class StateFileLock {
    private let fd: Int32

    init(statePath: String) throws {
        let path = statePath + ".lock"
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SandboxAPIError.systemError }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { close(fd); throw SandboxAPIError.systemError }
        }
    }

    func unlock() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Tells whether state.json is still the file last read: device, inode, size and change time.
struct StateFileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let changeSeconds: Int
    let changeNanoseconds: Int

    /// nil when the file does not exist (yet).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        changeSeconds = Int(info.st_ctim.tv_sec)
        changeNanoseconds = Int(info.st_ctim.tv_nsec)
    }
}

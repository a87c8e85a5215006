import CouponBatch
import CouponDeskTestSupport
import CouponHistory
import CouponSandbox
import Foundation
import WeChatPayCore

/// Retries without waiting.
struct NoWait: Sleeper { func sleep(seconds: Double) async {} }

/// A sandbox in a temporary directory served in-process (real signing and verification, no socket),
/// a history log beside it, and batches run against both.
final class BatchSandbox: @unchecked Sendable {
    let folder: TempDir
    let directory: SandboxDirectory
    let engine: SandboxEngine
    let client: ClientConfiguration
    var historyPath: String { folder.file("history.jsonl") }

    static let defaults = BatchDefaults(brandID: DemoData.brandID, appid: DemoData.appid,
                                        productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty)

    init() throws {
        folder = try TempDir()
        directory = try SandboxDirectory.create(at: folder.file("sandbox"), keys: (TestKeys.merchant, TestKeys.wechatpay),
                                                brandKey: TestKeys.brand) {
            $0.faults = DemoData.faults(delayMilliseconds: 60_000)
            $0.autoClaimSeconds = nil
        }
        engine = try SandboxEngine(directory: directory)
        client = try CouponDeskConfig.load(path: directory.clientConfigPath).makeClientConfiguration()
    }

    /// `openid` then one row per openid (attach names its line).
    func plan(_ openids: [String], stock: String? = nil) throws -> BatchPlan {
        var text = "openid,attach" + (stock == nil ? "" : ",stock_id") + "\n"
        for (index, openid) in openids.enumerated() { text += "\(openid),row \(index)" + (stock.map { ",\($0)" } ?? "") + "\n" }
        return try BatchPlan.make(data: Data(text.utf8), defaults: Self.defaults).get()
    }

    func journal() throws -> BatchJournal { try BatchJournal(path: historyPath) }

    /// The batch's client: every request through `bucket`, retries without waiting.
    /// `probe`: what the batch (and its client) learn about the process of a pending record.
    func runner(_ plan: BatchPlan, bucket: TokenBucket = TokenBucket(rate: 500, burst: 8), concurrency: Int = 8,
                retryRejected: Bool = false, journal: (any SendJournal)? = nil,
                probe: any ProcessProbe = LocalProcessProbe()) throws -> BatchRunner {
        let transport = RateLimitedTransport(base: InProcessTransport(engine: engine, timeout: 0.3), bucket: bucket)
        let preSend = PreSendClient(configuration: client, transport: transport, sleeper: NoWait(), probe: probe)
        return BatchRunner(plan: plan, client: preSend, journal: try journal ?? self.journal(),
                           settings: BatchSettings(concurrency: concurrency, retryRejected: retryRejected), probe: probe)
    }

    /// Runs `plan` to its end (or its stop) and returns the summary and each row's result.
    func run(_ plan: BatchPlan, bucket: TokenBucket = TokenBucket(rate: 500, burst: 8), retryRejected: Bool = false,
             journal: (any SendJournal)? = nil, stop: BatchStop = BatchStop(),
             onRow: @escaping @Sendable (BatchRowResult) -> Void = { _ in }) async throws -> BatchSummary {
        let journalToUse = try journal ?? self.journal()
        let runner = try self.runner(plan, bucket: bucket, retryRejected: retryRejected, journal: journalToUse)
        let history = try self.journal().records(forSendRequestNumbers: Set(plan.rows.map(\.request.sendRequestNo)))
        return await runner.run(initial: runner.decisions(history: history), tally: BatchTally(total: plan.rows.count),
                                stop: stop, onRow: onRow)
    }

    /// Requests for `number` that reached the sandbox.
    func requests(_ number: String) -> Int { engine.exchanges().filter { $0.sendRequestNo == number }.count }

    /// Every record of the history, by number, oldest first.
    func history() throws -> [String: [SendRecord]] {
        var out: [String: [SendRecord]] = [:]
        try HistoryReader(path: historyPath, persistIndex: false).forEachRecord { record, _ in
            out[record.request.sendRequestNo, default: []].append(record)
        }
        return out
    }
}

/// A journal whose final records are lost: the process "crashes" after the write-ahead `pending`
/// record and the request, before the result is recorded.
final class CrashAfterPendingJournal: SendJournal, @unchecked Sendable {
    let base: BatchJournal
    init(_ base: BatchJournal) { self.base = base }
    func append(_ record: SendRecord) throws {
        guard record.outcome == .pending else { throw CocoaError(.fileWriteUnknown) }
        try base.append(record)
    }
    func records(forSendRequestNo number: String) throws -> [SendRecord] { try base.records(forSendRequestNo: number) }
}

/// Counts calls, thread-safely.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    @discardableResult func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}

import CouponDeskText
import Foundation
import WeChatPayCore

/// How a batch sends.
public struct BatchSettings: Sendable {
    /// Workers sending at once (each one row at a time).
    public var concurrency: Int
    /// Resend rows an earlier run saw definitely refused (`--retry-rejected`).
    public var retryRejected: Bool
    public var mode: SendMode
    public var `operator`: String?
    /// How often one row is sent again in this run after its send ended rate limited (the bucket has
    /// slowed the batch down meanwhile); after that it stays rate_limited for the next run.
    public var rateLimitedRetries: Int

    public init(concurrency: Int = 16, retryRejected: Bool = false, mode: SendMode = .live, operator: String? = nil,
                rateLimitedRetries: Int = 3) {
        self.concurrency = concurrency; self.retryRejected = retryRejected; self.mode = mode
        self.operator = `operator`; self.rateLimitedRetries = rateLimitedRetries
    }
}

/// Stops a running batch from outside (a signal handler): `stop()` starts no more rows and lets the
/// in-flight sends finish; `abandon()` stops waiting for them too (their `pending` records remain, and
/// the next run resends them with their numbers).
public final class BatchStop: @unchecked Sendable {
    // Unchecked: the flags and the continuation are touched only under `lock`.
    private let lock = NSLock()
    private var stopping = false
    private var abandoned = false
    private var onAbandon: (@Sendable () -> Void)?

    public init() {}

    public var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }
    public var isAbandoned: Bool { lock.lock(); defer { lock.unlock() }; return abandoned }

    public func stop() { lock.lock(); stopping = true; lock.unlock() }

    public func abandon() {
        lock.lock(); stopping = true; abandoned = true; let action = onAbandon; onAbandon = nil; lock.unlock()
        action?()
    }

    func whenAbandoned(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        if abandoned { lock.unlock(); action(); return }
        onAbandon = action
        lock.unlock()
    }
}

/// Runs a checked plan: N workers take rows in file order; each row's history decides whether it is
/// sent (`ResumeDecision`), and a row that is sent goes through `PreSendClient.execute` — its
/// write-ahead `pending` record, its attempts, its final record, exactly as `send` does it. The rate is
/// the client's transport's business (`RateLimitedTransport` over the shared `TokenBucket`).
public struct BatchRunner: Sendable {
    public let plan: BatchPlan
    public let client: PreSendClient
    public let journal: any SendJournal
    public let settings: BatchSettings
    let probe: any ProcessProbe

    public init(plan: BatchPlan, client: PreSendClient, journal: any SendJournal, settings: BatchSettings,
                probe: any ProcessProbe = LocalProcessProbe()) {
        self.plan = plan; self.client = client; self.journal = journal; self.settings = settings; self.probe = probe
    }

    /// Each row's decision before anything is sent, from one read of the history (`--dry-run` shows
    /// them; `run` counts the settled ones at once and checks the others again just before sending).
    public func decisions(history: [String: [SendRecord]]) -> [ResumeDecision] { review(history: history).decisions }

    /// The decisions, and each conflict among them as a problem of its row (one look at each history,
    /// so the two always agree).
    public func review(history: [String: [SendRecord]]) -> (decisions: [ResumeDecision], conflicts: [BatchProblem]) {
        var decisions: [ResumeDecision] = []
        var conflicts: [BatchProblem] = []
        for row in plan.rows {
            let verdict = ResumeDecision.verdict(for: row.request, history: history[row.request.sendRequestNo] ?? [],
                                                 mode: settings.mode, flavor: client.configuration.flavor,
                                                 retryRejected: settings.retryRejected, probe: probe, now: Date())
            decisions.append(verdict.decision)
            if let conflict = verdict.conflict { conflicts.append(BatchProblem(line: row.line, .conflict(conflict))) }
        }
        return (decisions, conflicts)
    }

    /// Sends the plan. `initial` are the decisions of `decisions(history:)` (rows already done are
    /// counted without a look-up). `onRow` hears every row as it finishes, from any thread.
    public func run(initial: [ResumeDecision], tally: BatchTally, stop: BatchStop = BatchStop(),
                    onRow: @escaping @Sendable (BatchRowResult) -> Void = { _ in }) async -> BatchSummary {
        let started = DispatchTime.now()
        // The rows' records from memory from now on (a no-op when the plan's look-up already started it;
        // if the log cannot be read, each row looks itself up in the log and says why it cannot).
        if let history = journal as? BatchJournal { _ = try? history.track(Set(plan.rows.map(\.request.sendRequestNo))) }
        var queue: [Int] = []
        for (index, decision) in initial.enumerated() {
            if case .done(let record) = decision {
                let result = BatchRowResult(row: plan.rows[index], kind: .alreadyDone(record))
                tally.add(result, wasInFlight: false)
                onRow(result)
            } else {
                queue.append(index)
            }
        }
        let rows = RowQueue(queue)
        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<max(1, settings.concurrency) {
                    group.addTask(executorPreference: WorkerThread(worker)) {
                        // The worker's thread is its own: its exchanges may block it (ThreadOwnership).
                        // Its rows' final records go with its next row's pending record (FinalRecordLane);
                        // a row is counted once its final record is durable.
                        let lane = FinalRecordLane()
                        await ThreadOwnership.$mayBlock.withValue(true) {
                            await FinalRecordLane.$current.withValue(lane) {
                                while !stop.isStopping, let index = rows.next() {
                                    let (result, wasInFlight) = await self.process(plan.rows[index], tally: tally, stop: stop)
                                    lane.whenDurable { problem in
                                        var result = result
                                        if let problem { result.journalProblem = problem.description }
                                        tally.add(result, wasInFlight: wasInFlight)
                                        onRow(result)
                                    }
                                }
                                lane.settle()
                            }
                        }
                    }
                }
            }
        }
        // Returns when the workers are done, or at once when the batch is abandoned.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            stop.whenAbandoned { once.resume() }
            Task { await work.value; once.resume() }
        }
        if stop.isAbandoned { work.cancel() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let counts = tally.snapshot
        return BatchSummary(batchID: plan.batchID, total: plan.rows.count, counts: counts, elapsedSeconds: elapsed,
                            interrupted: stop.isStopping && counts.done < plan.rows.count,
                            historyPath: (journal as? BatchJournal)?.path ?? "")
    }

    /// One row: look its number up now, then send, resend or count it. Returns the result and whether
    /// it was in flight.
    func process(_ row: BatchRow, tally: BatchTally, stop: BatchStop) async -> (BatchRowResult, Bool) {
        var rateLimitedRetries = 0
        var inFlight = false
        while true {
            let history: [SendRecord]
            do { history = try journal.records(forSendRequestNo: row.request.sendRequestNo) } catch {
                return (BatchRowResult(row: row, kind: .notSent(SendRefusal.journalUnavailable(Phrase(describing: error)).description, .other)), inFlight)
            }
            switch ResumeDecision.decide(for: row.request, history: history, mode: settings.mode, flavor: client.configuration.flavor,
                                         retryRejected: settings.retryRejected, probe: probe) {
            case .done(let record):
                // Settled since the plan was made (another process), or rate limited again below.
                return (BatchRowResult(row: row, kind: rateLimitedRetries > 0 ? .sent(record) : .alreadyDone(record)), inFlight)
            case .sendingElsewhere(let reason):
                return (BatchRowResult(row: row, kind: .sendingElsewhere(reason, history.last)), inFlight)
            case .conflict(let reason):
                return (BatchRowResult(row: row, kind: .notSent(reason, .requestNoConflict)), inFlight)
            case .send, .resend:
                break
            }
            if !inFlight { tally.started(); inFlight = true }
            let report: SendReport
            do {
                report = try await client.execute(row.request, journal: journal, operator: settings.operator, mode: settings.mode)
            } catch {
                switch error {
                case .sendingElsewhere(let reason):
                    return (BatchRowResult(row: row, kind: .sendingElsewhere(reason.description, history.last)), inFlight)
                case .numberReused(let reason):
                    return (BatchRowResult(row: row, kind: .notSent(reason.description, .requestNoConflict)), inFlight)
                case .invalidRequest(let problems):
                    return (BatchRowResult(row: row, kind: .notSent(problems.map(\.description).joined(separator: "; "), .invalidRequest)), inFlight)
                case .journalUnavailable where (journal as? BatchJournal)?.takeRaced(row.request.sendRequestNo) == true:
                    // Another process wrote a record of this number since it was looked up: nothing was
                    // sent; look again (its pending record makes this row sending elsewhere, or done).
                    continue
                case .journalUnavailable, .signingFailed:
                    return (BatchRowResult(row: row, kind: .notSent(error.description, .other)), inFlight)
                }
            }
            let record = report.record
            if record.outcome == .rejected, record.error?.category == .rateLimited, report.journalProblem == nil,
               rateLimitedRetries < settings.rateLimitedRetries, !stop.isStopping {
                // Its final record durable (and in memory) before the number is looked up again.
                if let problem = FinalRecordLane.current?.settle() {
                    return (BatchRowResult(row: row, kind: .sent(record), journalProblem: problem.description), inFlight)
                }
                // Not accepted: the bucket has slowed the batch; this row goes again at the slower rate.
                rateLimitedRetries += 1
                continue
            }
            return (BatchRowResult(row: row, kind: .sent(record), journalProblem: report.journalProblem?.description), inFlight)
        }
    }
}

/// Where one worker's task runs: a serial queue of its own, so that a worker blocked in the history's
/// `append` (a write and an fsync, shared with the other workers' appends when the store groups them)
/// holds its own thread, not one of the few threads of Swift's cooperative pool that every other
/// worker needs to go on.
final class WorkerThread: TaskExecutor, @unchecked Sendable {
    // Unchecked: `queue` is a `let` and Dispatch queues are thread-safe.
    private let queue: DispatchQueue

    init(_ index: Int) { queue = DispatchQueue(label: "coupondesk.batch.worker.\(index)") }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// The rows still to start, handed out in file order to whichever worker asks first.
final class RowQueue: @unchecked Sendable {
    // Unchecked: `next` is touched only under `lock`.
    private let lock = NSLock()
    private let indices: [Int]
    private var position = 0
    init(_ indices: [Int]) { self.indices = indices }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard position < indices.count else { return nil }
        defer { position += 1 }
        return indices[position]
    }
}

/// Resumes a continuation at most once.
final class Once: @unchecked Sendable {
    // Unchecked: `continuation` is read and cleared only under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
    func resume() {
        lock.lock(); let c = continuation; continuation = nil; lock.unlock()
        c?.resume()
    }
}

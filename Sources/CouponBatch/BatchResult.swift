import Foundation
import WeChatPayCore

/// What became of one row in this run.
public struct BatchRowResult: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Sent in this run; its final record (already durable in the history).
        case sent(SendRecord)
        /// Settled by an earlier run (issued, or a definite no): not sent again.
        case alreadyDone(SendRecord)
        /// Its `pending` record's process still runs: not sent now; that process will record its result.
        case sendingElsewhere(String, SendRecord?)
        /// Not sent: its number belongs to other data (or another mode or flavor), or sending failed
        /// before anything went out (the history cannot be written, the request cannot be signed).
        case notSent(String, ErrorCategory)
    }

    public var row: BatchRow
    public var kind: Kind
    /// The final record could not be written (the `pending` record is then the trace).
    public var journalProblem: String?

    public init(row: BatchRow, kind: Kind, journalProblem: String? = nil) {
        self.row = row; self.kind = kind; self.journalProblem = journalProblem
    }

    /// The row's history record: the one written now, or the one that settled it before. For a row
    /// that was not sent, a `rejected` record with 0 attempts whose message starts with "not sent:"
    /// (as `send --json` prints it); it is not in the history.
    public var record: SendRecord? {
        switch kind {
        case .sent(let record), .alreadyDone(let record): return record
        case .sendingElsewhere(_, let pending): return pending
        case .notSent(let reason, let category):
            return SendRecord(time: SendRecord.timestamp(Date()), operator: nil, mode: SendMode.live.rawValue,
                              request: row.request, outcome: .rejected,
                              error: SendError(category: category, message: "not sent: " + reason), attempts: 0)
        }
    }

    /// Issued, rejected or unknown, as the summary and the exit code count it.
    public var outcome: Outcome {
        switch kind {
        case .sent(let record), .alreadyDone(let record):
            return record.outcome == .pending ? .unknown : record.outcome
        case .sendingElsewhere: return .unknown
        case .notSent(_, let category): return category.outcome == .unknown ? .unknown : .rejected
        }
    }

    /// The category of a row that was not issued.
    public var category: ErrorCategory? {
        switch kind {
        case .sent(let record), .alreadyDone(let record):
            if record.outcome == .pending { return .networkError }
            return record.error?.category
        case .sendingElsewhere: return nil
        case .notSent(_, let category): return category
        }
    }
}

/// The batch's counts so far: what progress shows and what the summary ends with. Thread-safe.
public final class BatchTally: @unchecked Sendable {
    // Unchecked: every var is read and written under `lock`.
    private let lock = NSLock()
    public let total: Int
    private var counts = BatchCounts()

    public init(total: Int) { self.total = total }

    /// Counts a finished row; `wasInFlight`: it had been `started()`.
    func add(_ result: BatchRowResult, wasInFlight: Bool) {
        lock.lock(); defer { lock.unlock() }
        counts.add(result)
        if wasInFlight { counts.inFlight -= 1 }
    }

    func started() {
        lock.lock(); defer { lock.unlock() }
        counts.inFlight += 1
    }

    /// A copy of the counts now.
    public var snapshot: BatchCounts {
        lock.lock(); defer { lock.unlock() }
        return counts
    }
}

/// Counts of rows by what became of them.
public struct BatchCounts: Sendable, Equatable {
    public var done = 0
    public var issued = 0
    public var rejected = 0
    public var unknown = 0
    /// Rows sent (or resent) in this run, finished.
    public var sentNow = 0
    /// Rows settled by an earlier run, not sent again.
    public var alreadyDone = 0
    /// Rows another process was sending.
    public var sendingElsewhere = 0
    /// Rows whose final record could not be written.
    public var unrecorded = 0
    /// Rows started and not finished (pending in the history).
    public var inFlight = 0
    public var byCategory: [ErrorCategory: Int] = [:]

    public init() {}

    mutating func add(_ result: BatchRowResult) {
        done += 1
        switch result.outcome {
        case .issued: issued += 1
        case .rejected: rejected += 1
        case .unknown, .pending: unknown += 1
        }
        if let category = result.category { byCategory[category, default: 0] += 1 }
        switch result.kind {
        case .sent: sentNow += 1
        case .alreadyDone: alreadyDone += 1
        case .sendingElsewhere: sendingElsewhere += 1
        case .notSent: break
        }
        if result.journalProblem != nil { unrecorded += 1 }
    }
}

/// How a batch run ended.
public struct BatchSummary: Sendable {
    public var batchID: String
    public var total: Int
    public var counts: BatchCounts
    public var elapsedSeconds: Double
    /// Stopped before every row was done (a signal): the rest is for the next run.
    public var interrupted: Bool
    public var historyPath: String

    /// Rows not done in this run (not started, or abandoned in flight).
    public var remaining: Int { total - counts.done }
    /// A rerun of the same command would send something: rows remain, or some are unknown or rate limited.
    public var needsRerun: Bool { remaining > 0 || counts.unknown > 0 || (counts.byCategory[.rateLimited] ?? 0) > 0 }
}

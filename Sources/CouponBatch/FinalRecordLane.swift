import CouponDeskText
import CouponHistory
import Foundation
import WeChatPayCore

/// One batch worker's final record on its way to the history, and the counting of its row, held until
/// that record is durable.
///
/// A row's final record does not need an fsync of its own: the worker queues it (`hold`) and goes on to
/// its next row, whose `pending` record is written in the same group (the appender writes its queue in
/// order, so once the pending record is durable the final one before it is too) — one fsync per row
/// instead of two, and one wait. The row is counted — tally, `--json`, `--output`, the summary — only
/// once its final record is durable (`whenDurable`), as before: a row counted is a row whose result the
/// history holds, even after a SIGKILL.
///
/// Touched only by its worker, one row after another (never concurrently).
final class FinalRecordLane: @unchecked Sendable {
    // Unchecked: every `var` is touched only by the worker that owns the lane, sequentially.
    private var held: NumberTracker.QueuedRecord?
    /// The counting of the row whose final record is `held` (nil while that row is still being sent).
    private var count: ((Phrase?) -> Void)?

    /// The lane of the worker running this task (nil outside a batch's workers: appends then wait).
    @TaskLocal static var current: FinalRecordLane?

    /// Takes `queued`, a row's final record just queued (an earlier one still held is waited for first).
    func hold(_ queued: NumberTracker.QueuedRecord) {
        if held != nil { settle() }
        held = queued
    }

    /// Counts the row just processed through `count` (with the problem writing its final record, if
    /// any): at once when it left no final record here, else once that record is durable — now if its
    /// group is written already, or when a later append of this worker finds it written (`release`), or
    /// at `settle()`.
    func whenDurable(_ count: @escaping (Phrase?) -> Void) {
        if held != nil && self.count != nil {
            // The previous row still waits and this row left no record of its own: that one first.
            settle()
        }
        guard held != nil else { return count(nil) }
        self.count = count
        release()
    }

    /// Counts the held row if its final record's group is written (called after each append of the
    /// worker that waited: the appender writes in order, so it is).
    func release() {
        guard let held, held.isWritten, count != nil else { return }
        settle()
    }

    /// Waits for the held final record (writing a group if none is) and counts its row if the row is
    /// done; returns the problem writing it, if any. A row resent in this run (rate limited) settles its
    /// final record before looking its number up again.
    @discardableResult
    func settle() -> Phrase? {
        guard let held else { return nil }
        var problem: Phrase? = nil
        do { try held.wait() } catch { problem = Phrase(describing: error) }
        let count = self.count
        self.held = nil
        self.count = nil
        count?(problem)
        return problem
    }
}

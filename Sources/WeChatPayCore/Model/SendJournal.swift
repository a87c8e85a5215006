import Foundation

/// Where a send writes its records: the write-ahead `pending` record before the first attempt and the
/// final record after. WeChatPayCore knows nothing of files; CouponHistory's store implements this.
public protocol SendJournal: Sendable {
    /// Must not return before the record is durable (flushed to stable storage).
    func append(_ record: SendRecord) throws
    /// Every record of `sendRequestNo` already written, oldest first. A send reads them first: a
    /// number used for another request must not be reused, and a resend of a send whose outcome is
    /// unknown must not turn into a definite no.
    func records(forSendRequestNo sendRequestNo: String) throws -> [SendRecord]
}

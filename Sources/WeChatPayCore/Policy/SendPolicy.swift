import Foundation

/// The send policy every front end shares (the CLI's `send`, `resend` and `demo`, the console's
/// Ctrl-S and `r`): may the send whose newest record is this one be resent as is, and may a
/// send_request_no carry this request. One place, so the front ends never disagree.
public enum SendPolicy {
    /// Why a send is not resent as is (same send_request_no, same request). The description is the
    /// reason in words, shared by the CLI and the console.
    public enum ResendRefusal: Equatable, Sendable, CustomStringConvertible {
        /// Made in another mode (a demo send in a log a live config also uses): a demo send must never
        /// reach WeChat Pay, and a live one never the demo.
        case otherMode(recorded: String, current: SendMode)
        /// Already issued: there is nothing to resolve.
        case alreadyIssued(token: String?, requestID: String?)
        /// A definite no other than a rate limit: the same request would be refused again.
        case definitelyRefused(ErrorCategory)

        public var description: String {
            switch self {
            case .otherMode(let recorded, let current):
                return "it was sent in \(TerminalText.sanitize(recorded)) mode but this is \(current.rawValue) mode; resend it where it was sent"
            case .alreadyIssued(let token, let requestID):
                return "it was already issued (token \(TerminalText.sanitize(token ?? "?")), Request-ID \(TerminalText.sanitize(requestID ?? "?"))); nothing to resolve"
            case .definitelyRefused(let category):
                return "WeChat Pay definitely refused it (\(category.rawValue): \(category.summary)); sending it again as is will not help — fix the cause and send it with a new send_request_no"
            }
        }
    }

    /// May the send whose newest record is `newest` be resent as is from a client in `mode`? nil: yes.
    ///
    /// Resent: `unknown` (only the same number and body can resolve it, PROTOCOL §5), `pending` with
    /// nothing after it (interrupted), and `rejected` as `rate_limited` — a 429 says the request was
    /// NOT accepted and PROTOCOL §4–5 say to retry it with the same send_request_no. Every other
    /// rejection is a definite no that the same request would get again; an issued send is settled.
    public static func resendRefusal(for newest: SendRecord, mode: SendMode) -> ResendRefusal? {
        guard newest.sendMode == mode else { return .otherMode(recorded: newest.mode, current: mode) }
        switch newest.outcome {
        case .unknown, .pending:
            return nil
        case .issued:
            return .alreadyIssued(token: newest.token, requestID: newest.requestID)
        case .rejected:
            let category = newest.error?.category ?? .other
            return category == .rateLimited ? nil : .definitelyRefused(category)
        }
    }
}

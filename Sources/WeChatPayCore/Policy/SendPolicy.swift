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

    /// A send_request_no already carrying another request: the earlier send, as its newest record.
    public struct NumberInUse: Equatable, Sendable, CustomStringConvertible {
        public var earlier: SendRecord

        public var description: String {
            let r = earlier.request
            return "send_request_no \(TerminalText.sanitize(r.sendRequestNo)) already belongs to the send of \(TerminalText.sanitize(earlier.time)) to openid \(TerminalText.sanitize(r.openid)), stock \(TerminalText.sanitize(r.stockID)) (\(Self.outcome(of: earlier))) with different data; use a new send_request_no for this request"
        }

        static func outcome(of record: SendRecord) -> String {
            switch record.outcome {
            case .issued: return "issued, token \(TerminalText.sanitize(record.token ?? "?"))"
            case .rejected: return "rejected: \(record.error?.category.rawValue ?? ErrorCategory.other.rawValue)"
            case .unknown: return "outcome unknown: \(record.error?.category.rawValue ?? "unresolved") — resend it unchanged to resolve it"
            case .pending: return "interrupted or still being sent — outcome unknown"
            }
        }
    }

    /// May `request` be sent under its send_request_no, given `history`, every record of that number
    /// (oldest first)? nil: yes — a new number, or the same request again (the idempotent retry).
    ///
    /// Never under a number whose history holds a record of a different request, whatever that send's
    /// outcome: WeChat Pay refuses it (268578927) when the number is known there, and even a refusal
    /// would become the number's newest record and hide the earlier send (an issued coupon vanishing
    /// from the history). A `request_no_conflict` record is no claim on the number — it is WeChat
    /// Pay saying the number was not that request's — so it does not block the request that owns it.
    public static func numberInUse(for request: PreSendRequest, history: [SendRecord]) -> NumberInUse? {
        let claims = history.filter { $0.error?.category != .requestNoConflict }
        guard let other = claims.last(where: { $0.request != request }) else { return nil }
        // Name the other send by its own newest record: its state.
        let state = claims.last { $0.request == other.request } ?? other
        return NumberInUse(earlier: state)
    }
}

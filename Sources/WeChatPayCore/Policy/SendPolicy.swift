import CouponDeskText
import Foundation

/// The send policy every front end shares (the CLI's `send`, `resend` and `demo`, the console's
/// Ctrl-S and `r`): may the send whose newest record is this one be resent as is, and may a
/// send_request_no carry this request. One place, so the front ends never disagree.
public enum SendPolicy {
    /// Why a send is not resent as is (same send_request_no, same request). `describe` words the
    /// reason in a language, shared by the CLI and the console; `description` is the English.
    public enum ResendRefusal: Equatable, Sendable, Describable {
        /// Made in another mode (a demo send in a log a live config also uses): a demo send must never
        /// reach WeChat Pay, and a live one never the demo.
        case otherMode(recorded: String, current: SendMode)
        /// Already issued: there is nothing to resolve.
        case alreadyIssued(token: String?, requestID: String?)
        /// A definite no other than a rate limit: the same request would be refused again.
        case definitelyRefused(ErrorCategory)
        /// Its `pending` record's process is still sending it: a resend now would race it.
        case sendingElsewhere(SendingProcess, since: String)

        public func describe(_ text: Texts) -> String {
            switch self {
            case .otherMode(let recorded, let current):
                return text(PolicyText.otherMode, ["recorded": TerminalText.sanitize(recorded), "current": current.rawValue])
            case .alreadyIssued(let token, let requestID):
                return text(PolicyText.alreadyIssued, ["token": TerminalText.sanitize(token ?? "?"),
                                                       "requestID": TerminalText.sanitize(requestID ?? "?")])
            case .definitelyRefused(let category):
                return text(PolicyText.definitelyRefused, ["category": category.rawValue, "reason": text.category(category.rawValue)])
            case .sendingElsewhere(let sender, let since):
                return InFlightElsewhere(sender: sender, since: since).describe(text)
            }
        }
    }

    /// May the send whose newest record is `newest` be resent as is from a client in `mode`? nil: yes.
    ///
    /// Resent: `unknown` (only the same number and body can resolve it, PROTOCOL §5), `pending` whose
    /// process is gone (interrupted; see `pendingState`), and `rejected` as `rate_limited` — a 429 says
    /// the request was NOT accepted and PROTOCOL §4–5 say to retry it with the same send_request_no.
    /// Every other rejection is a definite no that the same request would get again; an issued send is
    /// settled; a pending send whose process still runs is not resent under its feet. (A pending
    /// record of this very process is allowed here: the caller knows whether it still has it in flight.)
    public static func resendRefusal(for newest: SendRecord, mode: SendMode,
                                     probe: any ProcessProbe = LocalProcessProbe(), now: Date = Date()) -> ResendRefusal? {
        resendRefusal(for: newest, mode: mode, pending: pendingState(of: newest, probe: probe, now: now))
    }

    /// The same, with what a `pending` record means already looked up (`pendingState`): the console
    /// looks it up when it reads the row, so its `update` asks no process table.
    public static func resendRefusal(for newest: SendRecord, mode: SendMode,
                                     pending: @autoclosure () -> PendingSend?) -> ResendRefusal? {
        guard newest.sendMode == mode else { return .otherMode(recorded: newest.mode, current: mode) }
        switch newest.outcome {
        case .pending:
            if case .sendingElsewhere(let sender)? = pending() {
                return .sendingElsewhere(sender, since: newest.time)
            }
            return nil
        case .unknown:
            return nil
        case .issued:
            return .alreadyIssued(token: newest.token, requestID: newest.requestID)
        case .rejected:
            let category = newest.error?.category ?? .other
            return category == .rateLimited ? nil : .definitelyRefused(category)
        }
    }

    /// A send_request_no already carrying another request: the earlier send, as its newest record.
    public struct NumberInUse: Equatable, Sendable, Describable {
        public var earlier: SendRecord

        public func describe(_ text: Texts) -> String {
            let r = earlier.request
            return text(RefusalText.numberInUse, ["number": TerminalText.sanitize(r.sendRequestNo), "time": TerminalText.sanitize(earlier.time),
                                                  "openid": TerminalText.sanitize(r.openid), "stock": TerminalText.sanitize(r.stockID),
                                                  "state": Self.outcome(of: earlier, text: text)])
        }

        static func outcome(of record: SendRecord, text: Texts) -> String {
            switch record.outcome {
            case .issued: return text(RefusalText.earlierIssued, ["token": TerminalText.sanitize(record.token ?? "?")])
            case .rejected: return text(RefusalText.earlierRejected, ["category": record.error?.category.rawValue ?? ErrorCategory.other.rawValue])
            case .unknown: return text(RefusalText.earlierUnknown, ["category": record.error?.category.rawValue ?? text(RefusalText.earlierUnresolved)])
            case .pending: return text(RefusalText.earlierPending)
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

    /// What a `pending` record with nothing after it means now.
    public enum PendingSend: Equatable, Sendable {
        /// No process will finish it: its outcome is unknown; resend it with the same number.
        case interrupted
        /// Its process still runs (or, on another host, may still run): its result is coming.
        case sendingElsewhere(SendingProcess)
        /// This process wrote it: in flight here, or interrupted if this process no longer has it.
        case thisProcess
    }

    /// How long a pending record written on another host counts as still being sent. Its process cannot
    /// be checked from here, so the safe answer is "sending" for as long as any send can take — 1 + 3
    /// attempts of at most 300 s (`timeout_seconds`' bound) and 7 s of backoff, about 20 minutes — plus
    /// 10 minutes for the two hosts' clocks to disagree. After that it is interrupted.
    public static let otherHostWindow: TimeInterval = 30 * 60

    /// What `record` (the newest of its number) means when it is `pending`; nil when it is not pending.
    /// A record without a sender (written before senders were recorded, or by another tool) is
    /// interrupted, as it always was.
    public static func pendingState(of record: SendRecord, probe: any ProcessProbe = LocalProcessProbe(),
                                    now: Date = Date()) -> PendingSend? {
        guard record.outcome == .pending else { return nil }
        return pendingState(sender: record.sender, since: record.time, probe: probe, now: now)
    }

    /// What a write-ahead `pending` record (a send's or a confirm's) written by `sender` at `time`, with
    /// nothing after it, means now.
    public static func pendingState(sender: SendingProcess?, since time: String,
                                    probe: any ProcessProbe = LocalProcessProbe(), now: Date = Date()) -> PendingSend {
        guard let sender else { return .interrupted }
        switch probe.activity(of: sender) {
        case .thisProcess: return .thisProcess
        case .running: return .sendingElsewhere(sender)
        case .ended: return .interrupted
        case .otherHost:
            guard let started = SendRecord.date(fromTimestamp: time) else { return .interrupted }
            return now.timeIntervalSince(started) < otherHostWindow ? .sendingElsewhere(sender) : .interrupted
        }
    }
}

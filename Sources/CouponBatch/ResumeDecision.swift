import CouponDeskText
import Foundation
import WeChatPayCore

/// What a row's history says to do with it now (issue 13 item 3): the rule that makes a rerun of an
/// interrupted or partly unknown batch finish it without ever sending a row twice.
public enum ResumeDecision: Equatable, Sendable {
    /// No record of its number: send it.
    case send
    /// Unknown, interrupted (pending, its process gone), rate limited — or refused and
    /// `--retry-rejected` was given: send the same request with the same number (PROTOCOL §5).
    case resend(SendRecord)
    /// Settled (issued, or refused with a definite no): counted as done, not sent.
    case done(SendRecord)
    /// Its `pending` record's process still runs: sending now would race it; its result will follow.
    case sendingElsewhere(String)
    /// The number belongs to other data, another mode or another flavor: it cannot be this row's.
    case conflict(String)

    /// Why the history keeps a row's number from being this row's.
    public enum Conflict: Equatable, Sendable, CustomStringConvertible {
        /// The number already carries another request (`SendPolicy.numberInUse`).
        case numberInUse(SendPolicy.NumberInUse)
        /// An unresolved send of the number was made in another flavor: only its door can resolve it.
        case otherFlavor(sendRequestNo: String, flavor: APIFlavor?)
        /// The number was sent in another mode (a demo record is never resent live, nor the reverse).
        case otherMode(recorded: String, current: SendMode)

        /// In English, from the same table the front ends word it in (`Texts.batchConflict`).
        public var description: String { Texts.english.batchConflict(self) }
    }

    /// Decides for `request` from every record of its number (oldest first), as `send`/`resend` would.
    ///
    /// - Parameters:
    ///   - mode: the mode this batch sends in (a demo record is never resent live, nor the reverse).
    ///   - flavor: the flavor this batch sends in (an unresolved send is resolved only through its door).
    ///   - retryRejected: resend definite refusals too (after the budget was raised, say).
    public static func decide(for request: PreSendRequest, history: [SendRecord], mode: SendMode, flavor: APIFlavor,
                              retryRejected: Bool, probe: any ProcessProbe = LocalProcessProbe(), now: Date = Date()) -> ResumeDecision {
        verdict(for: request, history: history, mode: mode, flavor: flavor, retryRejected: retryRejected, probe: probe, now: now).decision
    }

    /// The decision, and for a conflict its reason as a value (the decision carries it in English).
    static func verdict(for request: PreSendRequest, history: [SendRecord], mode: SendMode, flavor: APIFlavor,
                        retryRejected: Bool, probe: any ProcessProbe, now: Date) -> (decision: ResumeDecision, conflict: Conflict?) {
        func conflict(_ reason: Conflict) -> (ResumeDecision, Conflict?) { (.conflict(reason.description), reason) }
        if let inUse = SendPolicy.numberInUse(for: request, history: history) {
            return conflict(.numberInUse(inUse))
        }
        guard let newest = history.last else { return (.send, nil) }
        switch SendPolicy.resendRefusal(for: newest, mode: mode, probe: probe, now: now) {
        case nil:
            if newest.flavor != flavor {
                return conflict(.otherFlavor(sendRequestNo: request.sendRequestNo, flavor: newest.flavor))
            }
            return (.resend(newest), nil)
        case .alreadyIssued?:
            return (.done(newest), nil)
        case .definitelyRefused?:
            return (retryRejected ? .resend(newest) : .done(newest), nil)
        case .sendingElsewhere(let sender, let since)?:
            return (.sendingElsewhere(SendPolicy.ResendRefusal.sendingElsewhere(sender, since: since).description), nil)
        case .otherMode(let recorded, let current)?:
            return conflict(.otherMode(recorded: recorded, current: current))
        }
    }
}

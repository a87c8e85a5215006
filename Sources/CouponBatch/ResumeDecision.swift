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

    /// Decides for `request` from every record of its number (oldest first), as `send`/`resend` would.
    ///
    /// - Parameters:
    ///   - mode: the mode this batch sends in (a demo record is never resent live, nor the reverse).
    ///   - flavor: the flavor this batch sends in (an unresolved send is resolved only through its door).
    ///   - retryRejected: resend definite refusals too (after the budget was raised, say).
    public static func decide(for request: PreSendRequest, history: [SendRecord], mode: SendMode, flavor: APIFlavor,
                              retryRejected: Bool, probe: any ProcessProbe = LocalProcessProbe(), now: Date = Date()) -> ResumeDecision {
        if let inUse = SendPolicy.numberInUse(for: request, history: history) {
            return .conflict(inUse.description)
        }
        guard let newest = history.last else { return .send }
        switch SendPolicy.resendRefusal(for: newest, mode: mode, probe: probe, now: now) {
        case nil:
            if newest.flavor != flavor {
                return .conflict("send_request_no \(TerminalText.sanitize(request.sendRequestNo)) belongs to an unresolved send made in the \(newest.flavor?.displayName ?? "unknown") flavor; resolve it with a config of that flavor")
            }
            return .resend(newest)
        case .alreadyIssued?:
            return .done(newest)
        case .definitelyRefused?:
            return retryRejected ? .resend(newest) : .done(newest)
        case .sendingElsewhere(let sender, let since)?:
            return .sendingElsewhere(SendPolicy.ResendRefusal.sendingElsewhere(sender, since: since).description)
        case .otherMode(let recorded, let current)?:
            return .conflict(SendPolicy.ResendRefusal.otherMode(recorded: recorded, current: current).description)
        }
    }
}

import CouponDeskText
import WeChatPayCore

/// The core's values in a person's language: the tables are keyed by the values' raw strings, so
/// the text target needs no core; these helpers only pass the raw values along.
extension Texts {
    public func problem(_ problem: FieldProblem) -> String {
        fieldProblem(kind: problem.kind.rawValue, field: problem.field.rawValue, count: problem.count,
                     value: TerminalText.sanitize(problem.value))
    }

    public func reason(_ category: ErrorCategory) -> String { self.category(category.rawValue) }

    public func outcome(_ outcome: Outcome) -> String { self.outcome(outcome.rawValue) }

    public func outcome(_ outcome: ConfirmOutcome) -> String { self.outcome(outcome.rawValue) }

    public func label(_ field: PreSendField) -> String { fieldLabel(field.rawValue) }

    public func rule(_ field: PreSendField) -> String { fieldRule(field.rawValue) }

    public func flavor(_ flavor: APIFlavor) -> String { self.flavor(flavor.rawValue) }

    /// `pid 4242 on desk-3`.
    public func process(_ sender: SendingProcess) -> String {
        self(PolicyText.process, ["pid": String(sender.pid), "host": TerminalText.sanitize(sender.host.isEmpty ? "?" : sender.host)])
    }

    /// Why a send is not resent as is.
    public func refusal(_ refusal: SendPolicy.ResendRefusal) -> String {
        switch refusal {
        case .otherMode(let recorded, let current):
            return self(PolicyText.otherMode, ["recorded": TerminalText.sanitize(recorded), "current": current.rawValue])
        case .alreadyIssued(let token, let requestID):
            return self(PolicyText.alreadyIssued, ["token": TerminalText.sanitize(token ?? "?"),
                                                   "requestID": TerminalText.sanitize(requestID ?? "?")])
        case .definitelyRefused(let category):
            return self(PolicyText.definitelyRefused, ["category": category.rawValue, "reason": reason(category)])
        case .sendingElsewhere(let sender, let since):
            return self(PolicyText.sendingElsewhere, ["process": process(sender), "since": TerminalText.sanitize(since)])
        }
    }
}

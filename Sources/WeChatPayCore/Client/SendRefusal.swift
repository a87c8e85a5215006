import CouponDeskText

/// Why `PreSendClient.execute` sent nothing: a value the front ends word in the user's language
/// (`describe`); `description` is the English wording the log and the English tests read.
public enum SendRefusal: Error, Equatable, Sendable, Describable {
    /// The request breaks a field rule (each problem names the field and the rule).
    case invalidRequest([RequestProblem])
    /// The write-ahead `pending` record could not be written: sending now could lose a coupon.
    case journalUnavailable(Phrase)
    /// The request could not be signed (an OpenSSL failure).
    case signingFailed(Phrase)
    /// The send_request_no already belongs to a send of different data (`SendPolicy.numberInUse`), or
    /// to an unresolved send made in the other flavor.
    case numberReused(NumberReuse)
    /// Another process is sending this very request right now (its `pending` record's process still
    /// runs): sending it again now would race it; its result will follow.
    case sendingElsewhere(InFlightElsewhere)

    /// `not sent: …`
    public func describe(_ text: Texts) -> String { text(RefusalText.notSent, ["why": reason(text)]) }

    /// The reason alone, for a frame of the caller's own (the console's "未发送 — …").
    public func reason(_ text: Texts) -> String {
        switch self {
        case .invalidRequest(let problems): return text.problems(problems)
        case .journalUnavailable(let problem): return text.journalUnavailable(problem)
        case .signingFailed(let problem): return text.signingFailed(problem)
        case .numberReused(let reuse): return reuse.describe(text)
        case .sendingElsewhere(let elsewhere): return elsewhere.describe(text)
        }
    }
}

/// The reasons a send and a confirm share.
extension Texts {
    func problems(_ problems: [RequestProblem]) -> String { problems.map { $0.describe(self) }.joined(separator: "; ") }
    func journalUnavailable(_ problem: Phrase) -> String { self(RefusalText.journalUnavailable, ["problem": problem.describe(self)]) }
    func signingFailed(_ problem: Phrase) -> String { self(RefusalText.signingFailed, ["problem": problem.describe(self)]) }
}

/// Why a request cannot be sent as it is, before anything is sent.
public enum RequestProblem: Equatable, Sendable, Describable {
    /// A pre-send field breaks its rule.
    case field(FieldProblem)
    /// Brand-direct: the request names another brand than the caller (the config's brand_id).
    case notTheCaller(flavor: APIFlavor, caller: String, got: String)
    /// A look-up field's rule (a confirm's fields), as the core words it (`LookupRuleText` rewords it).
    case rule(String)

    public func describe(_ text: Texts) -> String {
        switch self {
        case .field(let problem): return problem.describe(text)
        case .notTheCaller(let flavor, let caller, let got):
            return text(RefusalText.notTheCaller, ["flavor": text.flavor(flavor.rawValue), "caller": caller,
                                                   "got": TerminalText.sanitize(got)])
        case .rule(let words): return text.reword(words, LookupRuleText.self)
        }
    }
}

/// A send_request_no that is not this request's to use.
public enum NumberReuse: Equatable, Sendable, Describable {
    /// It carries another request (`SendPolicy.numberInUse`).
    case inUse(SendPolicy.NumberInUse)
    /// It carries this very request, unresolved, sent in the other flavor: only that door resolves it.
    case unresolvedInOtherFlavor(number: String, time: String, flavor: APIFlavor?)

    public func describe(_ text: Texts) -> String {
        switch self {
        case .inUse(let inUse): return inUse.describe(text)
        case .unresolvedInOtherFlavor(let number, let time, let flavor):
            let named = flavor.map { text.flavor($0.rawValue) }
            return text(RefusalText.sendOfOtherFlavor, ["number": TerminalText.sanitize(number), "time": TerminalText.sanitize(time),
                                                        "flavor": named ?? text(RefusalText.unknownFlavor),
                                                        "sameFlavor": named ?? text(RefusalText.matchingFlavor)])
        }
    }
}

/// A send (or confirm) whose write-ahead record's process is still at it: its result is coming.
public struct InFlightElsewhere: Equatable, Sendable, Describable {
    public var sender: SendingProcess
    /// The pending record's time.
    public var since: String

    public init(sender: SendingProcess, since: String) { self.sender = sender; self.since = since }

    public func describe(_ text: Texts) -> String {
        text(PolicyText.sendingElsewhere, ["process": text.process(sender), "since": TerminalText.sanitize(since)])
    }
}

extension Texts {
    /// `pid 4242 on desk-3`.
    public func process(_ sender: SendingProcess) -> String {
        self(PolicyText.process, ["pid": String(sender.pid), "host": TerminalText.sanitize(sender.host.isEmpty ? "?" : sender.host)])
    }

    /// Why a send is not resent as is.
    public func refusal(_ refusal: SendPolicy.ResendRefusal) -> String { refusal.describe(self) }
}

import CouponDeskText
import WeChatPayCore

/// The send the form was last sent as — by Ctrl-S, or by `r` on the form's own number — and what
/// became of it. A send_request_no belongs to one request for good (PROTOCOL §5), so once the form
/// has been sent, editing it makes a new send with a new number, and the old number stays with its
/// send: the form can never put other data under a number the history holds (which WeChat Pay would
/// refuse, 268578927, and whose refusal would hide the earlier send — an issued coupon included).
public struct FormSend: Equatable, Sendable {
    public var request: PreSendRequest
    /// How its last finished attempt ended (nil before one has finished).
    public var outcome: Outcome?
    public var category: ErrorCategory?
    public var inFlight: Bool

    public init(request: PreSendRequest, outcome: Outcome? = nil, category: ErrorCategory? = nil, inFlight: Bool) {
        self.request = request; self.outcome = outcome; self.category = category; self.inFlight = inFlight
    }

    /// A coupon may exist because of it: issued, unknown, interrupted or still in flight.
    var mayHaveIssued: Bool {
        inFlight || outcome == .issued || outcome == .unknown || outcome == .pending
    }

    /// A definite no that the same request would get again (a rate limit is retried as is).
    var definitelyRefused: Bool {
        !inFlight && outcome == .rejected && category != .rateLimited
    }

    /// What the old number stays with, in words (the status line is one line: keep it short).
    var keeper: StatusText {
        if inFlight { return .keeperInFlight }
        switch outcome {
        case .issued?: return .keeperIssued
        case .rejected?: return .keeperRefused
        case .unknown?, .pending?, nil: return .keeperUnknown
        }
    }
}

/// A Ctrl-S that waits for a second Ctrl-S: the user's explicit choice, never a side effect.
public struct SendConfirmation: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The form goes to the same user and stock as a send that may have issued a coupon.
        case anotherCouponToTheSameUser
        /// The form is a request WeChat Pay definitely refused: it may be tried again only as a new send.
        case retryUnderANewNumber
    }
    public var kind: Kind
    /// The form when it was asked: any edit cancels the question.
    public var request: PreSendRequest
}

extension PreSendRequest {
    /// Everything but the send_request_no is the same.
    func hasSameData(as other: PreSendRequest) -> Bool {
        var mine = self
        mine.sendRequestNo = other.sendRequestNo
        return mine == other
    }

    /// The same user, brand, product coupon, stock and appid: a second send would be a second coupon.
    func goesToTheSameUserAndStock(as other: PreSendRequest) -> Bool {
        openid == other.openid && brandID == other.brandID && productCouponID == other.productCouponID
            && stockID == other.stockID && appid == other.appid
    }
}

extension ConsoleProgram {
    /// A form field changed by the user. Editing the send_request_no itself is the user choosing the
    /// number: the form stops tracking (the client still refuses a number the history holds for
    /// other data). Any other edit re-derives the number from the data.
    static func formEdited(_ field: PreSendField, model: inout ConsoleModel) {
        model.sendConfirmation = nil
        if field == .sendRequestNo {
            model.formSend = nil
            model.spareNumber = nil
            return
        }
        if let message = matchNumberToData(&model) { model.status = StatusLine(.info, message) }
    }

    /// The form's number follows its data: while the data differs from the form's send, a fresh
    /// number (kept while it differs, so editing back and forth uses up none); when the data is that
    /// send's again, that send's number — so the same data never goes out under a new number as a
    /// side effect of editing. Returns what changed, in words, or nil.
    static func matchNumberToData(_ model: inout ConsoleModel) -> String? {
        guard let sent = model.formSend else { return nil }
        let number = sent.request.sendRequestNo
        let shown = model.text(.sendRequestNo)
        if model.request.hasSameData(as: sent.request) {
            guard shown != number else { return nil }
            model.fields[.sendRequestNo] = TextField(number)
            return model.words(StatusText.backToSent)
        }
        guard shown == number else { return nil }
        let fresh = model.spareNumber ?? model.freshNumbers.take()
        model.spareNumber = fresh
        model.fields[.sendRequestNo] = TextField(fresh)
        return model.words(StatusText.editedNewSend, ["keeper": model.words(sent.keeper)])
    }

    /// A send starts: if it is the form's number (or the form's send), the form now tracks it.
    static func formSendStarted(_ request: PreSendRequest, model: inout ConsoleModel) -> String? {
        let number = request.sendRequestNo
        guard number == model.text(.sendRequestNo) || number == model.formSend?.request.sendRequestNo else { return nil }
        let previous = model.formSend?.request.sendRequestNo == number ? model.formSend : nil
        model.formSend = FormSend(request: request, outcome: previous?.outcome, category: previous?.category, inFlight: true)
        if number == model.text(.sendRequestNo) { model.spareNumber = nil }
        model.sendConfirmation = nil
        // `r` on the form's number while the form holds other data: the data gets a number of its own.
        return matchNumberToData(&model)
    }

    /// A send finished: the form's send takes its outcome. A refusal by the client before sending
    /// (nothing sent, nothing recorded) leaves the form's send as it was.
    static func formSendFinished(_ record: SendRecord, model: inout ConsoleModel) -> String? {
        guard var sent = model.formSend, sent.request.sendRequestNo == record.request.sendRequestNo else { return nil }
        if record.attempts == 0 && record.outcome == .rejected {
            sent.inFlight = false
            model.formSend = sent.outcome == nil ? nil : sent
            return nil
        }
        model.formSend = FormSend(request: record.request, outcome: record.outcome,
                                  category: record.error?.category, inFlight: false)
        return matchNumberToData(&model)
    }

    /// What Ctrl-S on this form must ask first, or nil to send at once.
    static func confirmationNeeded(_ model: ConsoleModel) -> SendConfirmation? {
        guard let sent = model.formSend else { return nil }
        let request = model.request
        if request.sendRequestNo == sent.request.sendRequestNo {
            return sent.definitelyRefused && request.hasSameData(as: sent.request)
                ? SendConfirmation(kind: .retryUnderANewNumber, request: request) : nil
        }
        if sent.mayHaveIssued && request.goesToTheSameUserAndStock(as: sent.request) {
            return SendConfirmation(kind: .anotherCouponToTheSameUser, request: request)
        }
        return nil
    }

    /// The question of `confirmation`, for the status line: the key first, in case the line is cut.
    static func question(_ confirmation: SendConfirmation, model: ConsoleModel) -> String {
        let text = model.words
        guard let sent = model.formSend else { return text(StatusText.againToSend) }
        switch confirmation.kind {
        case .anotherCouponToTheSameUser:
            let openid = TerminalText.sanitize(sent.request.openid)
            let why: StatusText = sent.inFlight ? .whyStillSending : sent.outcome == .issued ? .whyJustIssued : .whyMayHave
            return text(StatusText.againAnotherCoupon, ["openid": openid, "why": text(why)])
        case .retryUnderANewNumber:
            return text(StatusText.againRetryNewNumber, ["category": (sent.category ?? .other).rawValue])
        }
    }
}

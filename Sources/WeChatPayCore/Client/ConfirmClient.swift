import CouponDeskText
import Foundation

/// A finished confirm: its final record, the coupon as the answer returned it (when confirmed), and a
/// problem writing the final record, if any (the `pending` record is then the trace).
public struct ConfirmReport: Sendable {
    public var record: ConfirmRecord
    public var coupon: UserCoupon?
    public var journalProblem: Phrase?
}

/// Confirms a claimed coupon (PROTOCOL §9) with the full outcome safety of a pre-send: a write-ahead
/// `pending` record, up to 1 + 3 attempts with the same out_request_no and body (fresh signature
/// each), the final record; an uncertain confirm is `unknown` and is resolved only by the same confirm
/// again. Same machinery as the pre-send (`CallRunner`).
public struct ConfirmClient: Sendable {
    public let configuration: ClientConfiguration
    let runner: CallRunner
    let clock: any Clock
    let sender: SendingProcess?
    let probe: any ProcessProbe

    public init(configuration: ClientConfiguration, transport: any Transport, sleeper: any Sleeper = TaskSleeper(),
                clock: any Clock = SystemClock(), sender: SendingProcess? = .current,
                probe: any ProcessProbe = LocalProcessProbe()) {
        self.configuration = configuration
        runner = CallRunner(configuration: configuration, transport: transport, sleeper: sleeper)
        self.clock = clock
        self.sender = sender
        self.probe = probe
    }

    /// Confirms `request`. `preSendRequestNo` names the send the coupon was claimed from (kept in the
    /// records so the history shows the confirm under it).
    public func execute(_ request: ConfirmRequest, preSendRequestNo: String?, journal: any ConfirmJournal,
                        operator: String?, mode: SendMode) async throws(ConfirmRefusal) -> ConfirmReport {
        let problems = request.problems(flavor: configuration.flavor).map(RequestProblem.rule)
            + [configuration.callerProblem(brandID: request.brandID)].compactMap { $0 }
        guard problems.isEmpty else { throw .invalidRequest(problems) }
        let earlier: [ConfirmRecord]
        do { earlier = try journal.confirmRecords(forOutRequestNo: request.outRequestNo) } catch {
            throw .journalUnavailable(Phrase(describing: error))
        }
        if let other = ConfirmPolicy.numberInUse(for: request, history: earlier) {
            throw .numberReused(.inUse(number: request.outRequestNo, other: other))
        }
        if let newest = earlier.last, ConfirmPolicy.isUnresolved(newest), newest.flavor != configuration.flavor {
            throw .numberReused(.unresolvedInOtherFlavor(number: request.outRequestNo, flavor: newest.flavor))
        }
        if let newest = earlier.last, newest.outcome == .pending,
           case .sendingElsewhere(let other) = SendPolicy.pendingState(sender: newest.sender, since: newest.time,
                                                                       probe: probe, now: clock.now()) {
            throw .confirmingElsewhere(InFlightElsewhere(sender: other, since: newest.time))
        }

        let started = clock.now()
        let startedMonotonic = DispatchTime.now()
        let call = request.request(baseURL: configuration.baseURL, flavor: configuration.flavor)
        // Signed before the write-ahead record: if signing cannot work, nothing is sent or recorded.
        let first: HTTPRequest
        do { first = try runner.sign(call) } catch { throw .signingFailed(Phrase(describing: error)) }

        let time = SendRecord.timestamp(started)
        func record(_ outcome: ConfirmOutcome) -> ConfirmRecord {
            ConfirmRecord(time: time, operator: `operator`, mode: mode.rawValue, flavor: configuration.flavor,
                          preSendRequestNo: preSendRequestNo, request: request, outcome: outcome)
        }
        var pending = record(.pending)
        pending.sender = sender
        do { try journal.append(pending) } catch { throw .journalUnavailable(Phrase(describing: error)) }

        // A repeat of an unresolved confirm starts out uncertain: a refusal now may follow a confirm
        // that took effect before.
        let finished = await runner.run(call, first: first, expecting: .jsonObject,
                                        uncertainty: Self.uncertainty(of: earlier.last), isWrite: true)
        let result = finished.result
        var final = record(.unknown)
        var coupon: UserCoupon? = nil
        switch result.outcome {
        case .issued:
            final.outcome = .confirmed
            coupon = result.body.flatMap(JSONValue.parse).map(UserCoupon.init(raw:))
            final.couponState = coupon?.state?.rawValue
        case .rejected: final.outcome = .rejected
        case .unknown, .pending: final.outcome = .unknown
        }
        final.error = result.error
        final.httpStatus = result.httpStatus
        final.requestID = result.requestID
        final.attempts = finished.attempts
        final.elapsedMs = Int((DispatchTime.now().uptimeNanoseconds - startedMonotonic.uptimeNanoseconds) / 1_000_000)
        var journalProblem: Phrase? = nil
        do { try journal.append(final) } catch { journalProblem = Phrase(describing: error) }
        return ConfirmReport(record: final, coupon: coupon, journalProblem: journalProblem)
    }

    static func uncertainty(of newest: ConfirmRecord?) -> AttemptResult? {
        guard let newest, newest.outcome == .pending || newest.outcome == .unknown else { return nil }
        let what = newest.outcome == .pending ? "was interrupted before its result was recorded"
            : "ended unknown (\(newest.error?.message ?? newest.error?.category.rawValue ?? ErrorCategory.networkError.rawValue))"
        return CallRunner.uncertainty(what: "the confirm at \(newest.time) \(what)", error: newest.error,
                                      httpStatus: newest.httpStatus, requestID: newest.requestID)
    }
}

/// What became of confirming one coupon from what a look-up found (`ConfirmClient.confirm`): the
/// decision of `ConfirmPolicy.plan`, and the confirm's report when one was sent.
public enum ConfirmResult: Sendable, Equatable {
    /// A confirm was sent (`repeating`: the unresolved confirm it repeated under its own number).
    case sent(ConfirmRecord, coupon: UserCoupon?, journalProblem: Phrase?, repeating: ConfirmRecord?)
    /// Already EFFECTIVE: nothing sent.
    case alreadyConfirmed(confirmRequestNo: String?, confirmTime: String?)
    /// Not CONFIRMING: nothing sent.
    case notConfirmable(state: String)
    /// Another number asked for while a confirm of the coupon is unresolved: nothing sent.
    case unresolvedUnderAnotherNumber(ConfirmRecord)
    /// The client sent nothing (a field, the history log, signing, a number in use, in flight elsewhere).
    case notSent(ConfirmRefusal)
}

extension ConfirmClient {
    /// Confirms `coupon` (as just looked up) at `place`: reads the journal's confirms, decides with
    /// `ConfirmPolicy.plan`, and sends only what the plan says — the one way the CLI's `confirm` and
    /// the console's `C` confirm.
    public func confirm(_ coupon: UserCoupon, place: ConfirmPolicy.CouponPlace, sendRequestNo: String?, requestedNumber: String? = nil,
                        journal: any ConfirmJournal, operator: String?, mode: SendMode) async -> ConfirmResult {
        let history: [ConfirmRecord]
        do { history = try journal.confirmRecords() } catch { return .notSent(.journalUnavailable(Phrase(describing: error))) }
        switch ConfirmPolicy.plan(coupon: coupon, place: place, requestedNumber: requestedNumber, history: history, mode: mode) {
        case .alreadyConfirmed(let number, let time): return .alreadyConfirmed(confirmRequestNo: number, confirmTime: time)
        case .notConfirmable(let state): return .notConfirmable(state: state)
        case .unresolvedUnderAnotherNumber(let open): return .unresolvedUnderAnotherNumber(open)
        case .confirm(let request, let repeating):
            do {
                let report = try await execute(request, preSendRequestNo: sendRequestNo, journal: journal, operator: `operator`, mode: mode)
                return .sent(report.record, coupon: report.coupon, journalProblem: report.journalProblem, repeating: repeating)
            } catch {
                return .notSent(error)
            }
        }
    }
}

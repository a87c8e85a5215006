import Foundation
import WeChatPayCore

extension SandboxEngine {
    /// The padding of an `oversized_body` answer: twice the client's default 1 MiB bound.
    static let oversizedBodyBytes = 2 << 20

    /// Spoils the answer of a committed pre-send as `fault` says (the coupon stays committed).
    func afterCommit(_ fault: SandboxConfiguration.Fault, tokenBody: Data, token: String, now: Date) -> SandboxReply {
        var reply = shape(fault, tokenBody: tokenBody, token: token, now: now)
        reply.fault = fault.kind
        return reply
    }

    private func shape(_ fault: SandboxConfiguration.Fault, tokenBody: Data, token: String, now: Date) -> SandboxReply {
        switch fault.kind {
        case .delayAfterCommit:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .afterDelay(milliseconds: fault.ms ?? 0))
        case .dropConnectionAfterCommit:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .dropConnection)
        case .badSignature:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .wrongBytes), delivery: .immediately)
        case .probeSignature:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .probe), delivery: .immediately)
        case .staleTimestamp:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .stale), delivery: .immediately)
        case .unsigned:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now,
                                                  signing: .none), delivery: .immediately)
        case .malformedJSON:
            // Cut short mid-string: a proxy truncating the body, say. Signed, so only parsing fails.
            let truncated = Data("{\"token\":\"\(token.prefix(8))".utf8)
            return SandboxReply(response: respond(status: 200, body: truncated, numericCode: 0, now: now),
                                delivery: .immediately)
        case .oversizedBody:
            // Valid JSON with the token, padded far past any sane response; signed over all of it.
            var padded = Data("{\"token\":\"\(token)\",\"padding\":\"".utf8)
            padded.append(Data(repeating: UInt8(ascii: "x"), count: Self.oversizedBodyBytes))
            padded.append(Data("\"}".utf8))
            return SandboxReply(response: respond(status: 200, body: padded, numericCode: 0, now: now),
                                delivery: .immediately)
        case .systemError, .rateLimited, .controlCharsInMessage:
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now),
                                delivery: .immediately)
        }
    }
}

extension SandboxConfiguration.Fault.Kind {
    /// Faults that let the pre-send commit and then spoil the answer.
    var appliesAfterCommit: Bool {
        switch self {
        case .delayAfterCommit, .dropConnectionAfterCommit, .badSignature, .probeSignature, .staleTimestamp,
             .unsigned, .malformedJSON, .oversizedBody:
            return true
        case .systemError, .rateLimited, .controlCharsInMessage:
            return false
        }
    }
}


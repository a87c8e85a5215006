import Foundation
import WeChatPayCore

extension SandboxEngine {
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
        case .badSignature, .probeSignature, .staleTimestamp, .unsigned:
            // The token, answered at once, signed wrongly in the fault's way.
            let signing: ResponseSigning = switch fault.kind {
            case .probeSignature: .probe
            case .staleTimestamp: .stale
            case .unsigned: .none
            default: .wrongBytes
            }
            return SandboxReply(response: respond(status: 200, body: tokenBody, numericCode: 0, now: now, signing: signing),
                                delivery: .immediately)
        case .malformedJSON:
            // Cut short mid-string: a proxy truncating the body, say. Signed, so only parsing fails.
            let truncated = Data("{\"token\":\"\(token.prefix(8))".utf8)
            return SandboxReply(response: respond(status: 200, body: truncated, numericCode: 0, now: now),
                                delivery: .immediately)
        case .oversizedResponse:
            var body = Data("{\"token\":\"\(token)\",\"padding\":\"".utf8)
            body.append(Data(repeating: 0x41, count: 2 << 20))
            body.append(Data("\"}".utf8))
            return SandboxReply(response: respond(status: 200, body: body, numericCode: 0, now: now),
                                delivery: .immediately)
        case .systemError, .rateLimited, .controlCharsInMessage, .htmlErrorPage:
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
             .unsigned, .malformedJSON, .oversizedResponse:
            return true
        case .systemError, .rateLimited, .controlCharsInMessage, .htmlErrorPage:
            return false
        }
    }
}


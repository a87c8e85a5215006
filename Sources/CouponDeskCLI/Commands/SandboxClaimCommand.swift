import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk sandbox claim DIR SEND_REQUEST_NO`: a simulated user claims a pre-sent token now.
enum SandboxClaimCommand: Command {
    static let spec = CommandSpec(
        name: "sandbox claim",
        summary: "Let a simulated user claim a pre-sent token now: the sandbox creates the user's coupon (CONFIRMING)",
        positionals: ["DIR", "SEND_REQUEST_NO"],
        options: [],
        discussion: """
        The coupon is CONFIRMING (visible to the user, not usable) until the brand confirms it:
        `coupondesk confirm SEND_REQUEST_NO`. Openids starting auto-confirm- get an EFFECTIVE coupon at
        once. A token claimed before gives its coupon back (exit 0, "already claimed"). Works on a
        sandbox that `sandbox serve` is serving (the state file is shared and locked).
        With "auto_claim_seconds" in sandbox.json (the demo's is 5) every token is claimed that long
        after it was issued, except for openids starting never-claims-.
        Exit codes: 0 claimed, 64 no issued pre-send with that number, 78 no sandbox in DIR.

        Example:
          coupondesk sandbox claim /tmp/sbx CD20261128041200123_Ab3dE5fG
        """)

    static func run(_ arguments: ParsedArguments) async -> ExitCode {
        let directory = SandboxDirectory(path: arguments.positionals[0])
        let number = arguments.positionals[1]
        guard directory.exists else {
            printError("coupondesk sandbox claim: \(directory.path) holds no sandbox.json; create one with `coupondesk sandbox init \(directory.path)`")
            return .config
        }
        do {
            let engine = try SandboxEngine(directory: directory)
            let (coupon, claimedNow) = try engine.claim(sendRequestNo: number)
            let what = claimedNow ? "claimed" : "already claimed"
            printOut("\(what): coupon \(coupon.couponCode) of openid \(TerminalText.sanitize(coupon.openid)), stock \(coupon.stockID), \(coupon.state)")
            if coupon.state == CouponState.confirming.rawValue {
                printOut("It stays CONFIRMING (the user sees it but cannot use it) until confirmed: coupondesk confirm \(TerminalText.sanitize(number))")
            }
            return .ok
        } catch let error as SandboxEngine.ClaimError {
            printError("coupondesk sandbox claim: \(error.description)")
            return .usage
        } catch {
            printError("coupondesk sandbox claim: \(TerminalText.sanitize(String(describing: error)))")
            return .failure
        }
    }
}

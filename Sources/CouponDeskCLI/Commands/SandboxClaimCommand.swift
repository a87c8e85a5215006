import CouponSandbox
import Foundation
import WeChatPayCore

/// `coupondesk sandbox claim DIR SEND_REQUEST_NO`: a simulated user claims a pre-sent token now.
enum SandboxClaimCommand: Command {
    static let spec = CommandSpec(
        name: "sandbox claim",
        summary: .sandboxClaimSummary,
        positionals: ["DIR", "SEND_REQUEST_NO"],
        options: [],
        discussion: .sandboxClaimDiscussion)

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

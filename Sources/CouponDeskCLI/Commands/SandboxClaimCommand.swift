import CouponDeskText
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
            printError("coupondesk sandbox claim: " + cliText(SandboxText.noSandboxJSON, ["path": directory.path]))
            return .config
        }
        do {
            let engine = try SandboxEngine(directory: directory)
            let (coupon, claimedNow) = try engine.claim(sendRequestNo: number)
            printOut(cliText(claimedNow ? SandboxText.claimedNow : .alreadyClaimed,
                             ["coupon": coupon.couponCode, "openid": TerminalText.sanitize(coupon.openid), "stock": coupon.stockID,
                              "state": "\(coupon.state)"]))
            if coupon.state == CouponState.confirming.rawValue {
                printOut(cliText(SandboxText.staysConfirming, ["number": TerminalText.sanitize(number)]))
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

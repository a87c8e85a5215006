import Console
import CouponDeskText
import Foundation
import WeChatPayCore

/// The command line's rules for the two flavors (PROTOCOL §7): which brand a send is for, and which
/// config may resend a recorded send. One place, so `send`, `resend` and the demo's say it alike.
enum FlavorRules {
    static let batchBrandIDOption = OptionSpec.value("--brand-id", "B", .batchBrandId)
    static let brandIDOption = OptionSpec.value("--brand-id", "B", .optionBrandIdSend)

    /// The brand_id to send for: `--brand-id`, else the caller of a brand-direct config. Nil after
    /// saying why not (exit 64): a partner must name the brand; a brand-direct caller can only send as
    /// itself.
    static func brandID(given: String?, client: ClientConfiguration, command: String) -> String? {
        let flavor = client.flavor
        if flavor.namesBrandInRequest {
            guard let given, !given.isEmpty else {
                printError("coupondesk \(command): " + cliText(CLIErrorText.brandIDRequired, ["flavor": cliText.flavor(flavor),
                                                                                            "caller": cliText.caller(flavor: flavor.rawValue, id: client.callerID)]))
                return nil
            }
            return given
        }
        guard let given, !given.isEmpty else { return client.callerID }
        guard given == client.callerID else {
            printError("coupondesk \(command): " + cliText(CLIErrorText.notThisBrand, ["given": TerminalText.sanitize(given), "flavor": cliText.flavor(flavor),
                                                                                    "caller": client.callerID]))
            return nil
        }
        return given
    }

    /// Why a recorded send cannot be resent through `client`, or nil. A send is resolved only through
    /// the door it went through: the same flavor and, for brand-direct, the same brand (the caller).
    static func resendRefusal(for record: SendRecord, client: ClientConfiguration) -> String? {
        guard let recorded = record.flavor else {
            return cliText(CLIErrorText.unknownFlavorRecord)
        }
        let current = client.flavor
        if recorded != current {
            let hint = recorded == .brand
                ? cliText(CLIErrorText.brandDirectConfigOf, ["brand": TerminalText.sanitize(record.request.brandID)])
                : cliText(CLIErrorText.partnerConfig)
            return cliText(CLIErrorText.otherFlavor, ["recorded": cliText.flavor(recorded), "current": cliText.flavor(current),
                                                     "caller": cliText.caller(flavor: current.rawValue, id: client.callerID), "hint": hint])
        }
        if !current.namesBrandInRequest, record.request.brandID != client.callerID {
            return cliText(CLIErrorText.otherBrandResend, ["brand": TerminalText.sanitize(record.request.brandID), "caller": client.callerID])
        }
        return nil
    }
}

import Foundation
import WeChatPayCore

/// The command line's rules for the two flavors (PROTOCOL §7): which brand a send is for, and which
/// config may resend a recorded send. One place, so `send`, `resend` and the demo's say it alike.
enum FlavorRules {
    static let batchBrandIDOption = OptionSpec.value("--brand-id", "B", "the brand of rows without a brand_id column; with a partner config default: the config's defaults.brand_id; with a brand-direct config the config's brand_id (if given it must be that)")
    static let brandIDOption = OptionSpec.value("--brand-id", "B", "the brand to send for; required with a partner config, and with a brand-direct config (\"flavor\": \"brand\") optional: the config's brand_id (if given it must be that)")

    /// The brand_id to send for: `--brand-id`, else the caller of a brand-direct config. Nil after
    /// saying why not (exit 64): a partner must name the brand; a brand-direct caller can only send as
    /// itself.
    static func brandID(given: String?, client: ClientConfiguration, command: String) -> String? {
        let flavor = client.flavor
        if flavor.namesBrandInRequest {
            guard let given, !given.isEmpty else {
                printError("coupondesk \(command): --brand-id B is required with a \(flavor.displayName) config (\(flavor.callerLabel(client.callerID))): name the brand you send for; nothing was sent")
                return nil
            }
            return given
        }
        guard let given, !given.isEmpty else { return client.callerID }
        guard given == client.callerID else {
            printError("coupondesk \(command): --brand-id \(TerminalText.sanitize(given)) is not this config's brand: a \(flavor.displayName) config sends only as its own brand (brand_id \(client.callerID)); omit --brand-id or use that brand's config; nothing was sent")
            return nil
        }
        return given
    }

    /// Why a recorded send cannot be resent through `client`, or nil. A send is resolved only through
    /// the door it went through: the same flavor and, for brand-direct, the same brand (the caller).
    static func resendRefusal(for record: SendRecord, client: ClientConfiguration) -> String? {
        guard let recorded = record.flavor else {
            return "it was made in a flavor this build does not know; resend it with the build that made it"
        }
        let current = client.flavor
        if recorded != current {
            let hint = recorded == .brand
                ? "a brand-direct config (\"flavor\": \"brand\") of brand \(TerminalText.sanitize(record.request.brandID))"
                : "a partner config (no \"flavor\" key)"
            return "it was sent in the \(recorded.displayName) flavor and this config is \(current.displayName) (\(current.callerLabel(client.callerID))); resend it with \(hint)"
        }
        if !current.namesBrandInRequest, record.request.brandID != client.callerID {
            return "it was sent by brand \(TerminalText.sanitize(record.request.brandID)) and this config calls as brand \(client.callerID); resend it with that brand's config"
        }
        return nil
    }
}

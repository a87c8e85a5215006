import Foundation

/// The config's `flavor` and the keys that belong to each flavor (DESIGN §3, PROTOCOL §7). A key of
/// the other flavor is an error that says which flavor it belongs to: a brand copying a partner's
/// config (or the reverse) learns what to change instead of sending with the wrong identity.
extension CouponDeskConfig {
    /// Why a brand-direct config must name the WeChat Pay public key.
    public static func publicKeyOnlyReason(_ flavor: APIFlavor) -> String {
        "the \(flavor.displayName) flavor verifies every response with the WeChat Pay public key only (PROTOCOL §7), and sends its PUB_KEY_ID_... as Wechatpay-Serial: set wechatpay_public_key_id and wechatpay_public_key_file (pub_key.pem)"
    }

    /// Why `key` is refused in a config of `flavor`, or nil when it is allowed there.
    public static func foreignKeyReason(_ key: String, in flavor: APIFlavor) -> String? {
        if key == "platform_certificate_files" && !flavor.acceptsPlatformCertificates {
            return "a \(flavor.displayName) config verifies responses with the WeChat Pay public key only (PROTOCOL §7), never platform certificates: remove platform_certificate_files and set wechatpay_public_key_id and wechatpay_public_key_file"
        }
        guard let owner = APIFlavor.allCases.first(where: { $0 != flavor && $0.ownConfigKeys.contains(key) }) else { return nil }
        // The key of this flavor that does the same job, if there is one.
        let counterpart: String? = {
            switch key {
            case owner.callerConfigKey: return flavor.callerConfigKey
            case owner.serialConfigKey: return flavor.serialConfigKey
            case owner.certificateConfigKey: return flavor.certificateConfigKey
            default: return nil
            }
        }()
        let switchHint = owner == .partner
            ? "for a partner config remove \"flavor\" (or set it to \"partner\")"
            : "for a brand-direct config set \"flavor\": \"brand\""
        var reason = "belongs to the \(owner.displayName) flavor, and this config is \(flavor.displayName)"
        reason += flavor == .partner ? " (no \"flavor\" key means partner)" : " (\"flavor\": \"\(flavor.rawValue)\")"
        if let counterpart { reason += "; a \(flavor.displayName) config uses \"\(counterpart)\" instead" }
        if key == "brand_id" && flavor == .partner {
            reason += " (the brand a partner sends for is --brand-id or defaults.brand_id)"
        }
        return reason + "; " + switchHint
    }
}

extension ConfigReader {
    /// `flavor`: `partner` (the default) or `brand`.
    func flavor() throws(ConfigError) -> APIFlavor {
        guard let text = try string("flavor") else { return .partner }
        guard let flavor = APIFlavor(rawValue: text) else {
            throw .invalidValue(path: file, key: prefix + "flavor",
                                reason: "must be \"partner\" (服务商, the default) or \"brand\" (品牌直连, brand-direct), got \"\(String(text.prefix(40)))\"")
        }
        return flavor
    }

    /// Refuses every key that belongs to a flavor other than `flavor`, naming the flavor it belongs to.
    func rejectKeysOfOtherFlavors(than flavor: APIFlavor) throws(ConfigError) {
        for key in object.keys.sorted() {
            guard let value = object[key], !(value is NSNull) else { continue }
            if let reason = CouponDeskConfig.foreignKeyReason(key, in: flavor) {
                throw .invalidValue(path: file, key: prefix + key, reason: reason)
            }
        }
    }

    /// A required string whose absence deserves the flavor's explanation (brand-direct's keys are new
    /// to people coming from a partner config).
    func requiredString(_ key: String, for flavor: APIFlavor) throws(ConfigError) -> String {
        guard flavor == .brand else { return try requiredString(key) }
        guard let text = try string(key) else {
            let reason: String
            switch key {
            case flavor.callerConfigKey:
                reason = "a brand-direct config (\"flavor\": \"brand\") names its caller, the brand's id (品牌ID), with \"brand_id\""
            case flavor.serialConfigKey:
                reason = "the serial number of the \(flavor.certificateName) whose key is private_key_file, in hex (品牌经营平台 → API安全)"
            default:
                reason = "required in a brand-direct config"
            }
            throw .missingKeyBecause(path: file, key: prefix + key, reason: reason)
        }
        return text
    }
}

import Foundation
import WeChatPayCore

/// The config as a whole: does it load, are the flavor's keys the right ones (PROTOCOL §7), and how
/// will responses be verified (PROTOCOL §3).
enum ConfigChecks {
    /// Whether `send` and the console accept the config (the strict loader's verdict).
    static func parses(_ subject: DoctorSubject) -> Diagnosis {
        switch subject.strict {
        case .success(let config):
            return .ok(.config, "\(subject.file) loads: \(config.flavor.displayName) (\(config.flavor.chineseName)), \(config.flavor.callerLabel(config.callerID)), base_url \(config.baseURL.absoluteString)",
                       details: ["file": .text(subject.file)])
        case .failure(let error):
            return .failure(.config, error.description,
                            advice: "fix this first: until then send and the console stop with exit 78 (the lines below check the rest as far as they can)",
                            details: ["file": .text(subject.file)])
        }
    }

    /// The flavor and its keys: a known flavor, no key of the other flavor, the caller and serial
    /// present, and a caller's certificate issued to this caller.
    static func flavorKeys(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        let flavor = facts.flavor
        if let named = facts.unknownFlavor {
            return .failure(.flavor, "\"flavor\" is \"\(String(named.prefix(40)))\"",
                            advice: "set \"flavor\" to \"partner\" (服务商, the default) or \"brand\" (品牌直连, brand-direct)")
        }
        let present = facts.raw.filter { !($0.value is NSNull) }.keys.sorted()
        if let key = present.first(where: { CouponDeskConfig.foreignKeyReason($0, in: flavor) != nil }),
           let reason = CouponDeskConfig.foreignKeyReason(key, in: flavor) {
            let parts = reason.components(separatedBy: "; ")
            let rest = parts.dropFirst().joined(separator: "; ")
            return .failure(.flavor, "\"\(key)\" \(parts[0])",
                            advice: rest.isEmpty ? "remove \"\(key)\" from this config" : rest)
        }
        for key in [flavor.callerConfigKey, flavor.serialConfigKey] where facts.raw[key] as? String == nil {
            let what = key == flavor.callerConfigKey ? "the caller (\(flavor == .partner ? "your merchant id, 商户号" : "your brand id, 品牌ID"))"
                                                     : "the serial number of the \(flavor.certificateName)"
            return .failure(.flavor, "a \(flavor.displayName) config has no \"\(key)\"",
                            advice: "set \"\(key)\": \(what)")
        }
        if let mismatch = certificateOwnerProblem(facts, keys: keys) { return mismatch }
        let caller = facts.callerID ?? "?"
        return .ok(.flavor, "\(flavor.displayName) (\(flavor.chineseName)): \(flavor.callerLabel(caller)) signs with the \(flavor.privateKeyName) of its \(flavor.certificateName), scheme \(flavor.authorizationScheme), path \(flavor.productCouponPathPrefix)/…")
    }

    /// A merchant API certificate names the merchant it was issued to in its subject's CN (商户号). A
    /// certificate of another merchant — or a brand's certificate in a partner config, or a merchant's in
    /// a brand-direct one — signs requests WeChat Pay refuses (401 SIGN_ERROR).
    static func certificateOwnerProblem(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis? {
        guard let certificate = keys.usableCertificate, let owner = certificate.subjectCommonName,
              !owner.isEmpty, owner.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
              let caller = facts.callerID, owner != caller else { return nil }
        let file = facts.certificateFile ?? facts.flavor.certificateConfigKey
        switch facts.flavor {
        case .partner:
            if owner == facts.defaults.brandID {
                return .failure(.flavor, "\(file) is issued to brand \(owner), not to mchid \(caller): it looks like a brand API certificate (品牌API证书)",
                                advice: "a partner signs with its own merchant API certificate (商户API证书) and apiclient_key.pem; for the brand's own certificate use a brand-direct config (\"flavor\": \"brand\")")
            }
            return .failure(.flavor, "\(file) is issued to merchant \(owner), not to mchid \(caller)",
                            advice: "use the merchant API certificate, private key and serial of merchant \(caller) (商户平台 → 账户中心 → API安全), or correct \"mchid\"")
        case .brand:
            return .warning(.flavor, "\(file) is issued to \(owner), not to brand_id \(caller): perhaps a merchant API certificate (商户API证书)",
                            advice: "brand-direct signs with the brand API certificate and key of brand \(caller) (品牌经营平台 → API安全), not a merchant's")
        }
    }

    /// How responses will be verified: the WeChat Pay public key (the current mode, the only one for new
    /// merchants and for brand-direct) or platform certificates (the older mode, partner only).
    static func verificationMode(_ facts: ConfigFacts) -> Diagnosis {
        let flavor = facts.flavor
        let hasID = facts.publicKeyID != nil, hasFile = facts.publicKeyFile != nil
        let platform = facts.platformCertificateFiles.count
        if hasID != hasFile {
            let missing = hasID ? "wechatpay_public_key_file" : "wechatpay_public_key_id"
            return .failure(.verification, "\(missing) is missing: the public key and its id go together",
                            advice: "set both: the PUB_KEY_ID_… and the pub_key.pem shown together in 商户平台 → 账户中心 → API安全 → 微信支付公钥")
        }
        if hasID {
            let keyFile = ((facts.publicKeyFile ?? "") as NSString).lastPathComponent
            var finding = "WeChat Pay public key mode (微信支付公钥): answers signed by \(facts.publicKeyID ?? "") are verified with \(keyFile)"
            if platform > 0 && flavor.acceptsPlatformCertificates { finding += "; \(platform) platform certificate\(platform == 1 ? "" : "s") too" }
            return .ok(.verification, finding)
        }
        if !flavor.acceptsPlatformCertificates {
            return .failure(.verification, "brand-direct has no WeChat Pay public key configured",
                            advice: CouponDeskConfig.publicKeyOnlyReason(flavor))
        }
        if platform > 0 {
            return .warning(.verification, "platform certificate mode (平台证书) only, without the WeChat Pay public key",
                            advice: "new merchants only get the WeChat Pay public key (微信支付公钥), and WeChat Pay moves merchants to it: when 商户平台 → 账户中心 → API安全 offers 微信支付公钥, set wechatpay_public_key_id and wechatpay_public_key_file")
        }
        return .failure(.verification, "nothing to verify WeChat Pay's answers with",
                        advice: "set wechatpay_public_key_id and wechatpay_public_key_file (商户平台 → 账户中心 → API安全 → 微信支付公钥); without them every answer is unknown (signature_invalid)")
    }
}

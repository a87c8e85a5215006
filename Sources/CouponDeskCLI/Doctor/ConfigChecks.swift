import Console
import CouponDeskText
import Foundation
import WeChatPayCore

/// The config as a whole: does it load, are the flavor's keys the right ones (PROTOCOL §7), and how
/// will responses be verified (PROTOCOL §3).
enum ConfigChecks {
    /// Whether `send` and the console accept the config (the strict loader's verdict).
    static func parses(_ subject: DoctorSubject) -> Diagnosis {
        switch subject.strict {
        case .success(let config):
            return .ok(.config, Words(.configLoads, ["file": v(subject.file), "flavor": v(config.flavor.displayName),
                                                     "chineseName": v(config.flavor.chineseName),
                                                     "caller": v(config.flavor.callerLabel(config.callerID)),
                                                     "baseURL": v(config.baseURL.absoluteString)]),
                       details: ["file": .text(subject.file)])
        case .failure(let error):
            return .failure(.config, .rendered { $0.configError(error) }, advice: Words(.configFixFirst), details: ["file": .text(subject.file)])
        }
    }

    /// The flavor and its keys: a known flavor, no key of the other flavor, the caller and serial
    /// present, and a caller's certificate issued to this caller.
    static func flavorKeys(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        let flavor = facts.flavor
        if let named = facts.unknownFlavor {
            return .failure(.flavor, Words(.flavorIs, ["value": v(String(named.prefix(40)))]), advice: Words(.flavorSet))
        }
        let present = facts.raw.filter { !($0.value is NSNull) }.keys.sorted()
        if let key = present.first(where: { CouponDeskConfig.foreignKeyReason($0, in: flavor) != nil }),
           let reason = CouponDeskConfig.foreignKeyReason(key, in: flavor) {
            let parts = reason.components(separatedBy: "; ")
            let rest = parts.dropFirst().joined(separator: "; ")
            return .failure(.flavor, v("\"\(key)\" \(parts[0])"),
                            advice: rest.isEmpty ? Words(.flavorRemoveKey, ["key": v(key)]) : v(rest))
        }
        for key in [flavor.callerConfigKey, flavor.serialConfigKey] where facts.raw[key] as? String == nil {
            let what = key == flavor.callerConfigKey ? Words(flavor == .partner ? .flavorCallerPartner : .flavorCallerBrand)
                                                     : Words(.flavorSerialOf, ["certificate": certificateName(flavor)])
            return .failure(.flavor, Words(.flavorHasNo, ["flavor": v(flavor.displayName), "key": v(key)]),
                            advice: Words(.flavorSetKey, ["key": v(key), "what": what]))
        }
        if let mismatch = certificateOwnerProblem(facts, keys: keys) { return mismatch }
        let caller = facts.callerID ?? "?"
        return .ok(.flavor, Words(.flavorSigns, ["flavor": v(flavor.displayName), "chineseName": v(flavor.chineseName),
                                                 "caller": v(flavor.callerLabel(caller)), "key": privateKeyName(flavor),
                                                 "certificate": certificateName(flavor), "scheme": v(flavor.authorizationScheme),
                                                 "path": v(flavor.productCouponPathPrefix)]))
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
                return .failure(.flavor, Words(.ownerIsBrand, ["file": v(file), "owner": v(owner), "caller": v(caller)]),
                                advice: Words(.ownerIsBrandAdvice))
            }
            return .failure(.flavor, Words(.ownerIsMerchant, ["file": v(file), "owner": v(owner), "caller": v(caller)]),
                            advice: Words(.ownerIsMerchantAdvice, ["caller": v(caller)]))
        case .brand:
            return .warning(.flavor, Words(.ownerNotBrand, ["file": v(file), "owner": v(owner), "caller": v(caller)]),
                            advice: Words(.ownerNotBrandAdvice, ["caller": v(caller)]))
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
            return .failure(.verification, Words(.publicKeyHalfMissing, ["key": v(missing)]), advice: Words(.publicKeySetBoth))
        }
        if hasID {
            let keyFile = ((facts.publicKeyFile ?? "") as NSString).lastPathComponent
            var finding = Words(.publicKeyMode, ["id": v(facts.publicKeyID ?? ""), "file": v(keyFile)])
            if platform > 0 && flavor.acceptsPlatformCertificates {
                finding = finding + Words(platform == 1 ? .platformCertificateToo : .platformCertificatesToo, ["count": v(platform)])
            }
            return .ok(.verification, finding)
        }
        if !flavor.acceptsPlatformCertificates {
            return .failure(.verification, Words(.brandNoPublicKey), advice: v(CouponDeskConfig.publicKeyOnlyReason(flavor)))
        }
        if platform > 0 {
            return .warning(.verification, Words(.platformOnly), advice: Words(.platformOnlyAdvice))
        }
        return .failure(.verification, Words(.nothingToVerify), advice: Words(.nothingToVerifyAdvice))
    }
}

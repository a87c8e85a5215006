import Foundation
import WeChatPayCore

/// The WeChat Pay public key (微信支付公钥): its id as the merchant platform shows it
/// (`PUB_KEY_ID_` and digits), and the key file itself.
enum PublicKeyChecks {
    static let prefix = "PUB_KEY_ID_"

    /// The id's form. The usual mistakes: a certificate serial (hex) or the merchant's own serial in its
    /// place, the prefix left off, or a copy with spaces or in the wrong case.
    static func keyID(_ facts: ConfigFacts) -> Diagnosis {
        guard let id = facts.publicKeyID else {
            return .skipped(.publicKeyID, "no wechatpay_public_key_id (see Verification)")
        }
        let fix = "copy the id shown beside the key in 商户平台 → 账户中心 → API安全 → 微信支付公钥 (PUB_KEY_ID_ followed by digits)"
        let body = id.dropFirst(prefix.count)
        if id.hasPrefix(prefix) {
            if !body.isEmpty && body.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                return .ok(.publicKeyID, "\(id) has the form of a WeChat Pay public key id")
            }
            return .warning(.publicKeyID, "\(shown(id)): after PUB_KEY_ID_ the merchant platform shows digits only", advice: fix)
        }
        let isHex = id.count >= 16 && id.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        if let serial = facts.serialNo, id.uppercased() == serial.uppercased() {
            return .failure(.publicKeyID, "wechatpay_public_key_id is your own \(facts.flavor.serialConfigKey), not the WeChat Pay public key id", advice: fix)
        }
        if id.uppercased().hasPrefix(prefix) {
            return .failure(.publicKeyID, "\(shown(id)): the prefix is PUB_KEY_ID_ in capitals", advice: fix)
        }
        if isHex && !id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return .failure(.publicKeyID, "\(shown(id)) looks like a certificate serial (hex), not a WeChat Pay public key id",
                            advice: fix + "; a platform certificate belongs in platform_certificate_files")
        }
        if id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return .failure(.publicKeyID, "\(shown(id)) lacks the PUB_KEY_ID_ prefix", advice: "set \"wechatpay_public_key_id\": \"\(prefix)\(id)\"")
        }
        return .failure(.publicKeyID, "\(shown(id)) is not a WeChat Pay public key id", advice: fix)
    }

    /// The key file: a public key (not a certificate, not a private key), RSA-2048, and not the public
    /// half of the caller's own key (the two PEM downloads are easily swapped).
    static func key(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        if facts.keyMaterialKeys.contains("wechatpay_public_key_file") {
            return .failure(.publicKey, "wechatpay_public_key_file holds the key itself, not a file path",
                            advice: "save pub_key.pem in a file and give that file's path")
        }
        guard let result = keys.publicKey, let file = facts.publicKeyFile else {
            return .skipped(.publicKey, "no wechatpay_public_key_file (see Verification)")
        }
        let key: RSAPublicKey
        switch result {
        case .success(let loaded): key = loaded
        case .failure(let error):
            return .failure(.publicKey, "wechatpay_public_key_file cannot be used: \(error.description)",
                            advice: error.advice(forKey: "wechatpay_public_key_file", flavor: facts.flavor))
        }
        let ownKey = keys.usablePrivateKey.map { $0.matches(key) } ?? false
        let ownCertificate = keys.usableCertificate.map { $0.publicKey.spkiPEMText == key.spkiPEMText } ?? false
        if ownKey || ownCertificate {
            return .failure(.publicKey, "\(file) is the public half of your own \(facts.flavor.privateKeyName), not WeChat Pay's public key",
                            advice: "download pub_key.pem from 商户平台 → 账户中心 → API安全 → 微信支付公钥")
        }
        if key.bits < 2048 {
            return .warning(.publicKey, "\(file): RSA \(key.bits)-bit public key; WeChat Pay's is RSA-2048",
                            advice: "download pub_key.pem again from 商户平台 → 账户中心 → API安全 → 微信支付公钥")
        }
        return .ok(.publicKey, "\(file): RSA \(key.bits)-bit public key (not your own)")
    }

    /// An id shown in a message: at most 64 characters.
    static func shown(_ id: String) -> String { id.count > 64 ? String(id.prefix(64)) + "…" : id }
}

extension RSAPublicKey {
    /// The key's SPKI PEM text, for comparing two keys (nil when it cannot be written).
    var spkiPEMText: String? { (try? spkiPEM()).map { String(decoding: $0, as: UTF8.self) } }
}

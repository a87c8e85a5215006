import CouponDeskText
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
            return .skipped(.publicKeyID, Words(.noPublicKeyID))
        }
        let fix = Words(.copyPublicKeyID)
        let body = id.dropFirst(prefix.count)
        if id.hasPrefix(prefix) {
            if !body.isEmpty && body.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                return .ok(.publicKeyID, Words(.publicKeyIDForm, ["id": v(id)]))
            }
            return .warning(.publicKeyID, Words(.publicKeyIDDigits, ["id": v(shown(id))]), advice: fix)
        }
        let isHex = id.count >= 16 && id.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        if let serial = facts.serialNo, id.uppercased() == serial.uppercased() {
            return .failure(.publicKeyID, Words(.publicKeyIDIsSerial, ["key": v(facts.flavor.serialConfigKey)]), advice: fix)
        }
        if id.uppercased().hasPrefix(prefix) {
            return .failure(.publicKeyID, Words(.publicKeyIDCapitals, ["id": v(shown(id))]), advice: fix)
        }
        if isHex && !id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return .failure(.publicKeyID, Words(.publicKeyIDLooksHex, ["id": v(shown(id))]), advice: fix + Words(.platformBelongs))
        }
        if id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return .failure(.publicKeyID, Words(.publicKeyIDNoPrefix, ["id": v(shown(id))]),
                            advice: v("set \"wechatpay_public_key_id\": \"\(prefix)\(id)\""))
        }
        return .failure(.publicKeyID, Words(.publicKeyIDNot, ["id": v(shown(id))]), advice: fix)
    }

    /// The key file: a public key (not a certificate, not a private key), RSA-2048, and not the public
    /// half of the caller's own key (the two PEM downloads are easily swapped).
    static func key(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        if facts.keyMaterialKeys.contains("wechatpay_public_key_file") {
            return .failure(.publicKey, Words(.publicKeyInline), advice: Words(.publicKeyInlineAdvice))
        }
        guard let result = keys.publicKey, let file = facts.publicKeyFile else {
            return .skipped(.publicKey, Words(.noPublicKeyFile))
        }
        let key: RSAPublicKey
        switch result {
        case .success(let loaded): key = loaded
        case .failure(let error):
            return .failure(.publicKey, Words(.publicKeyUnusable, ["error": .rendered { Phrase(describing: error).describe($0) }]),
                            advice: error.advice(forKey: "wechatpay_public_key_file", flavor: facts.flavor))
        }
        let ownKey = keys.usablePrivateKey.map { $0.matches(key) } ?? false
        let ownCertificate = keys.usableCertificate.map { $0.publicKey.spkiPEMText == key.spkiPEMText } ?? false
        if ownKey || ownCertificate {
            return .failure(.publicKey, Words(.publicKeyIsOwn, ["file": v(file), "key": privateKeyName(facts.flavor)]),
                            advice: Words(.downloadPublicKey))
        }
        if key.bits < 2048 {
            return .warning(.publicKey, Words(.publicKeyShort, ["file": v(file), "bits": v(key.bits)]), advice: Words(.downloadPublicKeyAgain))
        }
        return .ok(.publicKey, Words(.publicKeyBits, ["file": v(file), "bits": v(key.bits)]))
    }

    /// An id shown in a message: at most 64 characters.
    static func shown(_ id: String) -> String { id.count > 64 ? String(id.prefix(64)) + "…" : id }
}

extension RSAPublicKey {
    /// The key's SPKI PEM text, for comparing two keys (nil when it cannot be written).
    var spkiPEMText: String? { (try? spkiPEM()).map { String(decoding: $0, as: UTF8.self) } }
}

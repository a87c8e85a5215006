import CouponDeskText
import Foundation
import WeChatPayCore

/// The key and certificate files a config names, each read once for every check that needs it. nil
/// where the config names no such file.
struct LoadedKeys: Sendable {
    let privateKey: Result<RSAPrivateKey, KeyError>?
    /// The caller's API certificate (`merchant_certificate_file` / `brand_certificate_file`).
    let certificate: Result<PlatformCertificate, KeyError>?
    let publicKey: Result<RSAPublicKey, KeyError>?
    let platformCertificates: [(file: String, result: Result<PlatformCertificate, KeyError>)]

    init(_ facts: ConfigFacts) {
        privateKey = facts.privateKeyFile.map { file in Self.load { try RSAPrivateKey(file: file) } }
        certificate = facts.certificateFile.map { file in Self.load { try PlatformCertificate(file: file) } }
        publicKey = facts.publicKeyFile.map { file in Self.load { try RSAPublicKey(file: file) } }
        platformCertificates = facts.platformCertificateFiles.map { file in (file, Self.load { try PlatformCertificate(file: file) }) }
    }

    private static func load<T>(_ body: () throws -> T) -> Result<T, KeyError> {
        do { return .success(try body()) } catch {
            return .failure((error as? KeyError) ?? .openssl(String(describing: error)))
        }
    }

    /// The private key, when it loaded.
    var usablePrivateKey: RSAPrivateKey? { try? privateKey?.get() }
    var usableCertificate: PlatformCertificate? { try? certificate?.get() }
    var usablePublicKey: RSAPublicKey? { try? publicKey?.get() }
}

extension KeyError {
    /// What to do about a key or certificate file that did not load, for the file named by `key`.
    func advice(forKey key: String, flavor: APIFlavor) -> Words {
        switch self {
        case .missing:
            return Words(.keyFileMissing, ["key": v(key)])
        case .unreadable:
            return Words(.keyFileUnreadable)
        case .notPEM:
            return Words(.keyFileNotPEM, ["key": v(key)])
        case .wrongKind(_, let found, _):
            switch key {
            case "private_key_file":
                return Words(.holdsNotPrivateKey, ["found": v(found), "key": privateKeyName(flavor)])
            case "wechatpay_public_key_file":
                return Words(.holdsNotPublicKey, ["found": v(found)])
            default:
                return Words(.holdsNotCertificate, ["found": v(found), "key": v(key)])
            }
        case .notRSA2048:
            return Words(.notRSA2048)
        case .mismatchedPair:
            return Words(.mismatchedPair)
        case .openssl:
            return Words(.opensslFailed, ["key": v(key)])
        }
    }
}

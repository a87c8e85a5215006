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
    func advice(forKey key: String, flavor: APIFlavor) -> String {
        switch self {
        case .missing:
            return "check \(key): a relative path is relative to the config file's folder"
        case .unreadable:
            return "make the file readable by the user who runs coupondesk (for a private key: owned by that user, chmod 600)"
        case .notPEM:
            return "\(key) must be a PEM file (text that begins -----BEGIN ...-----), as downloaded; not the .p12 bundle or a pasted fragment"
        case .wrongKind(_, let found, _):
            switch key {
            case "private_key_file":
                return "this file holds \(found): private_key_file is the \(flavor.privateKeyName) (apiclient_key.pem, BEGIN PRIVATE KEY)"
            case "wechatpay_public_key_file":
                return "this file holds \(found): wechatpay_public_key_file is the WeChat Pay public key (pub_key.pem, BEGIN PUBLIC KEY) from 商户平台 → 账户中心 → API安全 → 微信支付公钥"
            default:
                return "this file holds \(found): \(key) is an X.509 certificate (BEGIN CERTIFICATE)"
            }
        case .notRSA2048:
            return "WeChat Pay's API keys are RSA-2048: use the file WeChat Pay's certificate tool or merchant platform produced"
        case .mismatchedPair:
            return "use the private key that belongs to the certificate"
        case .openssl:
            return "check that \(key) is the file downloaded from WeChat Pay, unchanged"
        }
    }
}

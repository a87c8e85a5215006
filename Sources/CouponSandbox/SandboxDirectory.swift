import Foundation
import WeChatPayCore

/// The files of a sandbox directory, as `sandbox init` creates them.
public struct SandboxDirectory: Sendable {
    public static let configurationFile = "sandbox.json"
    public static let clientConfigFile = "config.json"
    /// The brand-direct client config (PROTOCOL §7), beside the partner's config.json.
    public static let brandClientConfigFile = "config-brand.json"
    public static let merchantPrivateKeyFile = "merchant_private_key.pem"
    public static let merchantPublicKeyFile = "merchant_public_key.pem"
    public static let wechatpayPrivateKeyFile = "wechatpay_private_key.pem"
    public static let wechatpayPublicKeyFile = "wechatpay_public_key.pem"
    public static let brandPrivateKeyFile = "brand_private_key.pem"
    public static let brandPublicKeyFile = "brand_public_key.pem"
    public static let stateFile = "state.json"
    /// The client's history for this sandbox, kept apart from the live history.
    public static let historyFile = "history.jsonl"

    public let path: String

    public init(path: String) {
        self.path = (path as NSString).standardizingPath
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    public var configurationPath: String { file(Self.configurationFile) }
    public var clientConfigPath: String { file(Self.clientConfigFile) }
    public var brandClientConfigPath: String { file(Self.brandClientConfigFile) }
    public var statePath: String { file(Self.stateFile) }
    public var historyPath: String { file(Self.historyFile) }

    public var exists: Bool { FileManager.default.fileExists(atPath: configurationPath) }

    /// Creates a sandbox in `path` (made if missing): fresh RSA-2048 key pairs for the merchant, the
    /// brand (brand-direct) and "WeChat Pay", `sandbox.json`, and two client configs that work as is:
    /// `config.json` (partner) and `config-brand.json` (brand-direct).
    ///
    /// - Parameters:
    ///   - keys: the merchant and "WeChat Pay" private keys to use instead of fresh ones (tests reuse
    ///     one pair to save the key generation time).
    ///   - brandKey: the brand API private key to use instead of a fresh one (tests).
    ///   - customise: adjusts the demo configuration before it is written (tests shorten delays,
    ///     shrink budgets, ...).
    @discardableResult
    public static func create(at path: String, baseURL: String = "http://127.0.0.1:0",
                              timeoutSeconds: Double = 5,
                              keys: (merchant: RSAPrivateKey, wechatpay: RSAPrivateKey)? = nil,
                              brandKey: RSAPrivateKey? = nil,
                              customise: (inout SandboxConfiguration) -> Void = { _ in }) throws -> SandboxDirectory {
        let directory = SandboxDirectory(path: path)
        if directory.exists { throw SandboxError.alreadyInitialised(directory.path) }
        do {
            try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw SandboxError.io(directory.path, "cannot create directory (\((error as NSError).localizedDescription))")
        }
        let merchantKey = try keys?.merchant ?? RSAPrivateKey.generate()
        let wechatpayKey = try keys?.wechatpay ?? RSAPrivateKey.generate()
        try AtomicFile.write(try merchantKey.pkcs8PEM(), to: directory.file(merchantPrivateKeyFile), mode: 0o600)
        try AtomicFile.write(try merchantKey.publicKey.spkiPEM(), to: directory.file(merchantPublicKeyFile))
        try AtomicFile.write(try wechatpayKey.pkcs8PEM(), to: directory.file(wechatpayPrivateKeyFile), mode: 0o600)
        try AtomicFile.write(try wechatpayKey.publicKey.spkiPEM(), to: directory.file(wechatpayPublicKeyFile))
        try directory.writeBrandKeys(try brandKey ?? RSAPrivateKey.generate())

        var configuration = DemoData.configuration(merchantSerialNo: randomSerialNo(),
                                                   wechatpayPublicKeyID: randomPublicKeyID(mchid: DemoData.mchid))
        configuration.brandSerialNo = randomSerialNo()
        customise(&configuration)
        let problems = configuration.problems()
        if !problems.isEmpty { throw SandboxError.invalidFile(directory.configurationPath, problems.joined(separator: "; ")) }
        try AtomicFile.write(try configuration.encoded(), to: directory.configurationPath)
        try directory.writeClientConfig(configuration: configuration, baseURL: baseURL, timeoutSeconds: timeoutSeconds)
        try directory.writeBrandClientConfig(configuration: configuration, baseURL: baseURL, timeoutSeconds: timeoutSeconds)
        return directory
    }

    /// The client `config.json` (DESIGN §3). Paths are relative to the config file, so the directory
    /// can be moved.
    func writeClientConfig(configuration: SandboxConfiguration, baseURL: String, timeoutSeconds: Double) throws {
        let firstBrand = configuration.brands.first
        let firstCoupon = firstBrand?.productCoupons.first
        let config: [String: Any] = [
            "base_url": baseURL,
            "mchid": configuration.mchid,
            "merchant_serial_no": configuration.merchantSerialNo,
            "private_key_file": Self.merchantPrivateKeyFile,
            "wechatpay_public_key_id": configuration.wechatpayPublicKeyID,
            "wechatpay_public_key_file": Self.wechatpayPublicKeyFile,
            "timeout_seconds": timeoutSeconds,
            "history_file": Self.historyFile,
            "defaults": [
                "brand_id": firstBrand?.brandID ?? "",
                "appid": firstBrand?.appids.first ?? "",
                "product_coupon_id": firstCoupon?.productCouponID ?? "",
                "stock_id": firstCoupon?.stocks.first?.stockID ?? "",
            ],
        ]
        try writeJSON(config, to: clientConfigPath)
    }

    /// Points the client configs (partner and brand-direct) at a running listener, keeping every other
    /// key as it is.
    public func setClientBaseURL(_ baseURL: String) throws {
        var paths = [clientConfigPath]
        if FileManager.default.fileExists(atPath: brandClientConfigPath) { paths.append(brandClientConfigPath) }
        for path in paths {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw SandboxError.io(path, "cannot read (\((error as NSError).localizedDescription))")
            }
            guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw SandboxError.invalidFile(path, "not a JSON object")
            }
            object["base_url"] = baseURL
            try writeJSON(object, to: path)
        }
    }

    func writeJSON(_ object: [String: Any], to path: String) throws {
        var data = try JSONSerialization.data(withJSONObject: object,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        try AtomicFile.write(data, to: path)
    }

    public func loadConfiguration() throws -> SandboxConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: configurationPath)) } catch {
            throw SandboxError.io(configurationPath, "cannot read (run `coupondesk sandbox init \(path)` first)")
        }
        return try SandboxConfiguration.decode(data, source: configurationPath)
    }

    /// The keys the sandbox itself holds: the merchant's and the brand's public keys (to verify
    /// requests) and "WeChat Pay"'s private key (to sign responses). A sandbox made before the brand
    /// flavor has no brand key.
    public func loadServerKeys() throws -> SandboxKeys {
        let brandKeyPath = file(Self.brandPublicKeyFile)
        return SandboxKeys(merchantPublicKey: try RSAPublicKey(file: file(Self.merchantPublicKeyFile)),
                           wechatpayPrivateKey: try RSAPrivateKey(file: file(Self.wechatpayPrivateKeyFile)),
                           brandPublicKey: FileManager.default.fileExists(atPath: brandKeyPath) ? try RSAPublicKey(file: brandKeyPath) : nil)
    }

    /// An uppercase-hex certificate serial like the real ones (40 hex digits).
    static func randomSerialNo() -> String {
        SecureRandom.bytes(20).map { String(format: "%02X", $0) }.joined()
    }

    /// `PUB_KEY_ID_` followed by digits, as the real key ids look.
    static func randomPublicKeyID(mchid: String) -> String {
        let digits = SecureRandom.bytes(8).map { String($0 % 10) }.joined()
        return "PUB_KEY_ID_01" + mchid + "2026" + digits
    }
}

/// The keys a sandbox engine needs.
public struct SandboxKeys: Sendable {
    public let merchantPublicKey: RSAPublicKey
    public let wechatpayPrivateKey: RSAPrivateKey
    /// Verifies brand-direct requests; nil when the sandbox has no brand-direct caller.
    public let brandPublicKey: RSAPublicKey?

    public init(merchantPublicKey: RSAPublicKey, wechatpayPrivateKey: RSAPrivateKey, brandPublicKey: RSAPublicKey? = nil) {
        self.merchantPublicKey = merchantPublicKey; self.wechatpayPrivateKey = wechatpayPrivateKey
        self.brandPublicKey = brandPublicKey
    }

    /// The public key that verifies a request of `flavor`.
    public func callerPublicKey(_ flavor: APIFlavor) -> RSAPublicKey? {
        switch flavor {
        case .partner: return merchantPublicKey
        case .brand: return brandPublicKey
        }
    }
}

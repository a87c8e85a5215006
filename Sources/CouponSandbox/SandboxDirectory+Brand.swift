import Foundation
import WeChatPayCore

/// The brand-direct half of a sandbox directory (PROTOCOL §7): the brand API key pair and a ready
/// brand-direct client config, `config-brand.json`, beside the partner's `config.json`.
extension SandboxDirectory {
    /// The client config of `flavor`: config.json (partner) or config-brand.json (brand-direct).
    public func clientConfigPath(flavor: APIFlavor) -> String {
        switch flavor {
        case .partner: return clientConfigPath
        case .brand: return brandClientConfigPath
        }
    }

    /// True when the directory can serve and send brand-direct requests.
    public var hasBrandDirect: Bool {
        FileManager.default.fileExists(atPath: file(Self.brandPublicKeyFile))
            && FileManager.default.fileExists(atPath: brandClientConfigPath)
            && ((try? loadConfiguration())?.brandSerialNo != nil)
    }

    func writeBrandKeys(_ key: RSAPrivateKey) throws {
        try AtomicFile.write(try key.pkcs8PEM(), to: file(Self.brandPrivateKeyFile), mode: 0o600)
        try AtomicFile.write(try key.publicKey.spkiPEM(), to: file(Self.brandPublicKeyFile))
    }

    /// `config-brand.json`: the first brand of sandbox.json as the caller, the brand key, the WeChat Pay
    /// public key (the only way brand-direct verifies), and the same history as `config.json` — the
    /// sandbox's stocks are the same stocks whichever door a send comes through, and the history shows
    /// the flavor of each send.
    func writeBrandClientConfig(configuration: SandboxConfiguration, baseURL: String, timeoutSeconds: Double) throws {
        guard let brandSerialNo = configuration.brandSerialNo, let brand = configuration.brands.first else { return }
        let coupon = brand.productCoupons.first
        let config: [String: Any] = [
            "base_url": baseURL,
            "flavor": APIFlavor.brand.rawValue,
            "brand_id": brand.brandID,
            "brand_serial_no": brandSerialNo,
            "private_key_file": Self.brandPrivateKeyFile,
            "wechatpay_public_key_id": configuration.wechatpayPublicKeyID,
            "wechatpay_public_key_file": Self.wechatpayPublicKeyFile,
            "timeout_seconds": timeoutSeconds,
            "history_file": Self.historyFile,
            "defaults": [
                "appid": brand.appids.first ?? "",
                "product_coupon_id": coupon?.productCouponID ?? "",
                "stock_id": coupon?.stocks.first?.stockID ?? "",
            ],
        ]
        try writeJSON(config, to: brandClientConfigPath)
    }

    /// Adds the brand-direct caller to a sandbox made before the brand flavor existed: a brand key pair,
    /// `brand_serial_no` in sandbox.json, and `config-brand.json` (base URL and timeout copied from
    /// config.json). Returns false when there was nothing to add. Runs under the state lock, so two
    /// processes upgrading at once agree on one key.
    @discardableResult
    public func addBrandDirectIfMissing() throws -> Bool {
        if hasBrandDirect { return false }
        let lock: StateFileLock
        do { lock = try StateFileLock(statePath: statePath) } catch {
            throw SandboxError.io(statePath + ".lock", "cannot lock the sandbox to add the brand-direct caller")
        }
        defer { lock.unlock() }
        if hasBrandDirect { return false }
        var configuration = try loadConfiguration()
        if !FileManager.default.fileExists(atPath: file(Self.brandPublicKeyFile)) || configuration.brandSerialNo == nil {
            try writeBrandKeys(try RSAPrivateKey.generate())
            configuration.brandSerialNo = Self.randomSerialNo()
            try AtomicFile.write(try configuration.encoded(), to: configurationPath)
        }
        let partner = ((try? Data(contentsOf: URL(fileURLWithPath: clientConfigPath)))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
        try writeBrandClientConfig(configuration: configuration,
                                   baseURL: partner["base_url"] as? String ?? "http://127.0.0.1:0",
                                   timeoutSeconds: (partner["timeout_seconds"] as? NSNumber)?.doubleValue ?? 5)
        return true
    }
}

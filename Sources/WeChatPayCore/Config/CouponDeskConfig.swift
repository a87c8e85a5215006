import CouponDeskText
import Foundation

/// The config file of DESIGN §3, parsed and checked. Paths in it are resolved against the config
/// file's folder (and `~/` against $HOME) when loaded, so every path held here is absolute.
///
/// Two flavors (PROTOCOL §7), chosen by `flavor`: `partner` (the default; `mchid`,
/// `merchant_serial_no`) or `brand` (brand-direct; `brand_id`, `brand_serial_no`, and the WeChat Pay
/// public key, which is then the only way responses are verified). Each flavor's keys are refused in
/// the other's config, with a message that says which flavor they belong to.
///
/// Beyond DESIGN §3 there is one optional key per flavor, `merchant_certificate_file` /
/// `brand_certificate_file` (the caller's API certificate, apiclient_cert.pem): when given, the private
/// key is checked against it and the serial against its serial before anything is sent — a wrong
/// serial or key is the most common cause of 401 SIGN_ERROR.
public struct CouponDeskConfig: Sendable, Equatable {
    public static let defaultBaseURL = URL(string: "https://api.mch.weixin.qq.com")!
    public static let defaultTimeoutSeconds = 10.0

    /// Values that pre-fill the console's form.
    public struct Defaults: Sendable, Equatable {
        public var brandID: String?
        public var appid: String?
        public var productCouponID: String?
        public var stockID: String?
        public init(brandID: String? = nil, appid: String? = nil, productCouponID: String? = nil, stockID: String? = nil) {
            self.brandID = brandID; self.appid = appid; self.productCouponID = productCouponID; self.stockID = stockID
        }
    }

    /// The file this came from (absolute).
    public var file: String
    public var baseURL: URL
    /// Partner (服务商) or brand-direct (品牌直连).
    public var flavor: APIFlavor
    /// The caller: the partner's `mchid`, or the brand's `brand_id`.
    public var callerID: String
    /// The caller's API certificate serial (`merchant_serial_no` / `brand_serial_no`), uppercase hex.
    public var serialNo: String
    public var privateKeyFile: String
    /// The caller's API certificate (`merchant_certificate_file` / `brand_certificate_file`), if given.
    public var certificateFile: String?
    public var wechatpayPublicKeyID: String?
    public var wechatpayPublicKeyFile: String?
    public var platformCertificateFiles: [String]
    public var timeoutSeconds: Double
    public var `operator`: String?
    public var theme: String?
    /// The language shown to a person (`"zh-Hans"` or `"en"`); nil: the locale's (`Language.resolve`).
    public var language: Language? = nil
    public var historyFile: String?
    public var defaults: Defaults

    /// Connect timeout: the total, but at most 10 s (a healthy connect takes milliseconds).
    public var connectTimeoutSeconds: Double { min(timeoutSeconds, 10) }

    /// Every key the file may hold, in documentation order.
    public static let keys = ["base_url", "flavor", "mchid", "merchant_serial_no", "brand_id", "brand_serial_no",
                              "private_key_file", "merchant_certificate_file", "brand_certificate_file",
                              "wechatpay_public_key_id", "wechatpay_public_key_file", "platform_certificate_files",
                              "timeout_seconds", "operator", "theme", "language", "history_file", "defaults"]
    public static let defaultsKeys = ["brand_id", "appid", "product_coupon_id", "stock_id"]

    // MARK: Loading

    /// Reads and checks the config at `path`. Keys are not loaded here (see `makeClientConfiguration`).
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> CouponDeskConfig {
        let absolute = ConfigLocation.absolute(path, relativeTo: FileManager.default.currentDirectoryPath, environment: environment)
        guard FileManager.default.fileExists(atPath: absolute) else { throw .notFound(path: absolute) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: absolute)) } catch {
            throw .unreadable(path: absolute, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, file: absolute, environment: environment)
    }

    /// Parses config text; `file` names it in errors and anchors relative paths.
    public static func parse(_ data: Data, file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> CouponDeskConfig {
        guard String(data: data, encoding: .utf8) != nil else { throw .notJSON(path: file, detail: "not UTF-8 text") }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw .notJSON(path: file, detail: Self.jsonErrorDetail(error))
        }
        guard let object = parsed as? [String: Any] else { throw .notJSON(path: file, detail: "the top level must be an object { ... }") }
        let reader = ConfigReader(file: file, object: object, prefix: "")
        try reader.rejectUnknownKeys(allowed: keys)
        let folder = (file as NSString).deletingLastPathComponent
        func path(_ value: String) -> String { ConfigLocation.absolute(value, relativeTo: folder, environment: environment) }

        let baseURL = try reader.string("base_url").map { text throws(ConfigError) in try Self.checkBaseURL(text, file: file) } ?? defaultBaseURL
        let flavor = try reader.flavor()
        try reader.rejectKeysOfOtherFlavors(than: flavor)
        let callerKey = flavor.callerConfigKey, serialKey = flavor.serialConfigKey
        let callerID = try reader.requiredString(callerKey, for: flavor)
        try reader.check(callerKey, callerID, rule: "1–32 characters of 0-9 A-Z a-z _ -") { $0.count <= 32 && $0.unicodeScalars.allSatisfy(PreSendField.isCodeCharacter) }
        let serial = try reader.requiredString(serialKey, for: flavor)
        try reader.check(serialKey, serial, rule: "the \(flavor.certificateName)'s serial number in hex (e.g. 5157F09EFDC096DE15EBE81A47057A72...), not decimal") {
            $0.count <= 64 && $0.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        }
        guard let privateKeyPath = try reader.keyFilePath("private_key_file") else {
            throw .missingKey(path: file, key: "private_key_file")
        }
        let privateKeyFile = path(privateKeyPath)
        let certificateFile = try reader.keyFilePath(flavor.certificateConfigKey).map(path)
        let publicKeyID = try reader.string("wechatpay_public_key_id")
        let publicKeyFile = try reader.keyFilePath("wechatpay_public_key_file").map(path)
        let platformFiles = try reader.keyFilePaths("platform_certificate_files").map(path)
        if !flavor.acceptsPlatformCertificates {
            // Brand-direct verifies with the WeChat Pay public key only: both halves are required.
            if publicKeyID == nil { throw .missingKeyBecause(path: file, key: "wechatpay_public_key_id", reason: Self.publicKeyOnlyReason(flavor)) }
            if publicKeyFile == nil { throw .missingKeyBecause(path: file, key: "wechatpay_public_key_file", reason: Self.publicKeyOnlyReason(flavor)) }
        }
        if let publicKeyID {
            try reader.check("wechatpay_public_key_id", publicKeyID, rule: "PUB_KEY_ID_ followed by digits and letters, as shown in the merchant platform") {
                $0.hasPrefix("PUB_KEY_ID_") && $0.count <= 64 && $0.unicodeScalars.allSatisfy(PreSendField.isCodeCharacter)
            }
        }
        switch (publicKeyID, publicKeyFile) {
        case (.some, nil): throw .invalidValue(path: file, key: "wechatpay_public_key_file", reason: "required when wechatpay_public_key_id is set")
        case (nil, .some): throw .invalidValue(path: file, key: "wechatpay_public_key_id", reason: "required when wechatpay_public_key_file is set (the PUB_KEY_ID_... shown beside the key)")
        default: break
        }
        if publicKeyID == nil && platformFiles.isEmpty {
            throw .invalidValue(path: file, key: "wechatpay_public_key_id",
                                reason: "no way to verify responses: set wechatpay_public_key_id and wechatpay_public_key_file (or platform_certificate_files)")
        }
        let timeout = try reader.number("timeout_seconds") ?? defaultTimeoutSeconds
        // Below 1 s FoundationNetworking never completes an exchange in time, even an instant one on
        // loopback: every send would reach WeChat Pay and still be reported unknown.
        guard timeout >= 1, timeout <= 300 else {
            throw .invalidValue(path: file, key: "timeout_seconds", reason: "must be at least 1 and at most 300 seconds, got \(timeout)")
        }
        var defaults = Defaults()
        if let nested = try reader.object("defaults") {
            let inner = ConfigReader(file: file, object: nested, prefix: "defaults.")
            try inner.rejectUnknownKeys(allowed: defaultsKeys)
            defaults = Defaults(brandID: try inner.string("brand_id"), appid: try inner.string("appid"),
                                productCouponID: try inner.string("product_coupon_id"), stockID: try inner.string("stock_id"))
        }
        if !flavor.namesBrandInRequest {
            // The brand is the caller: the form's brand_id is brand_id, whatever defaults say.
            if let other = defaults.brandID, other != callerID {
                throw .invalidValue(path: file, key: "defaults.brand_id",
                                    reason: "in a \(flavor.displayName) config the brand is the caller (\"\(callerKey)\": \"\(callerID)\"), so sends are always for it; remove defaults.brand_id (\(other))")
            }
            defaults.brandID = callerID
        }
        return CouponDeskConfig(
            file: file, baseURL: baseURL, flavor: flavor, callerID: callerID, serialNo: serial.uppercased(),
            privateKeyFile: privateKeyFile, certificateFile: certificateFile,
            wechatpayPublicKeyID: publicKeyID, wechatpayPublicKeyFile: publicKeyFile,
            platformCertificateFiles: platformFiles, timeoutSeconds: timeout,
            operator: try reader.string("operator"), theme: try reader.string("theme"),
            language: try reader.string("language").map { text throws(ConfigError) in try Self.checkLanguage(text, file: file) },
            historyFile: try reader.string("history_file").map(path), defaults: defaults)
    }

    static func jsonErrorDetail(_ error: any Error) -> String {
        let info = (error as NSError).userInfo
        if let detail = info["NSDebugDescription"] as? String { return String(detail.prefix(200)) }
        return "not valid JSON"
    }

    /// True when a config value meant to be a file path holds key material (PEM text or its Base64
    /// body pasted in): such a value must never be repeated in a message.
    public static func looksLikeKeyMaterial(_ text: String) -> Bool { ConfigReader.looksLikeKeyMaterial(text) }

    /// `"zh-Hans"` or `"en"`, as written (a locale such as `zh_CN` belongs in LANG, not here).
    public static func checkLanguage(_ text: String, file: String) throws(ConfigError) -> Language {
        guard let language = Language(rawValue: text) else {
            throw .invalidValue(path: file, key: "language",
                                reason: "must be one of \(Language.configValues.map { "\"\($0)\"" }.joined(separator: ", ")), got \"\(text)\"")
        }
        return language
    }

    /// HTTPS only, except plain HTTP to this machine (the sandbox, a test server).
    public static func checkBaseURL(_ text: String, file: String) throws(ConfigError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .invalidValue(path: file, key: "base_url", reason: "not an absolute URL such as https://api.mch.weixin.qq.com")
        }
        guard url.query == nil, url.fragment == nil, url.user == nil, url.password == nil else {
            throw .invalidValue(path: file, key: "base_url", reason: "must be scheme://host[:port][/path], without query, fragment or credentials")
        }
        switch scheme {
        case "https": return url
        case "http":
            guard ConfigLocation.isLoopback(host: host) else {
                throw .invalidValue(path: file, key: "base_url",
                                    reason: "plain http is refused for \(host): signed requests and responses must travel over https (http is allowed only to localhost, 127.0.0.1 or ::1)")
            }
            return url
        default:
            throw .invalidValue(path: file, key: "base_url", reason: "scheme must be https, got \(scheme)")
        }
    }
}

/// Reads typed values from a JSON object, naming the key (with its `defaults.` prefix) on any error.
struct ConfigReader {
    let file: String
    let object: [String: Any]
    let prefix: String

    func rejectUnknownKeys(allowed: [String]) throws(ConfigError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw .unknownKey(path: file, key: prefix + key, suggestion: Self.nearest(key, among: allowed).map { prefix + $0 })
        }
    }

    static func nearest(_ word: String, among candidates: [String]) -> String? {
        // A truncated key ("timeout" for "timeout_seconds") is the likeliest typo of all.
        if word.count >= 3, let extended = candidates.first(where: { $0.hasPrefix(word.lowercased()) }) { return extended }
        return Spelling.nearest(word.lowercased(), among: candidates)
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .wrongType(path: file, key: prefix + key, expected: "a string") }
        guard !text.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
            throw .invalidValue(path: file, key: prefix + key, reason: "contains control characters")
        }
        return text.isEmpty ? nil : text
    }

    /// The path of a key or certificate file. A value that is the key itself (PEM text or its Base64
    /// body pasted in place of a path) is refused without being repeated: an error message must never
    /// carry key material.
    func keyFilePath(_ key: String) throws(ConfigError) -> String? {
        guard let text = try string(key) else { return nil }
        try refuseKeyMaterial(text, key: key)
        return text
    }

    func keyFilePaths(_ key: String) throws(ConfigError) -> [String] {
        let paths = try stringArray(key) ?? []
        for text in paths { try refuseKeyMaterial(text, key: key) }
        return paths
    }

    private func refuseKeyMaterial(_ text: String, key: String) throws(ConfigError) {
        guard Self.looksLikeKeyMaterial(text) else { return }
        throw .invalidValue(path: file, key: prefix + key,
                            reason: "holds key material, not a file path (not shown here); save the PEM text in a file only you can read (chmod 600) and give that file's path")
    }

    /// PEM armour, or Base64 in runs no file name has: a whole value of 256+ Base64 characters, or a
    /// `/`-separated part of 64+ characters of `[A-Za-z0-9+=]`, in mixed case (so the 64-hex-digit
    /// directory names of container layers or hashes are still paths).
    static func looksLikeKeyMaterial(_ text: String) -> Bool {
        if text.contains("-----BEGIN") || text.contains("-----END") { return true }
        func isBase64(_ s: Unicode.Scalar) -> Bool {
            (s >= "A" && s <= "Z") || (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "+" || s == "=" || s == "/"
        }
        func mixedCase<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
            scalars.contains { $0 >= "A" && $0 <= "Z" } && scalars.contains { $0 >= "a" && $0 <= "z" }
        }
        let scalars = text.unicodeScalars
        if scalars.count >= 256 && scalars.allSatisfy(isBase64) && mixedCase(scalars) { return true }
        return text.split(separator: "/").contains { part in
            part.unicodeScalars.count >= 64 && part.unicodeScalars.allSatisfy { isBase64($0) && $0 != "/" }
                && mixedCase(part.unicodeScalars)
        }
    }

    func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let text = try string(key) else { throw .missingKey(path: file, key: prefix + key) }
        return text
    }

    func number(_ key: String) throws(ConfigError) -> Double? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSONSerialization gives NSNumber for both numbers and booleans; refuse booleans.
        guard let number = value as? NSNumber, isNumeric(number), number.doubleValue.isFinite else {
            throw .wrongType(path: file, key: prefix + key, expected: "a number")
        }
        return number.doubleValue
    }

    func stringArray(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let items = value as? [Any], items.allSatisfy({ $0 is String }) else {
            throw .wrongType(path: file, key: prefix + key, expected: "a list of strings")
        }
        return items.compactMap { $0 as? String }.filter { !$0.isEmpty }
    }

    func object(_ key: String) throws(ConfigError) -> [String: Any]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let nested = value as? [String: Any] else { throw .wrongType(path: file, key: prefix + key, expected: "an object { ... }") }
        return nested
    }

    func check(_ key: String, _ value: String, rule: String, _ isValid: (String) -> Bool) throws(ConfigError) {
        guard isValid(value) else { throw .invalidValue(path: file, key: prefix + key, reason: rule) }
    }
}

/// Booleans and numbers both arrive as NSNumber from JSONSerialization; only real numbers are accepted.
func isNumeric(_ number: NSNumber) -> Bool {
    let type = String(cString: number.objCType)
    return type != "c" && type != "B"
}

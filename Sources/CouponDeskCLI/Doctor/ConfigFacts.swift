import CouponDeskText
import Foundation
import WeChatPayCore

/// The config as the doctor reads it: each key on its own, so one wrong value is reported on its own
/// line while everything else is still checked. (`CouponDeskConfig.parse`, which `send` and the
/// console use, stops at the first problem; the doctor runs it too, for the Config line.)
///
/// Paths are resolved exactly as the strict loader resolves them. A path key whose value is key
/// material pasted in place of a path is treated as absent and never repeated.
struct ConfigFacts: @unchecked Sendable {
    // @unchecked: `raw` holds JSONSerialization's immutable values, read only.
    /// The config file (absolute).
    let file: String
    /// The top-level JSON object as written.
    let raw: [String: Any]

    /// The `flavor` text when it is not one of the two flavors.
    var unknownFlavor: String?
    /// The flavor: `flavor` when it names one, else partner (the default).
    var flavor: APIFlavor = .partner
    var callerID: String?
    var serialNo: String?
    var privateKeyFile: String?
    /// The caller's API certificate (`merchant_certificate_file` / `brand_certificate_file`).
    var certificateFile: String?
    var publicKeyID: String?
    var publicKeyFile: String?
    var platformCertificateFiles: [String] = []
    /// nil when `base_url` is not a usable URL (the Config line says why).
    var baseURL: URL?
    var timeoutSeconds = CouponDeskConfig.defaultTimeoutSeconds
    var historyFile: String?
    var defaults = CouponDeskConfig.Defaults()
    /// Path keys that hold key material instead of a path.
    var keyMaterialKeys: [String] = []

    init(file: String, raw: [String: Any], environment: [String: String]) {
        self.file = file
        self.raw = raw
        let folder = (file as NSString).deletingLastPathComponent
        func text(_ key: String, in object: [String: Any]? = nil) -> String? {
            guard let value = (object ?? raw)[key] as? String, !value.isEmpty else { return nil }
            return value
        }
        var keyMaterial: [String] = []
        func path(_ key: String) -> String? {
            guard let value = text(key) else { return nil }
            if CouponDeskConfig.looksLikeKeyMaterial(value) { keyMaterial.append(key); return nil }
            return ConfigLocation.absolute(value, relativeTo: folder, environment: environment)
        }
        if let named = text("flavor") {
            if let flavor = APIFlavor(rawValue: named) { self.flavor = flavor } else { unknownFlavor = named }
        }
        callerID = text(flavor.callerConfigKey)
        serialNo = text(flavor.serialConfigKey)
        privateKeyFile = path("private_key_file")
        certificateFile = path(flavor.certificateConfigKey)
        publicKeyID = text("wechatpay_public_key_id")
        publicKeyFile = path("wechatpay_public_key_file")
        platformCertificateFiles = ((raw["platform_certificate_files"] as? [Any]) ?? []).compactMap { item in
            guard let value = item as? String, !value.isEmpty else { return nil }
            if CouponDeskConfig.looksLikeKeyMaterial(value) { keyMaterial.append("platform_certificate_files"); return nil }
            return ConfigLocation.absolute(value, relativeTo: folder, environment: environment)
        }
        if let base = text("base_url") {
            baseURL = try? CouponDeskConfig.checkBaseURL(base, file: file)
        } else {
            baseURL = CouponDeskConfig.defaultBaseURL
        }
        if let number = raw["timeout_seconds"] as? NSNumber, number.doubleValue >= 1, number.doubleValue <= 300 {
            timeoutSeconds = number.doubleValue
        }
        historyFile = text("history_file").map { ConfigLocation.absolute($0, relativeTo: folder, environment: environment) }
        let nested = raw["defaults"] as? [String: Any]
        defaults = CouponDeskConfig.Defaults(brandID: text("brand_id", in: nested ?? [:]), appid: text("appid", in: nested ?? [:]),
                                             productCouponID: text("product_coupon_id", in: nested ?? [:]),
                                             stockID: text("stock_id", in: nested ?? [:]))
        // Brand-direct: the brand is the caller (as the strict loader decides).
        if !flavor.namesBrandInRequest { defaults.brandID = callerID }
        keyMaterialKeys = keyMaterial
    }

    /// The connect timeout the client would use.
    var connectTimeoutSeconds: Double { min(timeoutSeconds, 10) }
}

/// What `coupondesk doctor` examines: the config file found the usual way (`--config`, else
/// `$COUPONDESK_CONFIG`, else the XDG default), read tolerantly and strictly.
struct DoctorSubject: @unchecked Sendable {
    // @unchecked: see ConfigFacts.
    let facts: ConfigFacts
    /// What `send` and the console make of the file: the config, or why they refuse it.
    let strict: Result<CouponDeskConfig, ConfigError>

    var file: String { facts.file }

    /// Why there is nothing to examine: the file is missing, cannot be read, or is not a JSON object.
    /// These alone make the doctor exit 78.
    struct Unusable: Error {
        let error: ConfigError
    }

    static func load(explicit: String?, environment: [String: String]) -> Result<DoctorSubject, Unusable> {
        let path: String
        do {
            guard let found = try ConfigLocation.configPath(explicit: explicit, environment: environment) else {
                return .failure(Unusable(error: .noConfig(searched: [ConfigLocation.defaultConfigPath(environment: environment)])))
            }
            path = found
        } catch {
            return .failure(Unusable(error: error))
        }
        return load(path: path, environment: environment)
    }

    static func load(path: String, environment: [String: String]) -> Result<DoctorSubject, Unusable> {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = (error as NSError).localizedDescription
            return .failure(Unusable(error: FileManager.default.fileExists(atPath: path) ? .unreadable(path: path, reason: reason) : .notFound(path: path)))
        }
        let strict = Result { () throws(ConfigError) -> CouponDeskConfig in try CouponDeskConfig.parse(data, file: path, environment: environment) }
        if case .failure(let error) = strict, case .notJSON = error { return .failure(Unusable(error: error)) }
        guard let raw = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return .failure(Unusable(error: .notJSON(path: path, detail: "the top level must be an object { ... }")))
        }
        return .success(DoctorSubject(facts: ConfigFacts(file: path, raw: raw, environment: environment), strict: strict))
    }
}

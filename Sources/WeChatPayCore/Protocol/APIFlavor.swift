import CouponDeskText
import Foundation

/// Which of WeChat Pay's two doors to the product-coupon API a caller uses (PROTOCOL §7): a service
/// provider (服务商) acting for a brand, or the brand itself connecting directly (品牌直连).
///
/// Everything that differs between the two lives here — path prefix, Authorization scheme, the field
/// that names the caller, the body's fields, which keys may verify a response, the config keys — so the
/// signer, the request builder, the verifier, the config loader and the sandbox ask this type instead
/// of testing the flavor themselves. Signing is the same five-line message for both (PROTOCOL §2).
public enum APIFlavor: String, CaseIterable, Sendable, Codable {
    /// 服务商: `/v3/marketing/partner/...`, `WECHATPAY2-SHA256-RSA2048 mchid="..."`.
    case partner
    /// 品牌直连: `/brand/marketing/...`, `WECHATPAY-BRAND-SHA256-RSA2048 brand_id="..."`.
    case brand

    /// The product-coupon API's path prefix (PROTOCOL §7, §8), without a trailing slash. Note that the
    /// brand prefix has no `/v3`.
    public var productCouponPathPrefix: String {
        switch self {
        case .partner: return "/v3/marketing/partner/product-coupon"
        case .brand: return "/brand/marketing/product-coupon"
        }
    }

    /// The Authorization scheme word.
    public var authorizationScheme: String {
        switch self {
        case .partner: return "WECHATPAY2-SHA256-RSA2048"
        case .brand: return "WECHATPAY-BRAND-SHA256-RSA2048"
        }
    }

    /// The Authorization parameter that names the caller: the partner's mchid, or the brand's brand_id.
    public var callerField: String {
        switch self {
        case .partner: return "mchid"
        case .brand: return "brand_id"
        }
    }

    /// Whether request bodies (and a look-up's query) name the brand with `brand_id`. A partner acts for
    /// a brand and must say which; for brand-direct the brand is the caller and the field is absent.
    public var namesBrandInRequest: Bool { self == .partner }

    /// Whether responses may be verified with platform certificates. Brand-direct verifies with the
    /// WeChat Pay public key only (PROTOCOL §7).
    public var acceptsPlatformCertificates: Bool { self == .partner }

    /// Whether every request must carry `Wechatpay-Serial: PUB_KEY_ID_...`. Brand-direct requires it
    /// (WeChat Pay checks the key belongs to the brand); a partner sends it when public-key mode is on.
    public var requiresWechatpaySerial: Bool { self == .brand }

    /// `Wechatpay-Signature-Type` values a response may carry. WeChat Pay signs its answers
    /// WECHATPAY2-SHA256-RSA2048; messages to brands have also been seen typed with the brand scheme,
    /// which names the same SHA256-RSA2048 algorithm, so the brand flavor accepts both.
    public var responseSignatureTypes: Set<String> {
        switch self {
        case .partner: return [APIFlavor.partner.authorizationScheme]
        case .brand: return [APIFlavor.partner.authorizationScheme, APIFlavor.brand.authorizationScheme]
        }
    }

    /// The Request-ID numeric code for an openid that cannot be parsed (PROTOCOL §7).
    public var unparsableOpenidCode: Int {
        switch self {
        case .partner: return 268578526
        case .brand: return 268578532
        }
    }

    // MARK: Config keys (DESIGN §3)

    /// The config key holding the caller's id.
    public var callerConfigKey: String { callerField }

    /// The config key holding the caller's API certificate serial.
    public var serialConfigKey: String {
        switch self {
        case .partner: return "merchant_serial_no"
        case .brand: return "brand_serial_no"
        }
    }

    /// The optional config key naming the caller's API certificate (checked against key and serial).
    public var certificateConfigKey: String {
        switch self {
        case .partner: return "merchant_certificate_file"
        case .brand: return "brand_certificate_file"
        }
    }

    /// Config keys only this flavor may hold.
    public var ownConfigKeys: [String] {
        switch self {
        case .partner: return [callerConfigKey, serialConfigKey, certificateConfigKey, "platform_certificate_files"]
        case .brand: return [callerConfigKey, serialConfigKey, certificateConfigKey]
        }
    }

    /// The certificate the caller's key belongs to, in words.
    public var certificateName: String {
        switch self {
        case .partner: return "merchant API certificate (商户API证书)"
        case .brand: return "brand API certificate (品牌API证书)"
        }
    }

    /// The caller's private key, in words.
    public var privateKeyName: String {
        switch self {
        case .partner: return "merchant private key"
        case .brand: return "brand API private key"
        }
    }

    // MARK: Words for people

    /// `partner` / `brand-direct`.
    public var displayName: String { Texts.english.flavor(rawValue) }

    /// 服务商 / 品牌直连, as WeChat Pay's documents name the two.
    public var chineseName: String {
        switch self {
        case .partner: return "服务商"
        case .brand: return "品牌直连"
        }
    }

    /// 商户 / 品牌: whose API certificate signs (商户API证书 / 品牌API证书).
    public var certificateOwnerChineseName: String {
        switch self {
        case .partner: return "商户"
        case .brand: return "品牌"
        }
    }

    /// `mchid 1900000001` / `brand 120344`: who is calling, as the title line and messages say it.
    public func callerLabel(_ callerID: String) -> String { Texts.english.caller(flavor: rawValue, id: callerID) }

    /// The flavor whose Authorization scheme is `scheme`, if any.
    public init?(authorizationScheme scheme: String) {
        guard let flavor = APIFlavor.allCases.first(where: { $0.authorizationScheme == scheme }) else { return nil }
        self = flavor
    }
}

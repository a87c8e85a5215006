import Foundation
import Testing
@testable import WeChatPayCore

/// `"flavor": "brand"` configs (DESIGN §3, PROTOCOL §7) and the errors that teach which keys belong
/// to which flavor.
@Suite struct BrandConfigTests {
    typealias Setup = ConfigTests.Setup

    static let brandKeys: [(String, String)] = [
        ("flavor", #""brand""#), ("brand_id", #""120344""#), ("brand_serial_no", #""6b0f3a0c9d2e""#),
        ("private_key_file", #""keys/apiclient_key.pem""#),
        ("wechatpay_public_key_id", "\"\(Fixture.publicKeyID)\""), ("wechatpay_public_key_file", #""keys/pub_key.pem""#),
    ]

    /// A complete brand-direct config, minus `without`, plus `extra` (`, "key": value` text).
    static func brandConfig(without: String? = nil, extra: String = "") -> String {
        "{" + brandKeys.filter { $0.0 != without }.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + extra + "}"
    }

    static func failure(_ text: String, setup: Setup) -> ConfigError? {
        do { _ = try setup.load(text); return nil } catch { return error }
    }

    @Test func brandConfigLoadsWithTheBrandAsCallerAndAsTheFormsBrand() throws {
        let setup = try Setup()
        let config = try setup.load(Self.brandConfig(extra: #", "defaults": {"appid": "wx1"}"#))
        #expect(config.flavor == .brand)
        #expect(config.callerID == "120344")
        #expect(config.serialNo == "6B0F3A0C9D2E")
        #expect(config.defaults.brandID == "120344")
        let client = try config.makeClientConfiguration()
        #expect(client.flavor == .brand && client.callerID == "120344")
        #expect(client.signer.serialNo == "6B0F3A0C9D2E")
        #expect(client.wechatpayPublicKeyID == Fixture.publicKeyID)
    }

    @Test func aConfigWithoutFlavorIsPartner() throws {
        let setup = try Setup()
        #expect(try setup.load(setup.config()).flavor == .partner)
        #expect(try setup.load(setup.config(#", "flavor": "partner""#)).flavor == .partner)
    }

    @Test func flavorMustBePartnerOrBrand() throws {
        let setup = try Setup()
        let error = try #require(Self.failure(setup.config(#", "flavor": "brand-direct""#), setup: setup))
        guard case .invalidValue(_, "flavor", let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains(#""partner""#) && reason.contains(#""brand""#))
    }

    @Test(arguments: [("mchid", #""1900000001""#, "brand_id"), ("merchant_serial_no", #""5157F09E""#, "brand_serial_no"),
                      ("merchant_certificate_file", #""keys/cert.pem""#, "brand_certificate_file")])
    func aPartnerKeyInABrandConfigSaysItBelongsToThePartnerFlavor(_ key: String, _ value: String, _ counterpart: String) throws {
        let setup = try Setup()
        let error = try #require(Self.failure(Self.brandConfig(extra: ", \"\(key)\": \(value)"), setup: setup))
        guard case .invalidValue(_, let named, let reason) = error else { Issue.record("\(error)"); return }
        #expect(named == key)
        #expect(reason.contains("belongs to the partner flavor"))
        #expect(reason.contains("\"\(counterpart)\""))
    }

    @Test(arguments: [("brand_id", #""120344""#, "mchid"), ("brand_serial_no", #""6B0F3A0C""#, "merchant_serial_no"),
                      ("brand_certificate_file", #""keys/cert.pem""#, "merchant_certificate_file")])
    func aBrandKeyInAPartnerConfigSaysItBelongsToTheBrandDirectFlavor(_ key: String, _ value: String, _ counterpart: String) throws {
        let setup = try Setup()
        let error = try #require(Self.failure(setup.config(", \"\(key)\": \(value)"), setup: setup))
        guard case .invalidValue(_, let named, let reason) = error else { Issue.record("\(error)"); return }
        #expect(named == key)
        #expect(reason.contains("belongs to the brand-direct flavor"))
        #expect(reason.contains(#""flavor": "brand""#))
        #expect(reason.contains("\"\(counterpart)\""))
    }

    @Test func platformCertificatesInABrandConfigSayBrandDirectVerifiesWithThePublicKeyOnly() throws {
        let setup = try Setup()
        let error = try #require(Self.failure(Self.brandConfig(extra: #", "platform_certificate_files": ["keys/wechatpay.pem"]"#), setup: setup))
        guard case .invalidValue(_, "platform_certificate_files", let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("public key only"))
        #expect(reason.contains("wechatpay_public_key_id"))
    }

    @Test(arguments: ["brand_id", "brand_serial_no", "private_key_file", "wechatpay_public_key_id", "wechatpay_public_key_file"])
    func aMissingBrandKeyIsNamed(_ key: String) throws {
        let setup = try Setup()
        let error = try #require(Self.failure(Self.brandConfig(without: key), setup: setup))
        switch error {
        case .missingKey(_, let named), .missingKeyBecause(_, let named, _): #expect(named == key)
        default: Issue.record("\(error)")
        }
        #expect(error.description.contains("\"\(key)\""))
    }

    @Test func defaultsNamingAnotherBrandAreRefusedInABrandConfig() throws {
        let setup = try Setup()
        let error = try #require(Self.failure(Self.brandConfig(extra: #", "defaults": {"brand_id": "999"}"#), setup: setup))
        guard case .invalidValue(_, "defaults.brand_id", let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.contains("caller"))
        #expect(try setup.load(Self.brandConfig(extra: #", "defaults": {"brand_id": "120344"}"#)).defaults.brandID == "120344")
    }

    @Test func brandCertificateWithAnotherSerialIsCaught() throws {
        let setup = try Setup()
        let certificate = setup.folder.file("keys/brand_cert.pem")
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", setup.folder.file("keys/apiclient_key.pem"),
                                                        "-out", certificate, "-days", "1", "-subj", "/CN=brand", "-set_serial", "0x0A0B0C"])
        #expect(status == 0)
        do {
            _ = try setup.load(Self.brandConfig(extra: #", "brand_certificate_file": "keys/brand_cert.pem""#)).makeClientConfiguration()
            Issue.record("accepted")
        } catch {
            guard case .invalidValue(_, "brand_serial_no", let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("0A0B0C"))
        }
    }

    @Test func brandCertificateWithItsOwnSerialIsAccepted() throws {
        let setup = try Setup()
        let certificate = setup.folder.file("keys/brand_cert.pem")
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", setup.folder.file("keys/apiclient_key.pem"),
                                                        "-out", certificate, "-days", "1", "-subj", "/CN=brand", "-set_serial", "0x6B0F3A0C9D2E"])
        #expect(status == 0)
        let config = try setup.load(Self.brandConfig(extra: #", "brand_certificate_file": "keys/brand_cert.pem""#))
        #expect(config.certificateFile == certificate)
        #expect(throws: Never.self) { try config.makeClientConfiguration() }
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// The doctor's checks of the config as a whole: it loads, the flavor's keys are the right ones
/// (PROTOCOL §7), the verification mode, and the WeChat Pay public key's id and file.
@Suite struct DoctorConfigCheckTests {
    @Test func aConfigThatLoadsPasses() throws {
        let line = ConfigChecks.parses(try DoctorFixture().subject())
        #expect(line.status == .ok, "\(line)")
        #expect(line.finding.contains("partner (服务商), mchid 1900000001"))
    }

    @Test func aWrongValueFailsTheConfigLineWithTheLoadersReason() throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_id"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E2"
        let line = ConfigChecks.parses(try fixture.subject())
        #expect(line.status == .failure)
        #expect(line.finding.contains("\"wechatpay_public_key_id\""))
    }

    @Test func thePartnersKeysPassTheFlavorLine() throws {
        let (facts, keys) = try DoctorFixture().keys()
        let line = ConfigChecks.flavorKeys(facts, keys: keys)
        #expect(line.status == .ok, "\(line)")
        #expect(line.finding.contains("WECHATPAY2-SHA256-RSA2048"))
    }

    @Test func aBrandConfigHoldingThePartnersKeysFailsNamingTheFlavorTheyBelongTo() throws {
        let fixture = try DoctorFixture()
        fixture.becomeBrand()
        fixture.config["merchant_serial_no"] = DoctorFixture.serial
        let (facts, keys) = try fixture.keys()
        let line = ConfigChecks.flavorKeys(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("\"merchant_serial_no\" belongs to the partner flavor"), "\(line.finding)")
        #expect(line.advice?.contains("brand_serial_no") == true)
    }

    @Test func aPartnerConfigWithTheBrandsCertificateFails() throws {
        let fixture = try DoctorFixture()
        try fixture.certificate("brand_cert.pem", key: "apiclient_key.pem", serial: DoctorFixture.serial,
                                commonName: DoctorFixture.brandID, days: 365)
        fixture.config["merchant_certificate_file"] = "brand_cert.pem"
        let (facts, keys) = try fixture.keys()
        let line = ConfigChecks.flavorKeys(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("brand API certificate (品牌API证书)"))
    }

    @Test func anotherMerchantsCertificateFails() throws {
        let fixture = try DoctorFixture()
        try fixture.certificate("their_cert.pem", key: "apiclient_key.pem", serial: DoctorFixture.serial, commonName: "1900000002", days: 365)
        fixture.config["merchant_certificate_file"] = "their_cert.pem"
        let (facts, keys) = try fixture.keys()
        let line = ConfigChecks.flavorKeys(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("issued to merchant 1900000002, not to mchid 1900000001"))
    }

    @Test func aBrandConfigWithAMerchantsCertificateWarns() throws {
        let fixture = try DoctorFixture()
        fixture.becomeBrand()
        fixture.config["brand_certificate_file"] = "apiclient_cert.pem" // CN=1900000001: the merchant's
        let (facts, keys) = try fixture.keys()
        let line = ConfigChecks.flavorKeys(facts, keys: keys)
        #expect(line.status == .warning)
        #expect(line.advice?.contains("品牌经营平台") == true)
    }

    @Test func anUnknownFlavorFails() throws {
        let fixture = try DoctorFixture()
        fixture.config["flavor"] = "merchant"
        let (facts, keys) = try fixture.keys()
        #expect(ConfigChecks.flavorKeys(facts, keys: keys).status == .failure)
    }

    @Test func thePublicKeyModePasses() throws {
        let line = ConfigChecks.verificationMode(try DoctorFixture().facts)
        #expect(line.status == .ok)
        #expect(line.finding.contains("pub_key.pem"))
    }

    @Test func platformCertificatesWithoutThePublicKeyWarnThatNewMerchantsOnlyGetThePublicKey() throws {
        let fixture = try DoctorFixture()
        try fixture.certificate("platform.pem", key: "other_key.pem", serial: "0A0A0A0A", commonName: "Tenpay", days: 400)
        fixture.config["wechatpay_public_key_id"] = nil
        fixture.config["wechatpay_public_key_file"] = nil
        fixture.config["platform_certificate_files"] = ["platform.pem"]
        let line = ConfigChecks.verificationMode(try fixture.facts)
        #expect(line.status == .warning)
        #expect(line.advice?.contains("new merchants only get the WeChat Pay public key") == true)
    }

    @Test func brandDirectWithoutThePublicKeyFails() throws {
        let fixture = try DoctorFixture()
        fixture.becomeBrand()
        fixture.config["wechatpay_public_key_id"] = nil
        fixture.config["wechatpay_public_key_file"] = nil
        let line = ConfigChecks.verificationMode(try fixture.facts)
        #expect(line.status == .failure)
        #expect(line.advice?.contains("public key only") == true)
    }

    @Test func aPublicKeyIDWithoutItsFileFails() throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_file"] = nil
        #expect(ConfigChecks.verificationMode(try fixture.facts).status == .failure)
    }
}

@Suite struct DoctorPublicKeyCheckTests {
    func keyID(_ id: String) throws -> Diagnosis {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_id"] = id
        return PublicKeyChecks.keyID(try fixture.facts)
    }

    @Test func theMerchantPlatformsFormPasses() throws {
        #expect(try keyID(DoctorFixture.publicKeyID).status == .ok)
    }

    @Test func aCertificateSerialInPlaceOfTheKeyIDFails() throws {
        let line = try keyID("7132D72A03E93CDDF8C03BBD1F37EEDF10570A40")
        #expect(line.status == .failure)
        #expect(line.finding.contains("looks like a certificate serial"))
    }

    @Test func theMerchantsOwnSerialInPlaceOfTheKeyIDFails() throws {
        let line = try keyID(DoctorFixture.serial)
        #expect(line.status == .failure)
        #expect(line.finding.contains("your own merchant_serial_no"))
    }

    @Test func theDigitsWithoutThePrefixFailWithTheFixedValue() throws {
        let line = try keyID("0114232134912410000000000000")
        #expect(line.status == .failure)
        #expect(line.advice == "set \"wechatpay_public_key_id\": \"PUB_KEY_ID_0114232134912410000000000000\"")
    }

    @Test func aLowercasePrefixFails() throws {
        #expect(try keyID("pub_key_id_0114232134912410000000000000").status == .failure)
    }

    @Test func lettersAfterThePrefixWarn() throws {
        #expect(try keyID("PUB_KEY_ID_01142321349124100000000000OO").status == .warning)
    }

    @Test func theWeChatPayPublicKeyPasses() throws {
        let (facts, keys) = try DoctorFixture().keys()
        let line = PublicKeyChecks.key(facts, keys: keys)
        #expect(line.status == .ok, "\(line)")
    }

    @Test func anUnreadablePublicKeyFails() throws {
        let fixture = try DoctorFixture()
        writeText(fixture.dir.file("pub_key.pem"), "PUB_KEY_ID_0114232134912410000000000000\n")
        let (facts, keys) = try fixture.keys()
        let line = PublicKeyChecks.key(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("wechatpay_public_key_file cannot be used"))
    }

    @Test func aMissingPublicKeyFileFails() throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_file"] = "keys/pub_key.pem"
        let (facts, keys) = try fixture.keys()
        let line = PublicKeyChecks.key(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("file not found"))
    }

    @Test func aCertificateInPlaceOfThePublicKeyIsNamed() throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_file"] = "apiclient_cert.pem"
        let (facts, keys) = try fixture.keys()
        let line = PublicKeyChecks.key(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.advice?.contains("pub_key.pem") == true)
    }

    @Test func theMerchantsOwnPublicKeyInPlaceOfWeChatPaysFails() throws {
        let fixture = try DoctorFixture()
        fixture.config["wechatpay_public_key_file"] = "apiclient_pub.pem"
        let (facts, keys) = try fixture.keys()
        let line = PublicKeyChecks.key(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("public half of your own"))
    }
}

import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// The doctor's checks of the caller's key and certificate: permissions, the key itself, the pair and
/// serial against the certificate, and the certificates' expiry.
@Suite struct DoctorKeyCheckTests {
    @Test func aKeyOnlyItsOwnerCanReadPasses() throws {
        let fixture = try DoctorFixture()
        let line = KeyChecks.permissions(try fixture.facts)
        #expect(line.status == .ok, "\(line)")
        #expect(line.finding.contains("600"))
    }

    @Test func aKeyReadableByOtherUsersWarnsWithTheChmod() throws {
        let fixture = try DoctorFixture()
        chmod(fixture.dir.file("apiclient_key.pem"), 0o644)
        let line = KeyChecks.permissions(try fixture.facts)
        #expect(line.status == .warning)
        #expect(line.advice == "chmod 600 \(fixture.dir.file("apiclient_key.pem"))")
    }

    @Test func aKeyThatLoadsIsNamedWithItsSize() throws {
        let (facts, keys) = try DoctorFixture().keys()
        let line = KeyChecks.privateKey(facts, keys: keys)
        #expect(line.status == .ok)
        #expect(line.finding.contains("RSA 2048-bit"))
    }

    @Test func aKeyFileThatDoesNotParseFails() throws {
        let fixture = try DoctorFixture()
        writeText(fixture.dir.file("apiclient_key.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n")
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.privateKey(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("apiclient_key.pem"))
    }

    @Test func theCertificateGivenAsThePrivateKeyIsNamedForWhatItIs() throws {
        let fixture = try DoctorFixture()
        fixture.config["private_key_file"] = "apiclient_cert.pem"
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.privateKey(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.advice?.contains("this file holds an X.509 certificate") == true, "\(line)")
    }

    @Test func aKeyAndCertificateThatBelongTogetherWithTheirSerialPass() throws {
        let (facts, keys) = try DoctorFixture().keys()
        let line = KeyChecks.keyPair(facts, keys: keys)
        #expect(line.status == .ok, "\(line)")
        #expect(line.finding.contains(DoctorFixture.serial))
    }

    @Test func aMismatchedKeyPairFailsAndSaysWeChatPayAnswersSignError() throws {
        let fixture = try DoctorFixture()
        fixture.config["private_key_file"] = "other_key.pem"
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.keyPair(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("are not a key pair"))
        #expect(line.finding.contains("401 SIGN_ERROR"))
    }

    @Test func aWrongSerialFailsAndNamesTheCertificatesSerial() throws {
        let fixture = try DoctorFixture()
        fixture.config["merchant_serial_no"] = "0123456789ABCDEF0123456789ABCDEF01234567"
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.keyPair(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("is not the serial of"))
        #expect(line.advice?.contains("\"merchant_serial_no\": \"\(DoctorFixture.serial)\"") == true)
    }

    @Test func theSerialInDecimalIsRecognisedAndTheHexIsGiven() throws {
        let fixture = try DoctorFixture()
        let decimal = try #require(KeyChecks.decimal(ofHex: DoctorFixture.serial))
        fixture.config["merchant_serial_no"] = decimal
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.keyPair(facts, keys: keys)
        #expect(line.status == .failure)
        #expect(line.finding.contains("in decimal"))
        #expect(line.advice?.contains(DoctorFixture.serial) == true)
    }

    @Test func hexToDecimalAgreesWithBC() throws {
        // The serial as bc prints it: what a tool showing the serial in decimal shows.
        let result = try runChild("sh", ["-c", "echo 'ibase=16; \(DoctorFixture.serial)' | BC_LINE_LENGTH=0 bc"])
        try #require(result.status == 0, "bc is needed for this test: \(result.stderr)")
        #expect(KeyChecks.decimal(ofHex: DoctorFixture.serial) == result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func withoutACertificateTheKeyPairIsLeftToTheSignedCall() throws {
        let fixture = try DoctorFixture()
        fixture.config["merchant_certificate_file"] = nil
        let (facts, keys) = try fixture.keys()
        let line = KeyChecks.keyPair(facts, keys: keys)
        #expect(line.status == .skipped)
        #expect(line.finding.contains("signed call"))
    }

    @Test func aCertificateValidForYearsPasses() throws {
        let (facts, keys) = try DoctorFixture().keys()
        let lines = KeyChecks.certificates(facts, keys: keys, now: Date())
        #expect(lines.count == 1)
        #expect(lines[0].status == .ok, "\(lines)")
    }

    @Test func aCertificateExpiringWithin30DaysWarns() throws {
        let (facts, keys) = try DoctorFixture(certificateDays: 10).keys()
        let line = try #require(KeyChecks.certificates(facts, keys: keys, now: Date()).first)
        #expect(line.status == .warning)
        #expect(line.finding.contains("expires in 9 days") || line.finding.contains("expires in 10 days"), "\(line.finding)")
        #expect(line.advice?.contains("申请证书") == true)
    }

    @Test func anExpiredCertificateFails() throws {
        let (facts, keys) = try DoctorFixture(certificateDays: 10).keys()
        let line = try #require(KeyChecks.certificates(facts, keys: keys, now: Date().addingTimeInterval(20 * 86_400)).first)
        #expect(line.status == .failure)
        #expect(line.finding.contains("expired on"))
    }

    @Test func anExpiredPlatformCertificateBesideAValidOneOnlyWarns() throws {
        let fixture = try DoctorFixture()
        try fixture.certificate("old_platform.pem", key: "other_key.pem", serial: "0A0A0A0A", commonName: "Tenpay", days: 1)
        try fixture.certificate("new_platform.pem", key: "other_key.pem", serial: "0B0B0B0B", commonName: "Tenpay", days: 400)
        fixture.config["platform_certificate_files"] = ["old_platform.pem", "new_platform.pem"]
        let (facts, keys) = try fixture.keys()
        let lines = KeyChecks.certificates(facts, keys: keys, now: Date().addingTimeInterval(3 * 86_400))
        let old = try #require(lines.first { $0.finding.contains("old_platform.pem") })
        #expect(old.status == .warning)
        #expect(old.advice == "remove it from platform_certificate_files")
        #expect(lines.first { $0.finding.contains("new_platform.pem") }?.status == .ok)
    }
}

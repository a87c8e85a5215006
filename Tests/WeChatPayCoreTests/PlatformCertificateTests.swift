import CouponDeskTestSupport
import Foundation
import Testing
@testable import WeChatPayCore

/// A platform certificate read through OpenSSL: its serial, key and the end of its validity.
@Suite struct PlatformCertificateTests {
    @Test func theEndOfValidityIsReadFromTheCertificate() throws {
        let folder = try TempDir()
        let key = try RSAPrivateKey.generate()
        try key.pkcs8PEM().write(to: URL(fileURLWithPath: folder.file("key.pem")))
        let (status, _) = try runOpenSSL(["req", "-x509", "-key", folder.file("key.pem"), "-out", folder.file("cert.pem"),
                                                        "-days", "10", "-subj", "/CN=Tenpay.com Root CA", "-set_serial", "0x1A2B"])
        #expect(status == 0)
        let certificate = try PlatformCertificate(file: folder.file("cert.pem"))
        #expect(certificate.serialNumber == "1A2B")
        let notAfter = try #require(certificate.notAfter)
        let expected = Date().addingTimeInterval(10 * 86_400)
        #expect(abs(notAfter.timeIntervalSince(expected)) < 120, "notAfter \(notAfter), expected about \(expected)")
    }
}

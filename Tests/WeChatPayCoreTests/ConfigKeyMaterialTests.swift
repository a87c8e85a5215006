import Foundation
import Testing
@testable import WeChatPayCore

/// A key pasted into the config where a file path belongs is refused, and the error never repeats it
/// (error messages end up in terminals, CI logs and support tickets).
@Suite struct ConfigKeyMaterialTests {
    static let pem = String(decoding: (try? Fixture.wechatpayKey.pkcs8PEM()) ?? Data(), as: UTF8.self)
    static let bodyLines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)

    static func parse(_ key: String, _ value: String) -> ConfigError? {
        var object: [String: Any] = ["mchid": "1900000001", "merchant_serial_no": "5157F09EFDC096DE",
                                     "private_key_file": "keys/apiclient_key.pem",
                                     "wechatpay_public_key_id": "PUB_KEY_ID_0119000000012026", "wechatpay_public_key_file": "pub.pem"]
        object[key] = key == "platform_certificate_files" ? [value] : value
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        do { _ = try CouponDeskConfig.parse(data, file: "/etc/coupondesk/config.json", environment: [:]); return nil } catch { return error }
    }

    @Test(arguments: ["private_key_file", "merchant_certificate_file", "wechatpay_public_key_file", "platform_certificate_files"])
    func aPEMPastedOnOneLineIsRefusedWithoutBeingRepeated(key: String) throws {
        let error = try #require(Self.parse(key, Self.pem.replacingOccurrences(of: "\n", with: "")))
        #expect(error.description.contains(key) && error.description.contains("key material"))
        let leaked = Self.bodyLines.contains { error.description.contains($0) }
        #expect(!leaked)
    }

    @Test func aBase64BodyWithoutArmourIsRefusedToo() throws {
        let error = try #require(Self.parse("private_key_file", Self.bodyLines.joined()))
        let leaked = Self.bodyLines.contains { error.description.contains($0) }
        #expect(!leaked)
        #expect(error.description.contains("private_key_file"))
    }

    @Test(arguments: ["keys/apiclient_key.pem", "/home/alice/.config/coupondesk/1900000001_20261128_cert/apiclient_key.pem",
                      "~/keys/key.pem", "C:/odd/but/short.pem",
                      "/var/lib/docker/overlay2/\(String(repeating: "0123456789abcdef", count: 4))/merged/key.pem"])
    func ordinaryPathsAreAccepted(path: String) {
        #expect(!ConfigReader.looksLikeKeyMaterial(path))
    }
}

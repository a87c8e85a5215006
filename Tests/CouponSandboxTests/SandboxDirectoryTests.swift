import CouponDeskTestSupport
import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// What `sandbox init` leaves on disk.
@Suite struct SandboxDirectoryTests {
    @Test func initCreatesFreshKeyPairsWithPrivateFilesReadableOnlyByTheOwner() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path)
        for (name, mode) in [("merchant_private_key.pem", 0o600), ("wechatpay_private_key.pem", 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.file(name))
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode, "\(name)")
        }
        let merchant = try RSAPrivateKey(file: directory.file("merchant_private_key.pem"))
        let wechatpay = try RSAPrivateKey(file: directory.file("wechatpay_private_key.pem"))
        #expect(merchant.bits == 2048 && wechatpay.bits == 2048)
        #expect(merchant.matches(try RSAPublicKey(file: directory.file("merchant_public_key.pem"))))
        #expect(wechatpay.matches(try RSAPublicKey(file: directory.file("wechatpay_public_key.pem"))))
        #expect(!merchant.matches(try RSAPublicKey(file: directory.file("wechatpay_public_key.pem"))))
        let pkcs8 = try String(contentsOfFile: directory.file("merchant_private_key.pem"), encoding: .utf8)
        #expect(pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let spki = try String(contentsOfFile: directory.file("wechatpay_public_key.pem"), encoding: .utf8)
        #expect(spki.hasPrefix("-----BEGIN PUBLIC KEY-----"))
    }

    @Test func sandboxJSONHasTheAgreedShape() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.configurationPath))) as? [String: Any])
        for key in ["mchid", "merchant_serial_no", "wechatpay_public_key_id", "port", "rate_limit_per_second", "brands", "faults"] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect((object["wechatpay_public_key_id"] as? String)?.hasPrefix("PUB_KEY_ID_") == true)
        let serial = try #require(object["merchant_serial_no"] as? String)
        #expect(serial.range(of: "^[0-9A-F]{40}$", options: .regularExpression) != nil)
        let brand = try #require((object["brands"] as? [[String: Any]])?.first)
        let stock = try #require(((brand["product_coupons"] as? [[String: Any]])?.first?["stocks"] as? [[String: Any]])?.first)
        for key in ["stock_id", "state", "coupon_code_mode", "max_count", "max_count_per_day", "max_count_per_user"] {
            #expect(stock[key] != nil, "\(key)")
        }
    }

    @Test func theDemoDataHasAFaultPrefixForEveryFaultKindAndAStockForEveryRefusal() throws {
        let configuration = DemoData.configuration(merchantSerialNo: "A", wechatpayPublicKeyID: "PUB_KEY_ID_1")
        #expect(Set(configuration.faults.map(\.kind)) == Set(SandboxConfiguration.Fault.Kind.allCases))
        let stocks = configuration.brands[0].productCoupons[0].stocks
        #expect(stocks.contains { $0.state == .paused })
        #expect(stocks.contains { $0.couponCodeMode == .apiAssign })
        #expect(stocks.contains { $0.maxCount <= 5 })
        #expect(stocks.contains { ($0.maxCountPerDay ?? .max) <= 5 })
        #expect(stocks.contains { $0.maxCountPerUser == 1 })
        #expect(configuration.problems().isEmpty)
    }

    @Test func theClientConfigNamesTheFilesRelativeToItself() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay))
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.clientConfigPath))) as? [String: Any])
        let sandbox = try directory.loadConfiguration()
        #expect(config["mchid"] as? String == sandbox.mchid)
        #expect(config["merchant_serial_no"] as? String == sandbox.merchantSerialNo)
        #expect(config["wechatpay_public_key_id"] as? String == sandbox.wechatpayPublicKeyID)
        let keyFile = try #require(config["private_key_file"] as? String)
        #expect(try RSAPrivateKey(file: directory.file(keyFile)).matches(try TestKeys.merchant.publicKey))
        let publicFile = try #require(config["wechatpay_public_key_file"] as? String)
        #expect(try TestKeys.wechatpay.matches(try RSAPublicKey(file: directory.file(publicFile))))
        let defaults = try #require(config["defaults"] as? [String: String])
        #expect(Set(defaults.keys) == ["brand_id", "appid", "product_coupon_id", "stock_id"])
        let allowed: Set<String> = ["base_url", "mchid", "merchant_serial_no", "private_key_file", "wechatpay_public_key_id",
                                    "wechatpay_public_key_file", "platform_certificate_files", "timeout_seconds",
                                    "operator", "theme", "history_file", "defaults"]
        #expect(Set(config.keys).isSubset(of: allowed))
    }

    @Test func initRefusesADirectoryThatAlreadyHoldsASandbox() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay))
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/merchant_private_key.pem"))
        #expect(throws: SandboxError.alreadyInitialised(path)) {
            try SandboxDirectory.create(at: path, keys: (TestKeys.wechatpay, TestKeys.merchant))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/merchant_private_key.pem")) == before)
    }

    @Test func settingTheBaseURLKeepsEveryOtherKey() throws {
        let folder = try TempDir()
        let path = folder.file("sandbox")
        let directory = try SandboxDirectory.create(at: path, keys: (TestKeys.merchant, TestKeys.wechatpay))
        let read = { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.clientConfigPath))) as! [String: Any] }
        let before = try read()
        try directory.setClientBaseURL("http://127.0.0.1:4242")
        let after = try read()
        #expect(after["base_url"] as? String == "http://127.0.0.1:4242")
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after["merchant_serial_no"] as? String == before["merchant_serial_no"] as? String)
    }

    @Test func aSandboxJSONWithABadValueIsRefusedNamingTheField() throws {
        let json = Data(#"{"mchid":"1","merchant_serial_no":"A","wechatpay_public_key_id":"PUB_KEY_ID_1","brands":[{"brand_id":"b","appids":[],"product_coupons":[{"product_coupon_id":"p","stocks":[{"stock_id":"s","state":"SENDING","coupon_code_mode":"WECHATPAY","max_count":1,"max_count_per_user":101}]}]}],"faults":[]}"#.utf8)
        #expect {
            try SandboxConfiguration.decode(json, source: "sandbox.json")
        } throws: { error in
            String(describing: error).contains("max_count_per_user")
        }
    }
}

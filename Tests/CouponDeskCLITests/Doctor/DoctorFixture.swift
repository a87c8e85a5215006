import CouponDeskTestSupport
import Foundation
import WeChatPayCore
@testable import CouponDeskCLI

/// Key files made with `openssl`, as a merchant has them, once per test run (RSA generation is the
/// slow part): the merchant API key, a second unrelated key, and "WeChat Pay"'s key pair.
struct DoctorKeyFiles: Sendable {
    /// Held by the static below, so it lives (and is removed) with the test process's statics.
    private let dir: TempDir
    var folder: String { dir.path }
    static let shared: Result<DoctorKeyFiles, any Error> = Result { try DoctorKeyFiles() }

    private init() throws {
        dir = try TempDir()
        let folder = dir.path
        for name in ["apiclient_key.pem", "other_key.pem", "wechatpay_key.pem"] {
            try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", folder + "/" + name])
        }
        try openssl(["pkey", "-in", folder + "/wechatpay_key.pem", "-pubout", "-out", folder + "/pub_key.pem"])
        try openssl(["pkey", "-in", folder + "/apiclient_key.pem", "-pubout", "-out", folder + "/apiclient_pub.pem"])
    }
}

/// Runs `openssl` with `arguments`; throws with its stderr when it fails.
func openssl(_ arguments: [String]) throws {
    let result = try runChild("openssl", arguments)
    guard result.status == 0 else { throw FixtureError(message: "openssl \(arguments.joined(separator: " ")): \(result.stderr)") }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A partner config in its own folder with every file it names — merchant key (0600), merchant API
/// certificate (`openssl req -x509`), the WeChat Pay public key — ready to be changed by a test and
/// examined by the doctor's checks.
final class DoctorFixture: @unchecked Sendable {
    static let mchid = "1900000001"
    static let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    static let publicKeyID = "PUB_KEY_ID_0114232134912410000000000000"
    static let brandID = "120344"

    let dir: TempDir
    /// The config's JSON object; `write()` saves it as config.json.
    var config: [String: Any]

    init(certificateDays: Int = 1825) throws {
        let keys = try DoctorKeyFiles.shared.get()
        dir = try TempDir()
        for name in ["apiclient_key.pem", "other_key.pem", "pub_key.pem", "apiclient_pub.pem"] {
            try FileManager.default.copyItem(atPath: keys.folder + "/" + name, toPath: dir.file(name))
        }
        chmod(dir.file("apiclient_key.pem"), 0o600)
        chmod(dir.file("other_key.pem"), 0o600)
        config = [
            "base_url": "https://api.mch.weixin.qq.com",
            "mchid": Self.mchid,
            "merchant_serial_no": Self.serial,
            "private_key_file": "apiclient_key.pem",
            "merchant_certificate_file": "apiclient_cert.pem",
            "wechatpay_public_key_id": Self.publicKeyID,
            "wechatpay_public_key_file": "pub_key.pem",
            "history_file": "history.jsonl",
            "defaults": ["brand_id": Self.brandID, "appid": "wx233544546545989",
                         "product_coupon_id": "1000000013", "stock_id": "1000000013001"],
        ]
        try certificate("apiclient_cert.pem", key: "apiclient_key.pem", serial: Self.serial, commonName: Self.mchid, days: certificateDays)
    }

    /// Makes the brand-direct twin of this config: the same files, the brand's keys.
    func becomeBrand() {
        for key in ["mchid", "merchant_serial_no", "merchant_certificate_file"] { config[key] = nil }
        config["flavor"] = "brand"
        config["brand_id"] = Self.brandID
        config["brand_serial_no"] = Self.serial
        config["defaults"] = ["appid": "wx233544546545989", "product_coupon_id": "1000000013", "stock_id": "1000000013001"]
    }

    /// A self-signed certificate for the key file `key`: `openssl req -x509 -days`.
    func certificate(_ name: String, key: String, serial: String, commonName: String, days: Int) throws {
        try openssl(["req", "-x509", "-new", "-key", dir.file(key), "-sha256", "-days", String(days),
                     "-set_serial", "0x" + serial, "-subj", "/O=CouponDesk test/CN=" + commonName, "-out", dir.file(name)])
    }

    /// Saves the config as config.json and returns its path.
    @discardableResult
    func write(_ name: String = "config.json") throws -> String {
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: dir.file(name)))
        return dir.file(name)
    }

    /// The config as the doctor reads it.
    func subject() throws -> DoctorSubject {
        switch DoctorSubject.load(path: try write(), environment: ["HOME": dir.path]) {
        case .success(let subject): return subject
        case .failure(let unusable): throw unusable.error
        }
    }

    var facts: ConfigFacts { get throws { try subject().facts } }

    func keys() throws -> (ConfigFacts, LoadedKeys) {
        let facts = try subject().facts
        return (facts, LoadedKeys(facts))
    }
}

extension Array where Element == Diagnosis {
    /// The line of `check` (the first, when there are several).
    func line(_ check: DoctorCheck) throws -> Diagnosis {
        guard let found = first(where: { $0.check == check }) else { throw FixtureError(message: "no \(check) line in \(map(\.check))") }
        return found
    }
}

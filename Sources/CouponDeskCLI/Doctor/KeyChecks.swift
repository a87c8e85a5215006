import Foundation
import WeChatPayCore

/// The caller's private key and API certificate: who may read the key, whether it loads, whether it
/// belongs to the certificate whose serial the config names (the usual 401 SIGN_ERROR), and whether
/// the certificates are still valid.
enum KeyChecks {
    /// A private key readable or writable by other users is a leaked key waiting to happen.
    static func permissions(_ facts: ConfigFacts) -> Diagnosis {
        guard let file = facts.privateKeyFile else { return .skipped(.keyPermissions, "no private_key_file") }
        var info = stat()
        guard stat(file, &info) == 0 else { return .skipped(.keyPermissions, "\(file) cannot be examined (see Private key)") }
        let mode = Int(info.st_mode) & 0o777
        let octal = String(mode, radix: 8)
        if mode & 0o077 != 0 {
            let who = mode & 0o007 != 0 ? "every user of this machine" : "its group"
            return .warning(.keyPermissions, "\(file) is mode \(octal): \(who) can \(mode & 0o044 != 0 ? "read" : "change") the private key",
                            advice: "chmod 600 \(file)", details: ["mode": .text(octal)])
        }
        return .ok(.keyPermissions, "\(file) is mode \(octal): only its owner can read it", details: ["mode": .text(octal)])
    }

    /// The private key loads, and is an RSA key of at least 2048 bits.
    static func privateKey(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        if facts.keyMaterialKeys.contains("private_key_file") {
            return .failure(.privateKey, "private_key_file holds the key itself, not a file path (not shown here)",
                            advice: "save the PEM text in a file only you can read (chmod 600) and give that file's path")
        }
        guard let result = keys.privateKey, let file = facts.privateKeyFile else {
            return .failure(.privateKey, "no private_key_file", advice: "set private_key_file: the \(facts.flavor.privateKeyName) (apiclient_key.pem)")
        }
        switch result {
        case .success(let key):
            return .ok(.privateKey, "\(file): RSA \(key.bits)-bit private key")
        case .failure(let error):
            return .failure(.privateKey, error.description, advice: error.advice(forKey: "private_key_file", flavor: facts.flavor))
        }
    }

    /// The key pair and the serial, against the caller's certificate when the config names it
    /// (`merchant_certificate_file` / `brand_certificate_file`). Without it they can only be checked by
    /// WeChat Pay itself: the signed call does that.
    static func keyPair(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        let certificateKey = facts.flavor.certificateConfigKey, serialKey = facts.flavor.serialConfigKey
        let serial = facts.serialNo?.uppercased() ?? ""
        guard let result = keys.certificate, let certificateFile = facts.certificateFile else {
            if serial.count > 40, serial.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                return .warning(.keyPair, "\(serialKey) \(serial) is \(serial.count) digits: it looks like a decimal number, and WeChat Pay wants the serial in hex",
                                advice: "copy the serial from 商户平台 → API安全 → 管理证书, or run: openssl x509 -in apiclient_cert.pem -noout -serial")
            }
            return .skipped(.keyPair, "not checked here: the config names no \(certificateKey) (the signed call lets WeChat Pay check them)",
                            advice: "set \(certificateKey) to the \(facts.flavor.certificateName) file (PEM) to check key and serial before anything is sent")
        }
        let certificate: PlatformCertificate
        switch result {
        case .success(let loaded): certificate = loaded
        case .failure(let error):
            return .failure(.keyPair, error.description, advice: error.advice(forKey: certificateKey, flavor: facts.flavor))
        }
        guard let privateKey = keys.usablePrivateKey else {
            return .skipped(.keyPair, "the private key did not load (see Private key)")
        }
        guard privateKey.matches(certificate.publicKey) else {
            return .failure(.keyPair, "private_key_file and \(certificateKey) are not a key pair: WeChat Pay answers every request 401 SIGN_ERROR",
                            advice: "use the apiclient_key.pem generated together with \((certificateFile as NSString).lastPathComponent) (the certificate tool keeps both in one folder)")
        }
        guard certificate.serialNumber == serial else {
            if !serial.isEmpty, serial == Self.decimal(ofHex: certificate.serialNumber) {
                return .failure(.keyPair, "\(serialKey) is the certificate's serial in decimal; WeChat Pay wants hex (401 SIGN_ERROR otherwise)",
                                advice: "set \"\(serialKey)\": \"\(certificate.serialNumber)\"")
            }
            return .failure(.keyPair, "\(serialKey) \(serial.isEmpty ? "(none)" : serial) is not the serial of \(certificateFile) (\(certificate.serialNumber)): WeChat Pay answers 401 SIGN_ERROR",
                            advice: "set \"\(serialKey)\": \"\(certificate.serialNumber)\" — or, if the serial is right, the certificate and key are an older pair: use the current ones")
        }
        return .ok(.keyPair, "private_key_file belongs to \((certificateFile as NSString).lastPathComponent), whose serial is \(serialKey) \(serial)")
    }

    /// How long each certificate is still valid: the caller's API certificate (an expired one is
    /// refused by WeChat Pay) and the platform certificates.
    static func certificates(_ facts: ConfigFacts, keys: LoadedKeys, now: Date) -> [Diagnosis] {
        var lines: [Diagnosis] = []
        if let file = facts.certificateFile, case .success(let certificate)? = keys.certificate {
            lines.append(expiry(of: certificate, file: file, name: facts.flavor.certificateName, now: now,
                                renew: facts.flavor == .partner ? "apply for a new merchant API certificate (商户平台 → 账户中心 → API安全 → 申请证书), then update private_key_file, merchant_serial_no and merchant_certificate_file"
                                                                : "apply for a new brand API certificate (品牌经营平台 → API安全), then update private_key_file, brand_serial_no and brand_certificate_file"))
        }
        let platform = keys.platformCertificates
        let anyValidPlatform = platform.contains { entry in
            guard case .success(let certificate) = entry.result, let end = certificate.notAfter else { return false }
            return end > now
        }
        for (file, result) in platform {
            switch result {
            case .failure(let error):
                lines.append(.failure(.certificate, error.description, advice: error.advice(forKey: "platform_certificate_files", flavor: facts.flavor)))
            case .success(let certificate):
                var line = expiry(of: certificate, file: file, name: "platform certificate (平台证书)", now: now,
                                  renew: "download the current platform certificates (GET /v3/certificates) and list them in platform_certificate_files — or better, move to the WeChat Pay public key")
                // Platform certificates rotate: an old one expiring beside a valid one is the normal
                // course of things, and answers are signed with the newer one.
                if line.status == .failure && (anyValidPlatform || facts.publicKeyID != nil) {
                    line = .warning(.certificate, line.finding, advice: "remove it from platform_certificate_files", details: line.details)
                }
                lines.append(line)
            }
        }
        if lines.isEmpty {
            return [.ok(.certificate, "no certificate files to expire" + (facts.publicKeyID != nil ? " (the WeChat Pay public key does not expire)" : ""))]
        }
        return lines
    }

    static func expiry(of certificate: PlatformCertificate, file: String, name: String, now: Date, renew: String) -> Diagnosis {
        let shown = (file as NSString).lastPathComponent
        guard let end = certificate.notAfter else {
            return .warning(.certificate, "\(shown): the end of its validity cannot be read", advice: "check that it is the certificate WeChat Pay issued",
                            details: ["file": .text(file)])
        }
        let days = Int((end.timeIntervalSince(now) / 86_400).rounded(.down))
        let date = Self.day(end)
        let details: [String: DiagnosisDetail] = ["file": .text(file), "not_after": .text(date), "days_left": .number(Double(days))]
        if end <= now {
            return .failure(.certificate, "\(shown), the \(name), expired on \(date)", advice: renew, details: details)
        }
        if days < 30 {
            return .warning(.certificate, "\(shown), the \(name), expires in \(days) day\(days == 1 ? "" : "s") (\(date))", advice: renew, details: details)
        }
        return .ok(.certificate, "\(shown), the \(name), is valid until \(date) (\(days) days)", details: details)
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// The decimal digits of an uppercase hex number of any length (a certificate serial is 160 bits).
    static func decimal(ofHex hex: String) -> String? {
        var digits: [UInt8] = [0] // little-endian base 10
        for scalar in hex.unicodeScalars {
            guard let nibble = UInt8(String(scalar), radix: 16) else { return nil }
            var carry = Int(nibble)
            for i in digits.indices {
                let value = Int(digits[i]) * 16 + carry
                digits[i] = UInt8(value % 10)
                carry = value / 10
            }
            while carry > 0 { digits.append(UInt8(carry % 10)); carry /= 10 }
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return String(digits.reversed().map { Character(String($0)) })
    }
}

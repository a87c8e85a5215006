import CouponDeskText
import Foundation
import WeChatPayCore

/// The caller's private key and API certificate: who may read the key, whether it loads, whether it
/// belongs to the certificate whose serial the config names (the usual 401 SIGN_ERROR), and whether
/// the certificates are still valid.
enum KeyChecks {
    /// A private key readable or writable by other users is a leaked key waiting to happen.
    static func permissions(_ facts: ConfigFacts) -> Diagnosis {
        guard let file = facts.privateKeyFile else { return .skipped(.keyPermissions, Words(.noPrivateKeyFile)) }
        var info = stat()
        guard stat(file, &info) == 0 else { return .skipped(.keyPermissions, Words(.cannotExamine, ["file": v(file)])) }
        let mode = Int(info.st_mode) & 0o777
        let octal = String(mode, radix: 8)
        if mode & 0o077 != 0 {
            let who = Words(mode & 0o007 != 0 ? .everyUser : .itsGroup)
            let can = Words(mode & 0o044 != 0 ? .canRead : .canChange)
            return .warning(.keyPermissions, Words(.keyModeLoose, ["file": v(file), "mode": v(octal), "who": who, "can": can]),
                            advice: v("chmod 600 \(file)"), details: ["mode": .text(octal)])
        }
        return .ok(.keyPermissions, Words(.keyModeOwner, ["file": v(file), "mode": v(octal)]), details: ["mode": .text(octal)])
    }

    /// The private key loads, and is an RSA key of at least 2048 bits.
    static func privateKey(_ facts: ConfigFacts, keys: LoadedKeys) -> Diagnosis {
        if facts.keyMaterialKeys.contains("private_key_file") {
            return .failure(.privateKey, Words(.privateKeyInline), advice: Words(.privateKeyInlineAdvice))
        }
        guard let result = keys.privateKey, let file = facts.privateKeyFile else {
            return .failure(.privateKey, Words(.noPrivateKeyFile), advice: Words(.setPrivateKeyFile, ["key": privateKeyName(facts.flavor)]))
        }
        switch result {
        case .success(let key):
            return .ok(.privateKey, Words(.privateKeyBits, ["file": v(file), "bits": v(key.bits)]))
        case .failure(let error):
            return .failure(.privateKey, .rendered { Phrase(describing: error).describe($0) }, advice: error.advice(forKey: "private_key_file", flavor: facts.flavor))
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
                return .warning(.keyPair, Words(.serialLooksDecimal, ["key": v(serialKey), "serial": v(serial), "count": v(serial.count)]),
                                advice: Words(.serialCopy))
            }
            return .skipped(.keyPair, Words(.keyPairNotChecked, ["key": v(certificateKey)]),
                            advice: Words(.keyPairSetCertificate, ["key": v(certificateKey), "certificate": certificateName(facts.flavor)]))
        }
        let certificate: PlatformCertificate
        switch result {
        case .success(let loaded): certificate = loaded
        case .failure(let error):
            return .failure(.keyPair, .rendered { Phrase(describing: error).describe($0) }, advice: error.advice(forKey: certificateKey, flavor: facts.flavor))
        }
        guard let privateKey = keys.usablePrivateKey else {
            return .skipped(.keyPair, Words(.privateKeyDidNotLoad))
        }
        guard privateKey.matches(certificate.publicKey) else {
            return .failure(.keyPair, Words(.notAKeyPair, ["key": v(certificateKey)]),
                            advice: Words(.notAKeyPairAdvice, ["file": v((certificateFile as NSString).lastPathComponent)]))
        }
        guard certificate.serialNumber == serial else {
            if !serial.isEmpty, serial == Self.decimal(ofHex: certificate.serialNumber) {
                return .failure(.keyPair, Words(.serialInDecimal, ["key": v(serialKey)]),
                                advice: v("set \"\(serialKey)\": \"\(certificate.serialNumber)\""))
            }
            return .failure(.keyPair, Words(.serialNotOf, ["key": v(serialKey), "serial": serial.isEmpty ? Words(.noneGiven) : v(serial),
                                                          "file": v(certificateFile), "actual": v(certificate.serialNumber)]),
                            advice: Words(.serialNotOfAdvice, ["key": v(serialKey), "actual": v(certificate.serialNumber)]))
        }
        return .ok(.keyPair, Words(.keyPairBelongs, ["file": v((certificateFile as NSString).lastPathComponent), "key": v(serialKey), "serial": v(serial)]))
    }

    /// How long each certificate is still valid: the caller's API certificate (an expired one is
    /// refused by WeChat Pay) and the platform certificates.
    static func certificates(_ facts: ConfigFacts, keys: LoadedKeys, now: Date) -> [Diagnosis] {
        var lines: [Diagnosis] = []
        if let file = facts.certificateFile, case .success(let certificate)? = keys.certificate {
            lines.append(expiry(of: certificate, file: file, name: certificateName(facts.flavor), now: now,
                                renew: Words(facts.flavor == .partner ? .renewMerchant : .renewBrand)))
        }
        let platform = keys.platformCertificates
        let anyValidPlatform = platform.contains { entry in
            guard case .success(let certificate) = entry.result, let end = certificate.notAfter else { return false }
            return end > now
        }
        for (file, result) in platform {
            switch result {
            case .failure(let error):
                lines.append(.failure(.certificate, .rendered { Phrase(describing: error).describe($0) }, advice: error.advice(forKey: "platform_certificate_files", flavor: facts.flavor)))
            case .success(let certificate):
                var line = expiry(of: certificate, file: file, name: Words(.platformCertificate), now: now, renew: Words(.renewPlatform))
                // Platform certificates rotate: an old one expiring beside a valid one is the normal
                // course of things, and answers are signed with the newer one.
                if line.status == .failure && (anyValidPlatform || facts.publicKeyID != nil) {
                    line = .warning(.certificate, line.found, advice: Words(.removePlatform), details: line.details)
                }
                lines.append(line)
            }
        }
        if lines.isEmpty {
            return [.ok(.certificate, Words(facts.publicKeyID != nil ? .noCertificatesPublicKey : .noCertificates))]
        }
        return lines
    }

    static func expiry(of certificate: PlatformCertificate, file: String, name: Words, now: Date, renew: Words) -> Diagnosis {
        let shown = (file as NSString).lastPathComponent
        guard let end = certificate.notAfter else {
            return .warning(.certificate, Words(.validityUnreadable, ["file": v(shown)]), advice: Words(.validityUnreadableAdvice),
                            details: ["file": .text(file)])
        }
        let days = Int((end.timeIntervalSince(now) / 86_400).rounded(.down))
        let date = Self.day(end)
        let details: [String: DiagnosisDetail] = ["file": .text(file), "not_after": .text(date), "days_left": .number(Double(days))]
        let words: [String: Words] = ["file": v(shown), "name": name, "date": v(date), "days": v(days)]
        if end <= now {
            return .failure(.certificate, Words(.certificateExpired, words), advice: renew, details: details)
        }
        if days < 30 {
            return .warning(.certificate, Words(days == 1 ? .certificateExpiresDay : .certificateExpiresDays, words), advice: renew, details: details)
        }
        return .ok(.certificate, Words(.certificateValid, words), details: details)
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

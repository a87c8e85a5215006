import Foundation

extension CouponDeskConfig {
    /// Loads the key files this config names and builds the client configuration (signer + verifier).
    ///
    /// Every failure names the config key and the file. A private key file readable by group or others
    /// is used, with a warning through `warn`. The caller's key pair is checked when it can be: against
    /// `merchant_certificate_file` / `brand_certificate_file` (key and serial). The WeChat Pay public key
    /// and the caller's private key are also checked not to be the same key pair (a common mix-up of
    /// the two PEM downloads). The flavor decides the signer's scheme and which keys may verify.
    public func makeClientConfiguration(clock: any Clock = SystemClock(),
                                        nonces: any NonceSource = SecureNonceSource(),
                                        warn: (String) -> Void = { _ in }) throws(ConfigError) -> ClientConfiguration {
        let privateKey: RSAPrivateKey
        do { privateKey = try RSAPrivateKey(file: privateKeyFile) } catch {
            throw .keyFile(key: "private_key_file", problem: Self.keyError(error))
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: privateKeyFile))?[.posixPermissions] as? NSNumber,
           mode.intValue & 0o044 != 0 {
            warn("warning: \(privateKeyFile) (private_key_file) is readable by other users (mode \(String(mode.intValue & 0o777, radix: 8))); run: chmod 600 \(privateKeyFile)")
        }
        if let certificateFile {
            let certificate: PlatformCertificate
            do { certificate = try PlatformCertificate(file: certificateFile) } catch {
                throw .keyFile(key: flavor.certificateConfigKey, problem: Self.keyError(error))
            }
            guard privateKey.matches(certificate.publicKey) else {
                throw .keyFile(key: "private_key_file", problem: .mismatchedPair(privateFile: privateKeyFile, publicFile: certificateFile))
            }
            guard certificate.serialNumber == serialNo else {
                throw .invalidValue(path: file, key: flavor.serialConfigKey,
                                    reason: "\(serialNo) is not the serial of \(certificateFile) (\(certificate.serialNumber)); use the certificate's serial")
            }
        }
        var publicKey: RSAPublicKey? = nil
        if let publicKeyFile = wechatpayPublicKeyFile {
            do { publicKey = try RSAPublicKey(file: publicKeyFile) } catch {
                throw .keyFile(key: "wechatpay_public_key_file", problem: Self.keyError(error))
            }
            if let publicKey, privateKey.matches(publicKey) {
                throw .invalidValue(path: file, key: "wechatpay_public_key_file",
                                    reason: "\(publicKeyFile) is the public half of your own \(flavor.privateKeyName), not WeChat Pay's public key (pub_key.pem from the merchant platform)")
            }
        }
        var certificates: [PlatformCertificate] = []
        // (The parser refuses platform_certificate_files in a brand-direct config.)
        for certificateFile in platformCertificateFiles {
            do { certificates.append(try PlatformCertificate(file: certificateFile)) } catch {
                throw .keyFile(key: "platform_certificate_files", problem: Self.keyError(error))
            }
        }
        let signer = RequestSigner(flavor: flavor, callerID: callerID, serialNo: serialNo, privateKey: privateKey,
                                   clock: clock, nonces: nonces)
        let verifier = ResponseVerifier(publicKeyID: wechatpayPublicKeyID, publicKey: publicKey,
                                        certificates: certificates, flavor: flavor, clock: clock)
        return ClientConfiguration(baseURL: baseURL, signer: signer, verifier: verifier,
                                   wechatpayPublicKeyID: wechatpayPublicKeyID)
    }

    /// The transport this config asks for: URLSession with its timeouts.
    public func makeTransport(maxResponseBytes: Int = 1 << 20) -> CurlTransport {
        CurlTransport(connectTimeout: connectTimeoutSeconds, totalTimeout: timeoutSeconds, maxResponseBytes: maxResponseBytes)
    }

    static func keyError(_ error: any Error) -> KeyError {
        (error as? KeyError) ?? .openssl(String(describing: error))
    }
}

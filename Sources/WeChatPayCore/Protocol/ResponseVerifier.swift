import Foundation

/// Why a response's signature was not accepted. Each names what is wrong so an operator can tell a
/// stripping proxy (missing header) from a forgery (bad signature) from a clock problem (skew).
public enum VerificationError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingHeader(String)
    case unsupportedSignatureType(String)
    case badTimestamp(String)
    case clockSkew(seconds: Int64)
    case unknownSerial(String)
    case notBase64
    case signatureMismatch

    public var description: String {
        switch self {
        case .missingHeader(let h): return "response has no \(h) header (a proxy may be stripping Wechatpay-* headers)"
        case .unsupportedSignatureType(let t): return "unsupported Wechatpay-Signature-Type \(t)"
        case .badTimestamp(let t): return "Wechatpay-Timestamp is not a Unix time: \(t)"
        case .clockSkew(let s): return "Wechatpay-Timestamp is \(s.magnitude) s \(s > 0 ? "ahead of" : "behind") this machine's clock (limit 300 s)"
        case .unknownSerial(let s): return "Wechatpay-Serial \(s) matches no configured WeChat Pay public key or platform certificate"
        case .notBase64: return "Wechatpay-Signature is not Base64"
        case .signatureMismatch: return "Wechatpay-Signature does not verify over the response body"
        }
    }
}

/// Verifies response signatures (PROTOCOL §3), routing by `Wechatpay-Serial` to the WeChat Pay public
/// key (`PUB_KEY_ID_...`) or a platform certificate (uppercase hex serial). Which of those a flavor may
/// use is the flavor's to say: brand-direct verifies with the public key only (PROTOCOL §7).
public struct ResponseVerifier: Sendable {
    public static let maxSkewSeconds: Int64 = 300
    let keys: [String: RSAPublicKey]
    let signatureTypes: Set<String>
    let clock: any Clock

    /// - Parameters:
    ///   - publicKeyID/publicKey: the WeChat Pay public key and its id, if configured.
    ///   - certificates: platform certificates, keyed by their serials; never used by a flavor that
    ///     does not accept them (a response naming one then fails as an unknown serial).
    ///   - flavor: whose rules apply (which keys, which signature types).
    public init(publicKeyID: String? = nil, publicKey: RSAPublicKey? = nil,
                certificates: [PlatformCertificate] = [], flavor: APIFlavor = .partner, clock: any Clock = SystemClock()) {
        var keys: [String: RSAPublicKey] = [:]
        if flavor.acceptsPlatformCertificates {
            for cert in certificates { keys[cert.serialNumber.uppercased()] = cert.publicKey }
        }
        if let publicKeyID, let publicKey { keys[publicKeyID] = publicKey }
        self.keys = keys
        self.signatureTypes = flavor.responseSignatureTypes
        self.clock = clock
    }

    /// Verifies `body` against the response headers. Header names are matched case-insensitively.
    public func verify(headers: [String: String], body: Data) throws(VerificationError) {
        func header(_ name: String) throws(VerificationError) -> String {
            for (k, v) in headers where HeaderLookup.namesEqual(k, name) {
                let value = HeaderLookup.trimmed(v)
                if !value.isEmpty { return value }
            }
            throw .missingHeader(name)
        }
        let signatureText = try header("Wechatpay-Signature")
        let serial = try header("Wechatpay-Serial")
        let timestampText = try header("Wechatpay-Timestamp")
        let nonce = try header("Wechatpay-Nonce")
        if let type = headers.first(where: { HeaderLookup.namesEqual($0.key, "Wechatpay-Signature-Type") })?.value,
           !type.isEmpty, !signatureTypes.contains(type) {
            throw .unsupportedSignatureType(String(type.prefix(64)))
        }
        guard let timestamp = Int64(timestampText) else { throw .badTimestamp(String(timestampText.prefix(32))) }
        // The header is untrusted: a timestamp near Int64's ends must be refused, not overflow.
        let (skew, overflowed) = timestamp.subtractingReportingOverflow(Int64(clock.now().timeIntervalSince1970))
        guard !overflowed else { throw .clockSkew(seconds: timestamp < 0 ? .min : .max) }
        guard skew.magnitude < Self.maxSkewSeconds.magnitude else { throw .clockSkew(seconds: skew) }
        guard let key = keys[serial] ?? keys[serial.uppercased()] else { throw .unknownSerial(String(serial.prefix(64))) }
        // Probe signatures (WECHATPAY/SIGNTEST/...) are not Base64 and simply fail here or below.
        guard let signature = Data(base64Encoded: signatureText) else { throw .notBase64 }
        let message = SignatureMessage.response(timestamp: timestampText, nonce: nonce, body: body)
        guard key.verify(signature: signature, message: message) else { throw .signatureMismatch }
    }
}

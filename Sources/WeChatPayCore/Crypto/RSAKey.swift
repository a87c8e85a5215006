import CouponDeskText
import COpenSSL
import Foundation

/// Why a key or certificate could not be used. Every case names the file (or "<memory>") so the
/// person fixing the config knows which one to look at.
public enum KeyError: Error, Equatable, Describable, Sendable {
    case missing(file: String)
    case unreadable(file: String, reason: String)
    case notPEM(file: String, expected: String)
    case wrongKind(file: String, found: String, expected: String)
    case notRSA2048(file: String, detail: String)
    case mismatchedPair(privateFile: String, publicFile: String)
    case openssl(String)

    public var description: String {
        switch self {
        case .missing(let f): return "\(f): file not found"
        case .unreadable(let f, let r): return "\(f): cannot read (\(r))"
        case .notPEM(let f, let e): return "\(f): not a PEM \(e) (expected a -----BEGIN ...----- block)"
        case .wrongKind(let f, let found, let e): return "\(f): this is \(found), but \(e) is needed here"
        case .notRSA2048(let f, let d): return "\(f): not an RSA key usable for SHA256withRSA (\(d))"
        case .mismatchedPair(let p, let q):
            return "\(p) and \(q) do not form a key pair: a signature made with the private key does not verify with the public key"
        case .openssl(let m): return "OpenSSL: \(m)"
        }
    }

    /// In a person's language: the English above, reworded from the same words (`KeyFileText`).
    public func describe(_ text: Texts) -> String { text.reword(description, KeyFileText.self) }
}

/// Drains OpenSSL's thread-local error queue into one line (and clears it so errors never leak
/// into a later, unrelated call).
func opensslErrorString() -> String {
    var parts: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        parts.append(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return parts.isEmpty ? "unknown error" : parts.joined(separator: "; ")
}

/// Identifies which PEM block a file holds, so a wrong file gets a precise message.
enum PEMKind: String {
    case pkcs8Private = "PRIVATE KEY"
    case pkcs1Private = "RSA PRIVATE KEY"
    case encryptedPrivate = "ENCRYPTED PRIVATE KEY"
    case publicKey = "PUBLIC KEY"
    case rsaPublicKey = "RSA PUBLIC KEY"
    case certificate = "CERTIFICATE"

    static func detect(_ text: String) -> [PEMKind] {
        var kinds: [PEMKind] = []
        var searchRange = text.startIndex..<text.endIndex
        while let r = text.range(of: "-----BEGIN ", range: searchRange) {
            guard let end = text.range(of: "-----", range: r.upperBound..<text.endIndex) else { break }
            if let kind = PEMKind(rawValue: String(text[r.upperBound..<end.lowerBound])) { kinds.append(kind) }
            searchRange = end.upperBound..<text.endIndex
        }
        return kinds
    }

    var humanName: String {
        switch self {
        case .pkcs8Private: return "a PKCS#8 private key"
        case .pkcs1Private: return "a PKCS#1 RSA private key"
        case .encryptedPrivate: return "a password-protected private key (decrypt it first: openssl pkey -in FILE -out plain.pem)"
        case .publicKey: return "a public key"
        case .rsaPublicKey: return "a PKCS#1 RSA public key"
        case .certificate: return "an X.509 certificate"
        }
    }
}

func readKeyFile(_ path: String) throws -> Data {
    guard FileManager.default.fileExists(atPath: path) else { throw KeyError.missing(file: path) }
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw KeyError.unreadable(file: path, reason: (error as NSError).localizedDescription)
    }
}

/// Runs `body` with a read-only memory BIO over `data`.
func withMemoryBIO<T>(_ data: Data, _ body: (OpaquePointer) throws -> T) rethrows -> T? {
    try data.withUnsafeBytes { raw -> T? in
        guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
        defer { BIO_free(bio) }
        return try body(bio)
    }
}

/// Collects what OpenSSL writes into a memory BIO.
func collectBIO(_ write: (OpaquePointer) -> Int32) -> Data? {
    guard let bio = BIO_new(BIO_s_mem()) else { return nil }
    defer { BIO_free(bio) }
    guard write(bio) == 1 else { return nil }
    var pointer: UnsafeMutablePointer<CChar>? = nil
    let length = coupondesk_bio_mem_data(bio, &pointer)
    guard let pointer, length > 0 else { return Data() }
    return Data(bytes: pointer, count: length)
}

/// SHA-256, fetched from the default provider once for the whole process.
enum SHA256Implementation {
    nonisolated(unsafe) static let md: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
}

/// An RSA private key held by OpenSSL. `@unchecked Sendable`: the EVP_PKEY is never changed after
/// creation and OpenSSL 3 allows concurrent signing with one; the pool of idle signing contexts is only
/// touched with `poolLock` held.
///
/// `description` deliberately says nothing about the key material: a key that ends up in a log
/// line or an error message by accident leaks nothing.
public final class RSAPrivateKey: @unchecked Sendable, CustomStringConvertible {
    let pkey: OpaquePointer

    init(owning pkey: OpaquePointer) { self.pkey = pkey }
    deinit {
        for ctx in idleSigningContexts { EVP_PKEY_CTX_free(ctx) }
        EVP_PKEY_free(pkey)
    }

    public var description: String { "RSAPrivateKey(\(bits) bits, redacted)" }
    public var bits: Int { Int(EVP_PKEY_get_bits(pkey)) }

    /// Parses PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.
    public convenience init(pem: Data, source: String = "<memory>") throws {
        let text = String(decoding: pem, as: UTF8.self)
        let kinds = PEMKind.detect(text)
        guard let first = kinds.first else { throw KeyError.notPEM(file: source, expected: "private key") }
        guard kinds.contains(.pkcs8Private) || kinds.contains(.pkcs1Private) else {
            throw KeyError.wrongKind(file: source, found: first.humanName, expected: "the merchant API private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)")
        }
        let parsed = withMemoryBIO(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) } ?? nil
        guard let key = parsed else {
            throw KeyError.notPEM(file: source, expected: "private key (\(opensslErrorString()))")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw KeyError.notRSA2048(file: source, detail: "not an RSA key")
        }
        self.init(owning: key)
        if bits < 2048 { throw KeyError.notRSA2048(file: source, detail: "\(bits)-bit key; WeChat Pay requires RSA-2048") }
    }

    public convenience init(file: String) throws {
        try self.init(pem: try readKeyFile(file), source: file)
    }

    /// Generates a fresh RSA key (the sandbox's demo merchant and "WeChat Pay" keys).
    public static func generate(bits: Int = 2048) throws -> RSAPrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw KeyError.openssl(opensslErrorString()) }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1,
              EVP_PKEY_keygen(ctx, &key) == 1, let key else {
            throw KeyError.openssl(opensslErrorString())
        }
        return RSAPrivateKey(owning: key)
    }

    /// SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256).
    ///
    /// Hashes with a SHA-256 implementation fetched once, then signs the digest with a signing context
    /// prepared once and reused (a small pool, so concurrent signers never share one). OpenSSL 3 makes
    /// a fresh EVP_DigestSignInit per signature cost a provider fetch and context set-up each time; this
    /// is what keeps the signer at `openssl speed`'s rate. Same bytes as `openssl dgst -sha256 -sign`.
    public func sign(_ message: Data) throws -> Data {
        guard let md = SHA256Implementation.md else { throw KeyError.openssl("SHA-256 is not available") }
        var digest = [UInt8](repeating: 0, count: 32)
        var digestLength: UInt32 = 0
        let hashed = message.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &digestLength, md, nil)
        }
        guard hashed == 1, digestLength == 32 else { throw KeyError.openssl(opensslErrorString()) }
        let ctx = try takeSigningContext(md)
        var length = Int(EVP_PKEY_get_size(pkey))
        var signature = Data(count: length)
        let ok = signature.withUnsafeMutableBytes { out in
            EVP_PKEY_sign(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, digest, digest.count)
        }
        guard ok == 1 else {
            EVP_PKEY_CTX_free(ctx)
            throw KeyError.openssl(opensslErrorString())
        }
        returnSigningContext(ctx)
        signature.count = length
        return signature
    }

    /// The one-shot EVP_DigestSign path, kept as a second implementation the tests compare against.
    func signWithDigestSign(_ message: Data) throws -> Data {
        guard let ctx = EVP_MD_CTX_new() else { throw KeyError.openssl(opensslErrorString()) }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else {
            throw KeyError.openssl(opensslErrorString())
        }
        var length = Int(EVP_PKEY_get_size(pkey))
        var signature = Data(count: length)
        let ok = signature.withUnsafeMutableBytes { out in
            message.withUnsafeBytes { input in
                EVP_DigestSign(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                               input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count)
            }
        }
        guard ok == 1 else { throw KeyError.openssl(opensslErrorString()) }
        signature.count = length
        return signature
    }

    private let poolLock = NSLock()
    private var idleSigningContexts: [OpaquePointer] = []

    private func takeSigningContext(_ md: OpaquePointer) throws -> OpaquePointer {
        if let ctx = poolLock.withLock({ idleSigningContexts.popLast() }) { return ctx }
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw KeyError.openssl(opensslErrorString()) }
        guard EVP_PKEY_sign_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
              EVP_PKEY_CTX_set_signature_md(ctx, md) == 1 else {
            EVP_PKEY_CTX_free(ctx)
            throw KeyError.openssl(opensslErrorString())
        }
        return ctx
    }

    private func returnSigningContext(_ ctx: OpaquePointer) {
        let kept = poolLock.withLock { () -> Bool in
            guard idleSigningContexts.count < 8 else { return false }
            idleSigningContexts.append(ctx)
            return true
        }
        if !kept { EVP_PKEY_CTX_free(ctx) }
    }

    /// The matching public key.
    public var publicKey: RSAPublicKey {
        get throws {
            guard let der = collectBIO({ bio in i2d_PUBKEY_bio(bio, pkey) }) else {
                throw KeyError.openssl(opensslErrorString())
            }
            let parsed = der.withUnsafeBytes { raw -> OpaquePointer? in
                var p: UnsafePointer<UInt8>? = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
                return d2i_PUBKEY(nil, &p, raw.count)
            }
            guard let parsed else { throw KeyError.openssl(opensslErrorString()) }
            return RSAPublicKey(owning: parsed)
        }
    }

    /// PKCS#8 PEM. Only for writing a freshly generated key to a 0600 file; never for display.
    public func pkcs8PEM() throws -> Data {
        guard let pem = collectBIO({ bio in PEM_write_bio_PKCS8PrivateKey(bio, pkey, nil, nil, 0, nil, nil) }) else {
            throw KeyError.openssl(opensslErrorString())
        }
        return pem
    }

    /// True when `publicKey` verifies what this key signs (the config's pair check).
    public func matches(_ publicKey: RSAPublicKey) -> Bool {
        let probe = Data("coupondesk key pair check".utf8)
        guard let signature = try? sign(probe) else { return false }
        return publicKey.verify(signature: signature, message: probe)
    }
}

/// A WeChat Pay platform certificate (平台证书): its public key and its serial as uppercase hex.
public struct PlatformCertificate: Sendable {
    public let serialNumber: String
    public let publicKey: RSAPublicKey
    /// The end of its validity (UTC); nil only when the certificate's date cannot be read.
    public let notAfter: Date?
    /// The subject's common name (CN): for a merchant API certificate, the merchant id it was issued to.
    public let subjectCommonName: String?

    public init(pem: Data, source: String = "<memory>") throws {
        let kinds = PEMKind.detect(String(decoding: pem, as: UTF8.self))
        guard let first = kinds.first else { throw KeyError.notPEM(file: source, expected: "certificate") }
        guard kinds.contains(.certificate) else {
            throw KeyError.wrongKind(file: source, found: first.humanName, expected: "a platform certificate (BEGIN CERTIFICATE)")
        }
        guard let cert = withMemoryBIO(pem, { bio in PEM_read_bio_X509(bio, nil, nil, nil) }) ?? nil else {
            throw KeyError.notPEM(file: source, expected: "certificate (\(opensslErrorString()))")
        }
        defer { X509_free(cert) }
        guard let serialBN = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nil) else {
            throw KeyError.openssl(opensslErrorString())
        }
        defer { BN_free(serialBN) }
        guard let hex = BN_bn2hex(serialBN) else { throw KeyError.openssl(opensslErrorString()) }
        serialNumber = String(cString: hex).uppercased()
        CRYPTO_free(hex, #file, #line)
        guard let key = X509_get_pubkey(cert) else { throw KeyError.openssl(opensslErrorString()) }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw KeyError.notRSA2048(file: source, detail: "certificate key is not RSA")
        }
        publicKey = RSAPublicKey(owning: key)
        subjectCommonName = Self.commonName(of: cert)
        var end = tm()
        if let time = X509_get0_notAfter(cert), ASN1_TIME_to_tm(time, &end) == 1 {
            notAfter = Date(timeIntervalSince1970: TimeInterval(timegm(&end)))
        } else {
            notAfter = nil
        }
    }

    public init(file: String) throws {
        try self.init(pem: try readKeyFile(file), source: file)
    }

    private static func commonName(of cert: OpaquePointer) -> String? {
        guard let name = X509_get_subject_name(cert) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>? = nil
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { CRYPTO_free(utf8, #file, #line) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }
}

import COpenSSL
import Foundation

/// An RSA public key (WeChat Pay public key, or the key of a platform certificate). `@unchecked
/// Sendable`: the EVP_PKEY (a C pointer, which Swift cannot check) is never changed after creation, and
/// OpenSSL 3 allows concurrent verification with one; the pool of idle verifying contexts is only
/// touched with `poolLock` held.
public final class RSAPublicKey: @unchecked Sendable, CustomStringConvertible {
    let pkey: OpaquePointer

    init(owning pkey: OpaquePointer) { self.pkey = pkey }
    deinit {
        for ctx in idleVerifyingContexts { EVP_PKEY_CTX_free(ctx) }
        EVP_PKEY_free(pkey)
    }

    public var description: String { "RSAPublicKey(\(bits) bits)" }
    public var bits: Int { Int(EVP_PKEY_get_bits(pkey)) }

    /// Parses an SPKI PEM (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    public convenience init(pem: Data, source: String = "<memory>") throws {
        let text = String(decoding: pem, as: UTF8.self)
        let kinds = PEMKind.detect(text)
        guard let first = kinds.first else { throw KeyError.notPEM(file: source, expected: "public key") }
        let parsed: OpaquePointer?
        if kinds.contains(.publicKey) {
            parsed = withMemoryBIO(pem) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) } ?? nil
        } else if kinds.contains(.rsaPublicKey) {
            parsed = withMemoryBIO(pem) { bio -> OpaquePointer? in
                guard let rsa = PEM_read_bio_RSAPublicKey(bio, nil, nil, nil) else { return nil }
                let key = EVP_PKEY_new()
                if let key, EVP_PKEY_assign(key, EVP_PKEY_RSA, UnsafeMutableRawPointer(rsa)) == 1 { return key }
                RSA_free(rsa); EVP_PKEY_free(key); return nil
            } ?? nil
        } else {
            throw KeyError.wrongKind(file: source, found: first.humanName, expected: "a public key (BEGIN PUBLIC KEY)")
        }
        guard let key = parsed else { throw KeyError.notPEM(file: source, expected: "public key (\(opensslErrorString()))") }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw KeyError.notRSA2048(file: source, detail: "not an RSA key")
        }
        self.init(owning: key)
    }

    public convenience init(file: String) throws {
        try self.init(pem: try readKeyFile(file), source: file)
    }

    /// SHA256withRSA verification. Any failure, including malformed input, is `false`.
    ///
    /// Hashes with the SHA-256 implementation fetched once, then verifies the digest with a verifying
    /// context prepared once and reused (a small pool, as `RSAPrivateKey.sign` does): a fresh
    /// EVP_DigestVerifyInit per call costs OpenSSL 3 a provider fetch and set-up that took longer than
    /// the verification itself. Accepts exactly what `verifyWithDigestVerify` accepts (the tests compare).
    public func verify(signature: Data, message: Data) -> Bool {
        defer { ERR_clear_error() }
        guard let md = SHA256Implementation.md, let ctx = takeVerifyingContext(md) else {
            return verifyWithDigestVerify(signature: signature, message: message)
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var digestLength: UInt32 = 0
        let hashed = message.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &digestLength, md, nil)
        }
        guard hashed == 1, digestLength == 32 else {
            returnVerifyingContext(ctx)
            return false
        }
        let result = signature.withUnsafeBytes { sig in
            EVP_PKEY_verify(ctx, sig.baseAddress?.assumingMemoryBound(to: UInt8.self), sig.count, digest, digest.count)
        }
        returnVerifyingContext(ctx)
        return result == 1
    }

    private let poolLock = NSLock()
    private var idleVerifyingContexts: [OpaquePointer] = []

    /// A context ready to verify SHA256withRSA digests; nil when one cannot be prepared for this key.
    private func takeVerifyingContext(_ md: OpaquePointer) -> OpaquePointer? {
        if let ctx = poolLock.withLock({ idleVerifyingContexts.popLast() }) { return ctx }
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { return nil }
        guard EVP_PKEY_verify_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1,
              EVP_PKEY_CTX_set_signature_md(ctx, md) == 1 else {
            EVP_PKEY_CTX_free(ctx)
            return nil
        }
        return ctx
    }

    private func returnVerifyingContext(_ ctx: OpaquePointer) {
        let kept = poolLock.withLock { () -> Bool in
            guard idleVerifyingContexts.count < 8 else { return false }
            idleVerifyingContexts.append(ctx)
            return true
        }
        if !kept { EVP_PKEY_CTX_free(ctx) }
    }

    /// The one-shot EVP_DigestVerify path, kept as a second implementation the tests compare against.
    func verifyWithDigestVerify(signature: Data, message: Data) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx); ERR_clear_error() }
        guard EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, pkey) == 1 else { return false }
        let result = signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { msg in
                EVP_DigestVerify(ctx, sig.baseAddress?.assumingMemoryBound(to: UInt8.self), sig.count,
                                 msg.baseAddress?.assumingMemoryBound(to: UInt8.self), msg.count)
            }
        }
        return result == 1
    }

    /// SPKI PEM (`BEGIN PUBLIC KEY`).
    public func spkiPEM() throws -> Data {
        guard let pem = collectBIO({ bio in PEM_write_bio_PUBKEY(bio, pkey) }) else {
            throw KeyError.openssl(opensslErrorString())
        }
        return pem
    }
}

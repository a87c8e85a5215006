import Foundation

/// Signs outgoing requests with the merchant API private key (PROTOCOL §2).
public struct RequestSigner: Sendable {
    public let mchid: String
    public let serialNo: String
    let privateKey: RSAPrivateKey
    let clock: any Clock
    let nonces: any NonceSource

    public init(mchid: String, serialNo: String, privateKey: RSAPrivateKey,
                clock: any Clock = SystemClock(), nonces: any NonceSource = SecureNonceSource()) {
        self.mchid = mchid
        self.serialNo = serialNo.uppercased()
        self.privateKey = privateKey
        self.clock = clock
        self.nonces = nonces
    }

    /// The Authorization header for exactly these bytes. `canonicalURL` is the path as sent (still
    /// percent-encoded) plus `?query` if any.
    public func authorization(method: String, canonicalURL: String, body: Data) throws -> AuthorizationHeader {
        let timestamp = String(Int64(clock.now().timeIntervalSince1970))
        let nonce = nonces.nonce()
        let message = SignatureMessage.request(method: method, canonicalURL: canonicalURL,
                                               timestamp: timestamp, nonce: nonce, body: body)
        let signature = try privateKey.sign(message).base64EncodedString()
        return AuthorizationHeader(mchid: mchid, nonce: nonce, timestamp: timestamp,
                                   serialNo: serialNo, signature: signature)
    }
}

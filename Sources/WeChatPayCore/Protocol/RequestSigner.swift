import Foundation

/// Signs outgoing requests with the caller's API private key (PROTOCOL §2): the merchant API key of a
/// partner, or the brand API key of a brand-direct caller (§7). The message is the same for both; the
/// flavor only decides how the Authorization header names the scheme and the caller.
public struct RequestSigner: Sendable {
    public let flavor: APIFlavor
    /// The partner's mchid, or the brand's brand_id.
    public let callerID: String
    /// The caller's API certificate serial, uppercase hex.
    public let serialNo: String
    let privateKey: RSAPrivateKey
    let clock: any Clock
    let nonces: any NonceSource

    public init(flavor: APIFlavor, callerID: String, serialNo: String, privateKey: RSAPrivateKey,
                clock: any Clock = SystemClock(), nonces: any NonceSource = SecureNonceSource()) {
        self.flavor = flavor
        self.callerID = callerID
        self.serialNo = serialNo.uppercased()
        self.privateKey = privateKey
        self.clock = clock
        self.nonces = nonces
    }

    /// A partner's signer (merchant API key).
    public init(mchid: String, serialNo: String, privateKey: RSAPrivateKey,
                clock: any Clock = SystemClock(), nonces: any NonceSource = SecureNonceSource()) {
        self.init(flavor: .partner, callerID: mchid, serialNo: serialNo, privateKey: privateKey, clock: clock, nonces: nonces)
    }

    /// The Authorization header for exactly these bytes. `canonicalURL` is the path as sent (still
    /// percent-encoded) plus `?query` if any; `body` is empty for a GET.
    public func authorization(method: String, canonicalURL: String, body: Data) throws -> AuthorizationHeader {
        let timestamp = String(Int64(clock.now().timeIntervalSince1970))
        let nonce = nonces.nonce()
        let message = SignatureMessage.request(method: method, canonicalURL: canonicalURL,
                                               timestamp: timestamp, nonce: nonce, body: body)
        let signature = try privateKey.sign(message).base64EncodedString()
        return AuthorizationHeader(flavor: flavor, callerID: callerID, nonce: nonce, timestamp: timestamp,
                                   serialNo: serialNo, signature: signature)
    }
}

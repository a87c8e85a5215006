import Foundation

/// Where request nonces come from; injectable for tests.
public protocol NonceSource: Sendable {
    func nonce() -> String
}

/// 32 characters of `[0-9A-Za-z]`, as the official SDKs send.
public struct SecureNonceSource: NonceSource {
    public init() {}
    public func nonce() -> String { SecureRandom.alphanumeric(32) }
}

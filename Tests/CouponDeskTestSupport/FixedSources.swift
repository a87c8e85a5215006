import Foundation
import WeChatPayCore

/// A clock that always says the same time.
public struct FixedClock: Clock {
    public let date: Date
    public init(_ date: Date) { self.date = date }
    public func now() -> Date { date }
}

/// Nonces that are always the same (for byte-exact signature tests).
public struct FixedNonceSource: NonceSource {
    public let value: String
    public init(_ value: String) { self.value = value }
    public func nonce() -> String { value }
}

import COpenSSL
import Foundation

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else {
            // Never fall back to a weak source: a predictable nonce is a protocol flaw.
            fatalError("OpenSSL RAND_bytes failed: \(opensslErrorString())")
        }
        return out
    }

    static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` characters of `[0-9A-Za-z]`, unbiased (rejection sampling over 62 symbols).
    public static func alphanumeric(_ count: Int) -> String {
        var result = [UInt8]()
        result.reserveCapacity(count)
        while result.count < count {
            for byte in bytes(count * 2) where byte < 248 { // 248 = 4 × 62: keeps the draw uniform
                result.append(alphanumerics[Int(byte) % 62])
                if result.count == count { break }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

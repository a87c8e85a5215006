import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// Random bytes for what the sandbox makes per request — response nonces, Request-IDs, tokens — from
/// OpenSSL's generator (`SecureRandom`), drawn 4 KiB at a time: each draw from OpenSSL 3 costs more
/// than the rest of a request's text work, whatever its size. The bytes are handed out once each, and
/// a forked child never hands out its parent's (the block is drawn again when the process changes).
enum SandboxRandom {
    static let blockSize = 4096
    static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let pool = Pool()

    static func bytes(_ count: Int) -> [UInt8] {
        count > blockSize / 4 ? SecureRandom.bytes(count) : pool.take(count)
    }

    /// `count` characters of `[0-9A-Za-z]`, unbiased: `SecureRandom.alphanumeric`'s rejection
    /// sampling over these bytes.
    static func alphanumeric(_ count: Int) -> String {
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

    private final class Pool: @unchecked Sendable {
        // Unchecked: every `var` is only touched with `lock` held.
        private let lock = NSLock()
        private var block: [UInt8] = []
        private var used = 0
        private var process: pid_t = 0

        func take(_ count: Int) -> [UInt8] {
            lock.lock(); defer { lock.unlock() }
            let current = getpid()
            if process != current || used + count > block.count {
                block = SecureRandom.bytes(SandboxRandom.blockSize)
                used = 0
                process = current
            }
            let taken = Array(block[used..<(used + count)])
            // Handed out once: the bytes are wiped as they are taken.
            for index in used..<(used + count) { block[index] = 0 }
            used += count
            return taken
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which send a line of the log belongs to, decided from its bytes alone: a send is one
/// send_request_no with one request's data. Two records under one number with different data (an
/// older version or another tool reused the number) are two sends, each with its own state: a refusal
/// of the second never hides the coupon the first issued.
///
/// Two 64-bit hashes, so "same send" can be decided from the index (a false match needs both to
/// collide: about 1 in 10^25 for a million sends) and "same number" from the first alone (the reader
/// then checks the decoded number).
struct SendKey: Hashable, Sendable {
    /// A hash of the send_request_no: the lines that share a number.
    var number: UInt64
    /// A hash of the send_request_no and the request's data (openid, brand_id, product_coupon_id,
    /// stock_id, appid, coupon_code, attach): the lines of one send.
    var send: UInt64

    init(number: UInt64, send: UInt64) { self.number = number; self.send = send }

    /// The key of a line whose send_request_no is `number` (as it appears between the quotes, still
    /// JSON-escaped) and whose request holds `data` (nil: no request object could be read; the number
    /// alone then decides).
    init(number: UnsafeRawBufferPointer, data: RequestData?) {
        var hasher = FieldHasher(seed: 0)
        hasher.addJSONString(number)
        self.number = hasher.value
        send = FieldHasher.mix(self.number ^ 0x5EED_5EED_5EED_5EED) &+ (data?.hash ?? 0)
    }

    /// The `number` hash of a send_request_no as text.
    static func number(_ text: String) -> UInt64 {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBytes { bytes in
            var hasher = FieldHasher(seed: 0)
            hasher.add(UnsafeRawBufferPointer(bytes))
            return hasher.value
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(send) }
}

/// A 64-bit hash of bytes, eight at a time, then an avalanche step; for the index, not for security.
/// A text is always added in one piece, so the same text always hashes alike.
struct FieldHasher {
    private var state: UInt64
    private var count: UInt64 = 0

    init(seed: UInt64) { state = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9E37_79B9_7F4A_7C15) }

    @inline(__always) private mutating func mixIn(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            mixIn(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
            mixIn(tail)
        }
        count &+= UInt64(n)
    }

    /// Adds the text of a JSON string's contents (between its quotes): escapes are added as the
    /// characters they stand for, so `\u00e9` and `é`, `\/` and `/` hash alike. `escaped`: whether
    /// the contents hold a backslash (nil: look).
    mutating func addJSONString(_ bytes: UnsafeRawBufferPointer, escaped: Bool? = nil) {
        let hasEscape = escaped ?? (bytes.count > 0 && memchr(bytes.baseAddress!, 0x5C, bytes.count) != nil)
        guard hasEscape else { add(bytes); return }
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count)
        JSONStringBytes.forEachUnescaped(bytes) { text.append($0) }
        text.withUnsafeBytes { add($0) }
    }

    var value: UInt64 { FieldHasher.mix(state ^ (count &* 0xA24B_AED4_963E_E407)) }

    /// splitmix64's finaliser: every input bit affects every output bit.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The set of sends seen while walking the index: open addressing over the 128-bit keys (their first
/// half is already a good hash), because the walk inserts up to a million keys and `Set`'s SipHash
/// and rehashing made that the slowest step.
struct SendKeySet {
    private var slots: [SendKey]
    private var mask: Int
    private(set) var count = 0
    /// (0, 0) marks an empty slot; a real key equal to it is remapped (a 1-in-2^128 event).
    private static let empty = SendKey(number: 0, send: 0)

    /// Makes room for `total` keys at once (a full walk), instead of growing step by step.
    mutating func reserve(_ total: Int) {
        guard total * 2 > slots.count else { return }
        var bigger = SendKeySet(capacity: total)
        for key in slots where key != SendKeySet.empty { _ = bigger.insert(key) }
        self = bigger
    }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [SendKey](repeating: SendKeySet.empty, count: size)
        mask = size - 1
    }

    /// Adds `key`; true if it was not there.
    mutating func insert(_ key: SendKey) -> Bool {
        let key = key == SendKeySet.empty ? SendKey(number: 0, send: 1) : key
        if (count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: key.send ^ (key.send >> 29) ^ key.number) & mask
        while true {
            let slot = slots[i]
            if slot == SendKeySet.empty {
                slots[i] = key
                count += 1
                return true
            }
            if slot == key { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [SendKey](repeating: SendKeySet.empty, count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for key in old where key != SendKeySet.empty { _ = insert(key) }
    }
}

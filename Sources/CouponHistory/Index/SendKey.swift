import Foundation

/// A 128-bit hash of a send_request_no's bytes: two independent 64-bit hashes, so "same send" can be
/// decided from the index alone (a false match needs both to collide: about 1 in 10^25 for a
/// million sends).
struct SendKey: Hashable, Sendable {
    var a: UInt64
    var b: UInt64

    init(a: UInt64, b: UInt64) { self.a = a; self.b = b }

    init(_ bytes: UnsafeRawBufferPointer) {
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var poly: UInt64 = 0x9E37_79B9_7F4A_7C15
        for byte in bytes {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            poly = (poly &+ UInt64(byte) &+ 1) &* 0xBF58_476D_1CE4_E5B9
            poly ^= poly >> 31
        }
        a = fnv
        b = poly ^ UInt64(bytes.count)
    }

    init(_ text: String) {
        var utf8 = Array(text.utf8)
        self = utf8.withUnsafeMutableBytes { SendKey(UnsafeRawBufferPointer($0)) }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(a) }
}

/// The set of sends seen while walking the index: open addressing over the 128-bit keys (their first
/// half is already a good hash), because the walk inserts up to a million keys and `Set`'s SipHash
/// and rehashing made that the slowest step.
struct SendKeySet {
    private var slots: [SendKey]
    private var mask: Int
    private(set) var count = 0
    /// (0, 0) marks an empty slot; a real key equal to it is remapped (a 1-in-2^128 event).
    private static let empty = SendKey(a: 0, b: 0)

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
        let key = key == SendKeySet.empty ? SendKey(a: 0, b: 1) : key
        if (count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: key.a ^ key.b ^ (key.b >> 29)) & mask
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

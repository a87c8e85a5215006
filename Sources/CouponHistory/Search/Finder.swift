import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds one lower-cased pattern, case-insensitively for ASCII letters, by looking for its rarest
/// byte with `memchr` (both cases of it if it is a letter) and comparing around each hit.
struct Finder {
    let pattern: [UInt8]
    let anchor: Int
    let anchorLower: UInt8
    let anchorUpper: UInt8

    /// `anchorFrequency`: byte counts from a sample of the data (the rarest byte of the pattern is the
    /// best anchor); without one, the first byte is used.
    init(pattern: [UInt8], anchorFrequency: [Int]?) {
        self.pattern = pattern
        var best = 0
        if let counts = anchorFrequency {
            var bestCount = Int.max
            for (i, b) in pattern.enumerated() {
                let c = counts[Int(b)] + (ByteSearch.upper(b) != b ? counts[Int(ByteSearch.upper(b))] : 0)
                if c < bestCount { bestCount = c; best = i }
            }
        }
        anchor = best
        anchorLower = pattern[best]
        anchorUpper = ByteSearch.upper(pattern[best])
    }

    /// The offset of the first match at or after `from`.
    func first(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = bytes.baseAddress, pattern.count <= bytes.count else { return nil }
        let n = bytes.count, m = pattern.count
        let twoCases = anchorLower != anchorUpper
        var searchFrom = from + anchor
        var nextLower = Finder.find(base, n, anchorLower, searchFrom)
        var nextUpper = twoCases ? Finder.find(base, n, anchorUpper, searchFrom) : nil
        while true {
            let hit: Int
            switch (nextLower, nextUpper) {
            case (nil, nil): return nil
            case (let l?, nil): hit = l
            case (nil, let u?): hit = u
            case (let l?, let u?): hit = min(l, u)
            }
            let start = hit - anchor
            if start + m <= n && matchesAt(base, start) { return start }
            searchFrom = hit + 1
            if hit == nextLower { nextLower = Finder.find(base, n, anchorLower, searchFrom) }
            if hit == nextUpper { nextUpper = Finder.find(base, n, anchorUpper, searchFrom) }
        }
    }

    @inline(__always) func matchesAt(_ base: UnsafeRawPointer, _ start: Int) -> Bool {
        let p = base.assumingMemoryBound(to: UInt8.self) + start
        for i in 0..<pattern.count where ByteSearch.lower(p[i]) != pattern[i] { return false }
        return true
    }

    @inline(__always) static func find(_ base: UnsafeRawPointer, _ n: Int, _ byte: UInt8, _ from: Int) -> Int? {
        guard from < n, let p = memchr(base + from, Int32(byte), n - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(p))
    }
}

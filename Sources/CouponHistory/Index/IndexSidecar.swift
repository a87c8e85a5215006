import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sidecar file that persists a `LineIndex`.
///
/// Layout: a 64-byte header (magic, entry size, device, inode, covered, count, a hash of the log's
/// first bytes, a hash of the bytes just before `covered`), then `count` entries of 24 bytes. Writers
/// append entries first and rewrite the header second, under an exclusive `flock` on the sidecar, so a
/// reader never trusts entries the header does not count. It is not fsynced: after a power loss it may
/// be stale or wrong, and the checks on open (identity, hashes, offsets increasing and inside the log)
/// send it back to a rebuild.
enum IndexSidecar {
    // "CDHIDX03" little-endian. 02: send keys hash the request's data too; 03: lines with an `"action"`
    // (confirms) have their own code. An older sidecar is rebuilt once.
    static let magic: UInt64 = 0x3330_5844_4948_4443
    static let headerSize = 64
    static let entrySize = MemoryLayout<IndexEntry>.stride

    static func path(forLog log: String) -> String { log + ".idx" }

    struct Header {
        var magic: UInt64
        var entrySize: UInt64
        var device: UInt64
        var inode: UInt64
        var covered: UInt64
        var count: UInt64
        var headHash: UInt64
        var tailHash: UInt64
    }

    /// A fingerprint of the log's first 4 KB (bounded by `covered`) and of the 64 bytes before
    /// `covered`: a log replaced or rewritten in place fails one of them.
    static func fingerprints(of file: LogFile, covered: Int) throws -> (head: UInt64, tail: UInt64) {
        let head = try file.read(at: 0, count: min(covered, 4096))
        let tailStart = max(0, covered - 64)
        let tail = try file.read(at: tailStart, count: covered - tailStart)
        return (hash(head), hash(tail))
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hasher = FieldHasher(seed: 0)
            hasher.add(raw)
            return hasher.value
        }
    }

    /// The persisted index of `file`, if the sidecar exists and still describes this log: its newest
    /// `newest` entries (all by default), and how many older ones the sidecar holds. A reader that shows
    /// the first screen needs only the newest few thousand; `loadOlder` fetches the rest when asked.
    static func load(forLog logPath: String, file: LogFile, newest: Int = Int.max) -> (index: LineIndex, older: Int)? {
        guard case .success(let fd) = RegularFile.open(path(forLog: logPath), O_RDONLY) else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        guard let header = validHeader(fd, file: file) else { return nil }
        let count = Int(header.count)
        let older = max(0, count - newest)
        guard let entries = readEntries(fd, older..<count, below: Int(header.covered)) else { return nil }
        let start = older == 0 ? 0 : (entries.first?.offset ?? Int(header.covered))
        return (LineIndex(entries: entries, covered: Int(header.covered), start: start), older)
    }

    /// Entries `0..<count` of the sidecar, which must end before byte `before` of the log (where the
    /// entries already loaded begin); nil if the sidecar no longer matches the log.
    static func loadOlder(forLog logPath: String, file: LogFile, count: Int, before: Int) -> [IndexEntry]? {
        guard case .success(let fd) = RegularFile.open(path(forLog: logPath), O_RDONLY) else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        guard let header = validHeader(fd, file: file), Int(header.count) >= count else { return nil }
        return readEntries(fd, 0..<count, below: before)
    }

    /// The header, if the sidecar describes this log: same device and inode, not longer than the log,
    /// same bytes at its start and before the point it covers, entries all present.
    private static func validHeader(_ fd: Int32, file: LogFile) -> Header? {
        guard let header = readHeader(fd), header.magic == magic, header.entrySize == UInt64(entrySize) else { return nil }
        let identity = file.identity()
        guard header.device == identity.device, header.inode == identity.inode,
              Int(header.covered) <= identity.size else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, Int(st.st_size) >= headerSize + Int(header.count) * entrySize else { return nil }
        guard let prints = try? fingerprints(of: file, covered: Int(header.covered)),
              prints.head == header.headHash, prints.tail == header.tailHash else { return nil }
        return header
    }

    /// Reads entries `range`; their offsets must increase and stay below `below`, else the cache is
    /// damaged and nil is returned.
    private static func readEntries(_ fd: Int32, _ range: Range<Int>, below: Int) -> [IndexEntry]? {
        var entries = [IndexEntry](repeating: IndexEntry(offset: 0, code: .unreadable, key: SendKey(number: 0, send: 0)), count: range.count)
        let byteCount = range.count * entrySize
        let got = entries.withUnsafeMutableBytes { buffer -> Int in
            var done = 0
            while done < byteCount {
                let n = pread(fd, buffer.baseAddress! + done, byteCount - done, off_t(headerSize + range.lowerBound * entrySize + done))
                if n <= 0 { return done }
                done += n
            }
            return done
        }
        guard got == byteCount else { return nil }
        var previous = -1
        for entry in entries {
            let offset = entry.offset
            guard offset > previous, offset < below else { return nil }
            previous = offset
        }
        return entries
    }

    static func readHeader(_ fd: Int32) -> Header? {
        var header = Header(magic: 0, entrySize: 0, device: 0, inode: 0, covered: 0, count: 0, headHash: 0, tailHash: 0)
        let n = withUnsafeMutableBytes(of: &header) { pread(fd, $0.baseAddress, headerSize, 0) }
        // A damaged sidecar must be rebuilt, never trap: every caller turns these into Ints and byte
        // positions, and catchUp runs inside each append.
        guard n == headerSize, header.covered <= UInt64(Int.max),
              header.count <= UInt64((Int.max - headerSize) / entrySize) else { return nil }
        return header
    }

    /// `knownHead`: the head hash of a log whose first 4 KB (bounded by `covered`) are the same bytes
    /// (an extension of a log already 4 KB long), so they need not be read and hashed again.
    static func makeHeader(_ index: LineIndex, file: LogFile, identity known: LogFile.Identity? = nil,
                           knownHead: UInt64? = nil) throws -> Header {
        let identity = known ?? file.identity()
        var prints: (head: UInt64, tail: UInt64)
        if let knownHead {
            let tailStart = max(0, index.covered - 64)
            prints = (knownHead, hash(try file.read(at: tailStart, count: index.covered - tailStart)))
        } else {
            prints = try fingerprints(of: file, covered: index.covered)
        }
        return Header(magic: magic, entrySize: UInt64(entrySize), device: identity.device, inode: identity.inode,
                      covered: UInt64(index.covered), count: UInt64(index.entries.count),
                      headHash: prints.head, tailHash: prints.tail)
    }

    /// Writes the whole index to a fresh sidecar (temp file + rename). Best effort: a log in a
    /// read-only directory simply has no persisted index.
    static func save(_ index: LineIndex, forLog logPath: String, file: LogFile) {
        let target = path(forLog: logPath)
        let temp = target + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var ok = false
        defer {
            close(fd)
            if ok { rename(temp, target) } else { unlink(temp) }
        }
        guard var header = try? makeHeader(index, file: file) else { return }
        let wroteHeader = withUnsafeBytes(of: &header) { writeAll(fd, $0, at: 0) }
        let wroteEntries = index.entries.withUnsafeBytes { writeAll(fd, $0, at: headerSize) }
        ok = wroteHeader && wroteEntries
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }
}

extension IndexSidecar {
    /// Brings an existing sidecar up to the end of the log by scanning only the bytes it does not cover.
    /// Called after every append, so a log written by CouponDesk never needs a rebuild. Does nothing if
    /// there is no sidecar yet (the first reader builds it), it no longer matches the log, or it is more
    /// than `maxGap` bytes behind (another tool wrote a lot: an append should not pay for scanning
    /// that; the next reader does).
    static func catchUp(forLog logPath: String, file: LogFile, maxGap: Int = Int.max) {
        guard case .success(let fd) = RegularFile.open(path(forLog: logPath), O_RDWR) else { return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return }
        defer { flock(fd, LOCK_UN) }
        guard let current = readHeader(fd), current.magic == magic, current.entrySize == UInt64(entrySize) else { return }
        let identity = file.identity()
        let covered = Int(current.covered)
        guard current.device == identity.device, current.inode == identity.inode, covered <= identity.size,
              identity.size - covered <= maxGap, let prints = try? fingerprints(of: file, covered: covered),
              prints.head == current.headHash, prints.tail == current.tailHash else { return }
        var index = LineIndex(entries: [], covered: covered)
        // The first 4 KB were just checked; past them the head hash stays what it is.
        guard (try? index.extend(from: file, to: identity.size)) != nil, index.covered > covered,
              var header = try? makeHeader(index, file: file, identity: identity,
                                           knownHead: covered >= 4096 ? prints.head : nil) else { return }
        header.count = current.count + UInt64(index.entries.count)
        let added = index.entries.withUnsafeBytes { writeAll(fd, $0, at: headerSize + Int(current.count) * entrySize) }
        guard added else { return }
        _ = withUnsafeBytes(of: &header) { writeAll(fd, $0, at: 0) }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file, by device and inode: the same file under any name and at any size.
struct FileID: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(device: UInt64, inode: UInt64) { self.device = device; self.inode = inode }
    init(_ st: stat) { self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) }
}

/// A read-only handle on the log file: `pread` at offsets, and chunked scans that never hold more than
/// one chunk of the file in memory (a 400 MB log is never read whole, and never mapped whole, so the
/// process's resident size stays small). Immutable after opening, and `pread` does not move a shared
/// file position, so scans may run on several threads at once.
final class LogFile: Sendable {
    let path: String
    let fd: Int32

    /// Opens the log for reading. Returns nil when the file does not exist (an empty history).
    /// Anything but a regular file (a directory, a FIFO, a device), or a file that cannot be opened, is
    /// an error that names the path; a FIFO is refused at once, never waited on.
    static func openIfPresent(_ path: String) throws(HistoryError) -> LogFile? {
        switch RegularFile.open(path, O_RDONLY) {
        case .success(let fd): return LogFile(path: path, fd: fd)
        case .failure(.missing): return nil
        case .failure(let failure): throw HistoryError.cannotOpen(path: path, reason: failure.reason)
        }
    }

    private let ownsDescriptor: Bool

    private init(path: String, fd: Int32, owns: Bool = true) {
        self.path = path
        self.fd = fd
        self.ownsDescriptor = owns
    }

    /// Reads through a descriptor someone else opened (and will close), e.g. the appender's.
    static func borrowing(_ fd: Int32, path: String) -> LogFile {
        LogFile(path: path, fd: fd, owns: false)
    }

    deinit { if ownsDescriptor { close(fd) } }

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int

        /// Which file, whatever its size.
        var file: FileID { FileID(device: device, inode: inode) }
    }

    func identity() -> Identity {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return Identity(device: 0, inode: 0, size: 0) }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int(st.st_size))
    }

    /// Bytes `[offset, offset+count)`, fewer at the end of the file.
    func read(at offset: Int, count: Int) throws(HistoryError) -> [UInt8] {
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HistoryError.cannotRead(path: path, reason: HistoryStore.errnoText())
            }
            if n == 0 { break }
            done += n
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// Bytes `[offset, offset+count)`, all of them: bytes the index says are there. Fewer means the
    /// file shrank since it was indexed (`HistoryError.shrank`); a short read is never handed on to be
    /// sliced with the index's lengths.
    func readExactly(at offset: Int, count: Int) throws(HistoryError) -> [UInt8] {
        let bytes = try read(at: offset, count: count)
        guard bytes.count == count else { throw HistoryError.shrank(path: path) }
        return bytes
    }

    static let chunkSize = 4 << 20

    /// The first offset `q` in `[p, limit)` where a line starts (`q == 0` or byte `q-1` is `\n`), if any.
    func lineStart(atOrAfter p: Int, before limit: Int) throws(HistoryError) -> Int? {
        if p == 0 { return 0 }
        var at = p - 1
        while at < limit - 1 {
            let block = try read(at: at, count: min(64 << 10, limit - 1 - at))
            if block.isEmpty { return nil }
            if let nl = block.firstIndex(of: 0x0A) { return at + nl + 1 }
            at += block.count
        }
        return nil
    }

    /// Calls `body` with every complete line (ending in `\n`, newline excluded) that starts in
    /// `[from, to)`, in file order, with the line's offset. Returns the offset just past the last
    /// complete line's newline (bytes after it are an incomplete line). Reads in chunks of 4 MB.
    @discardableResult
    func forEachLine(from: Int, to: Int,
                     _ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws -> Int {
        // A small range (an append's few lines) gets a buffer its size, not a whole chunk.
        var capacity = max(4096, min(LogFile.chunkSize, to - from))
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var bufferStart = from   // file offset of buffer[0]
        var filled = 0
        var end = from           // just past the last complete line
        while bufferStart + filled < to {
            if filled == capacity {
                // One line longer than the buffer: grow rather than split it.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let want = min(capacity - filled, to - bufferStart - filled)
            let n = pread(fd, buffer + filled, want, off_t(bufferStart + filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw HistoryError.cannotRead(path: path, reason: HistoryStore.errnoText())
            }
            if n == 0 { break }
            filled += n
            var lineStart = 0
            while lineStart < filled,
                  let nl = memchr(buffer + lineStart, 0x0A, filled - lineStart) {
                let nlIndex = buffer.distance(to: nl)
                try body(UnsafeRawBufferPointer(start: buffer + lineStart, count: nlIndex - lineStart),
                         bufferStart + lineStart)
                lineStart = nlIndex + 1
            }
            end = bufferStart + lineStart
            // Keep the partial line for the next read.
            if lineStart > 0 {
                memmove(buffer, buffer + lineStart, filled - lineStart)
                bufferStart += lineStart
                filled -= lineStart
            }
        }
        return end
    }
}

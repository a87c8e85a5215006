import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The JSON Lines history log (DESIGN §5): append-only, one record per line, 0600.
///
/// Append takes an exclusive `flock` so two consoles or scripts never interleave lines, repairs a torn
/// last line (a crash mid-write) by starting a new line, writes the record with one `write`, and
/// `fsync`s before returning: an acknowledged send is on stable storage.
///
/// An existing log that others may read (a looser mode than 0600, e.g. one copied in or created by
/// another tool) is tightened to 0600 before the first record is written to it, and `notice` is told.
public final class HistoryStore: SendJournal, ConfirmJournal, Sendable {
    public let path: String
    /// Hears one-line notices about the log (its permissions were tightened). The command line prints
    /// them on stderr; the console, which owns the terminal, shows them when it has closed.
    let notice: @Sendable (String) -> Void

    public init(path: String, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.path = path
        self.notice = notice
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    public func append(_ record: SendRecord) throws {
        var line = try record.jsonLine()
        line.append(0x0A)
        try appendLines(line)
    }

    /// A confirm's record (PROTOCOL §9), in the same log as the sends, under the same lock and fsync.
    public func append(_ record: ConfirmRecord) throws {
        var line = try record.jsonLine()
        line.append(0x0A)
        try appendLines(line)
    }

    /// Every confirm record of the log, oldest first.
    public func confirmRecords() throws -> [ConfirmRecord] {
        try HistoryReader(path: path).confirmRecords()
    }

    /// Appends already-encoded lines (each ending in `\n`) under the lock, then fsyncs.
    public func appendLines(_ bytes: Data) throws {
        let fd = try openForAppend()
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HistoryError.cannotWrite(path: path, reason: Self.errnoText()) }
        defer { flock(fd, LOCK_UN) }
        tightenPermissions(fd)
        var payload = Data()
        // A torn last line must never glue onto the next record.
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, size - 1) == 1, last != 0x0A { payload.append(0x0A) }
        }
        payload.append(bytes)
        let written = payload.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == payload.count else {
            throw HistoryError.cannotWrite(path: path, reason: written < 0 ? Self.errnoText() : "short write")
        }
        guard fsync(fd) == 0 else { throw HistoryError.cannotWrite(path: path, reason: Self.errnoText()) }
        if size == 0 {
            // A new log: its directory entry must be durable too, or a power cut could lose the file
            // with the acknowledged records in it.
            let directory = (path as NSString).deletingLastPathComponent
            let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
        }
        // Still under the log's lock, so sidecar extensions happen in append order. Best effort: the
        // record is already durable, and a reader extends a stale index itself.
        IndexSidecar.catchUp(forLog: path, file: LogFile.borrowing(fd, path: path), maxGap: 1 << 20)
    }

    /// Makes the log private (0600) if group or others have any access to it, before a record (with
    /// openids and tokens) goes into it; says so through `notice`, or that it could not.
    private func tightenPermissions(_ fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & 0o077 != 0 else { return }
        let was = String(st.st_mode & 0o7777, radix: 8)
        if fchmod(fd, 0o600) == 0 {
            notice("history \(path): its permissions were 0\(was), readable by others; tightened to 0600")
        } else {
            notice("history \(path): its permissions are 0\(was), readable by others, and could not be tightened to 0600 (\(Self.errnoText())); run chmod 600 on it")
        }
    }

    /// The log opened for appending, created (0600, in a private directory) if missing. Anything but a
    /// regular file is refused at once: a FIFO would otherwise block the send.
    private func openForAppend() throws(HistoryError) -> Int32 {
        var opened = RegularFile.open(path, O_RDWR | O_CREAT | O_APPEND, mode: 0o600)
        if case .failure(.missing) = opened {
            // First send on this machine: create the data directory (private, like the log).
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                         attributes: [.posixPermissions: 0o700])
            }
            opened = RegularFile.open(path, O_RDWR | O_CREAT | O_APPEND, mode: 0o600)
        }
        switch opened {
        case .success(let fd): return fd
        case .failure(let failure): throw HistoryError.cannotOpen(path: path, reason: failure.reason)
        }
    }

    /// Every record of one send_request_no, oldest first (the last is its state).
    public func records(forSendRequestNo number: String) throws -> [SendRecord] {
        try HistoryReader(path: path).records(forSendRequestNo: number)
    }
}

import CouponDeskText
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one appender of a log file in this process (`LogAppender.shared(for:)`): group commit.
///
/// An appender queues its encoded lines under the in-process lock. If no write is in progress it
/// becomes the leader: it takes the file's `flock` (other processes still serialize through it),
/// writes every queued line with one `write`, `fsync`s once, releases the flock, and wakes the
/// appenders whose lines were in that write; anyone still queued then leads the next group. So
/// concurrent appends share fsyncs, and each still returns only once its own line is on stable
/// storage. A failed write or fsync is thrown to every appender of that group.
///
/// Waiting is blocking (a condition variable), bounded by one leader's write and fsync.
final class LogAppender: @unchecked Sendable {
    // Unchecked: every `var` is only touched with `condition` locked, except `syncFile`, which tests
    // set before appending.
    let path: String
    private let condition = NSCondition()
    private var queued = Data()
    /// How many appends `queued` holds.
    private var queuedAppends = 0
    private var lastQueued = 0
    private var lastSettled = 0
    private var failures: [(sequences: ClosedRange<Int>, error: HistoryError)] = []
    private var flushing = false
    /// How many groups were written and fsynced (tests check that appends share them).
    private(set) var syncCount = 0
    /// Makes a descriptor's data durable: `fsync`, or a test's stand-in that slows, orders or fails it.
    var syncFile: @Sendable (Int32) -> Int32 = { fsync($0) }

    private init(path: String) { self.path = path }

    // MARK: One appender per path

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: WeakAppender] = [:]
    private struct WeakAppender { weak var appender: LogAppender? }

    /// The appender of `path` (spelled as given, made absolute): every `HistoryStore` of one log in
    /// this process shares it, so their appends share groups. Kept while some store holds it.
    static func shared(for path: String) -> LogAppender {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        registryLock.lock(); defer { registryLock.unlock() }
        if let existing = registry[key]?.appender { return existing }
        let appender = LogAppender(path: path)
        registry = registry.filter { $0.value.appender != nil }
        registry[key] = WeakAppender(appender: appender)
        return appender
    }

    // MARK: Appending

    /// Appends `lines` (each ending in `\n`) and returns once they are fsynced. `notice` hears the
    /// log's permissions being tightened, if this appender leads the write that does it.
    func append(_ lines: Data, notice: @Sendable (Phrase) -> Void) throws {
        condition.lock()
        defer { condition.unlock() }
        queued.append(lines)
        queuedAppends += 1
        lastQueued += 1
        let mine = lastQueued
        while mine > lastSettled {
            if flushing { condition.wait() } else { lead(notice: notice) }
        }
        if let failed = failures.first(where: { $0.sequences.contains(mine) }) { throw failed.error }
    }

    /// Appends queued and not yet being written (tests wait for followers to have queued).
    var queuedCount: Int {
        condition.lock(); defer { condition.unlock() }
        return queuedAppends
    }

    /// Writes every queued line as one group; called with `condition` locked, returns with it locked.
    private func lead(notice: @Sendable (Phrase) -> Void) {
        flushing = true
        let group = queued, first = lastSettled + 1, through = lastQueued, sync = syncFile
        queued = Data()
        queuedAppends = 0
        condition.unlock()
        let outcome = Result { () throws(HistoryError) in try write(group, sync: sync, notice: notice) }
        condition.lock()
        syncCount += 1
        if case .failure(let error) = outcome {
            failures.append((first...through, error))
            if failures.count > 64 { failures.removeFirst(failures.count - 64) }
        }
        lastSettled = through
        flushing = false
        condition.broadcast()
    }

    /// One group, under the file's flock: permissions tightened, a torn last line (a crash mid-write)
    /// never glued onto the next record, one `write`, one sync, the directory entry of a new log made
    /// durable, the sidecar index extended.
    private func write(_ lines: Data, sync: (Int32) -> Int32, notice: @Sendable (Phrase) -> Void) throws(HistoryError) {
        let fd = try openForAppend()
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HistoryError.cannotWrite(path: path, reason: HistoryStore.errnoText()) }
        defer { flock(fd, LOCK_UN) }
        tightenPermissions(fd, notice: notice)
        var payload = Data()
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, size - 1) == 1, last != 0x0A { payload.append(0x0A) }
        }
        payload.append(lines)
        let written = payload.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == payload.count else {
            throw HistoryError.cannotWrite(path: path, reason: written < 0 ? HistoryStore.errnoText() : "short write")
        }
        guard sync(fd) == 0 else { throw HistoryError.cannotWrite(path: path, reason: HistoryStore.errnoText()) }
        if size == 0 {
            // A new log: its directory entry must be durable too, or a power cut could lose the file
            // with the acknowledged records in it.
            let directory = (path as NSString).deletingLastPathComponent
            let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
        }
        // Still under the log's lock, so sidecar extensions happen in append order. Best effort: the
        // records are already durable, and a reader extends a stale index itself.
        IndexSidecar.catchUp(forLog: path, file: LogFile.borrowing(fd, path: path), maxGap: 1 << 20)
    }

    /// Makes the log private (0600) if group or others have any access to it, before a record (with
    /// openids and tokens) goes into it; says so through `notice`, or that it could not.
    private func tightenPermissions(_ fd: Int32, notice: @Sendable (Phrase) -> Void) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & 0o077 != 0 else { return }
        let was = String(st.st_mode & 0o7777, radix: 8)
        if fchmod(fd, 0o600) == 0 {
            notice(Phrase { $0(HistoryLogText.tightened, ["path": path, "mode": "0" + was]) })
        } else {
            let reason = HistoryStore.errnoText()
            notice(Phrase { $0(HistoryLogText.notTightened, ["path": path, "mode": "0" + was, "reason": reason]) })
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
}

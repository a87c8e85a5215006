import CouponDeskText
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The log as the appender keeps it open between groups (reopening it per group cost a batch five
/// system calls a group). Touched only by the leader of the moment.
struct OpenLog {
    var fd: Int32 = -1
    /// The file `fd` is (device and inode), once checked under the flock.
    var identity: FileID?
    /// Where this process's last successful write to `identity` ended: the byte before it is that
    /// write's `\n`, so a group that starts there needs no look for a torn last line.
    var ownEnd: Int?

    mutating func close() {
        if fd >= 0 { Glibc.close(fd) }
        self = OpenLog()
    }
}

extension LogAppender {
    /// One group, under the file's flock: permissions tightened, the admissions asked, a torn last line
    /// (a crash mid-write) never glued onto the next record, one `write`, one sync, the directory entry
    /// of a new log made durable, the sidecar index extended. Sets the outcome of every slot but those
    /// deferred to the next group (a checked slot whose key an earlier slot of another owner already
    /// has in this group); returns the bytes of each slot with an owner once written and synced (a
    /// repairing newline goes with the group's first slot), and the deferred slots.
    func write(_ group: [Slot], sync: (Int32) -> Int32,
               notice: @Sendable (Phrase) -> Void) -> (owned: [(ObjectIdentifier, Range<Int>)], deferred: [Slot]) {
        let fd: Int32, now: LogFile.Identity
        do { (fd, now) = try lockedLog(notice: notice) } catch {
            for slot in group { slot.outcome = .failure(error) }
            return ([], [])
        }
        let size = now.size
        var keepOpen = true
        defer {
            flock(fd, LOCK_UN)
            if !keepOpen { log.close() }
        }
        let file = LogFile.borrowing(fd, path: path)
        var admitted: [Slot] = [], deferred: [Slot] = []
        var checked: [String: ObjectIdentifier?] = [:]
        for slot in group {
            guard let admission = slot.admission else { admitted.append(slot); continue }
            if let owner = checked[admission.key], owner != slot.owner { deferred.append(slot); continue }
            if let refusal = admission.check(file, now) { slot.outcome = .failure(refusal); continue }
            checked[admission.key] = slot.owner
            admitted.append(slot)
        }
        guard !admitted.isEmpty else { return ([], deferred) }
        var payload = Data()
        if size > 0 && log.ownEnd != size {
            var last: UInt8 = 0
            if pread(fd, &last, 1, off_t(size - 1)) == 1, last != 0x0A { payload.append(0x0A) }
        }
        var offsets: [Int] = []
        offsets.reserveCapacity(admitted.count)
        for slot in admitted {
            offsets.append(size + payload.count)
            payload.append(slot.lines)
        }
        willWrite(at: size, file: log.identity)
        let written = payload.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        var failure: HistoryError? = nil
        if written != payload.count {
            failure = .cannotWrite(path: path, reason: written < 0 ? HistoryStore.errnoText() : "short write")
        } else if sync(fd) != 0 {
            failure = .cannotWrite(path: path, reason: HistoryStore.errnoText())
        }
        if let failure {
            // Start the next group from a fresh descriptor and a fresh look at the file's end.
            keepOpen = false
            for slot in admitted { slot.outcome = .failure(failure) }
            return ([], deferred)
        }
        // With O_APPEND the descriptor's offset is now where the write ended: anywhere but `size` plus
        // the payload, a writer that does not take the flock put bytes before ours, and where our lines
        // start is not known (the tracker then reads them from the file like anyone else's).
        let placed = lseek(fd, 0, SEEK_CUR) == off_t(size + payload.count)
        log.ownEnd = placed ? size + payload.count : nil
        if size == 0 {
            // A new log: its directory entry must be durable too, or a power cut could lose the file
            // with the acknowledged records in it.
            let directory = (path as NSString).deletingLastPathComponent
            let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
        }
        var owned: [(ObjectIdentifier, Range<Int>)] = []
        for (index, (slot, offset)) in zip(admitted, offsets).enumerated() {
            slot.outcome = .success(placed ? offset : nil)
            if placed, let owner = slot.owner { owned.append((owner, (index == 0 ? size : offset)..<(offset + slot.lines.count))) }
        }
        // Still under the log's lock, so sidecar extensions happen in append order. Best effort: the
        // records are already durable, and a reader extends a stale index itself.
        IndexSidecar.catchUp(forLog: path, file: file, maxGap: 1 << 20)
        return (owned, deferred)
    }

    /// The log, open and flocked, with which file it is and its size: the descriptor of the last group
    /// while the path still names that file; opened afresh (created if missing) when the log was replaced or removed since.
    /// Its permissions are tightened before anything is written to it.
    private func lockedLog(notice: @Sendable (Phrase) -> Void) throws(HistoryError) -> (fd: Int32, identity: LogFile.Identity) {
        for _ in 0..<8 {
            if log.fd < 0 { log.fd = try openForAppend() }
            guard flock(log.fd, LOCK_EX) == 0 else {
                let error = HistoryError.cannotWrite(path: path, reason: HistoryStore.errnoText())
                log.close()
                throw error
            }
            var opened = stat(), named = stat()
            guard fstat(log.fd, &opened) == 0 else {
                let error = HistoryError.cannotWrite(path: path, reason: HistoryStore.errnoText())
                log.close()
                throw error
            }
            if stat(path, &named) == 0 && FileID(named) == FileID(opened) {
                if log.identity != FileID(opened) { log.identity = FileID(opened); log.ownEnd = nil }
                tightenPermissions(log.fd, mode: opened.st_mode, notice: notice)
                return (log.fd, LogFile.Identity(device: UInt64(opened.st_dev), inode: UInt64(opened.st_ino), size: Int(opened.st_size)))
            }
            // The path names another file now, or none: the records go where the path points.
            flock(log.fd, LOCK_UN)
            log.close()
        }
        throw HistoryError.cannotOpen(path: path, reason: "the file keeps being replaced")
    }

    /// Makes the log private (0600) if group or others have any access to it, before a record (with
    /// openids and tokens) goes into it; says so through `notice`, or that it could not.
    private func tightenPermissions(_ fd: Int32, mode: mode_t, notice: @Sendable (Phrase) -> Void) {
        guard mode & 0o077 != 0 else { return }
        let was = String(mode & 0o7777, radix: 8)
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

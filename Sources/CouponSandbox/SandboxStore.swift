import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where an engine's state lives: in memory, and for a sandbox directory in `state.json` plus the
/// append-only `state.journal` beside it, under the `state.json.lock` flock.
///
/// A transaction decides on the in-memory state with the flock held (so another process's commits
/// are seen first: it reads only the journal bytes appended since it last looked), and queues the
/// change it made as one journal line. Group commit: whoever finds no write in progress becomes the
/// leader, writes every queued line with one `write` and one `fsync`, and wakes the transactions
/// whose lines that was; lines queued meanwhile go in the next group. A transaction returns only once
/// its line — and every line before it, which its decision may rest on — is on stable storage, so
/// whatever the engine answers survives a crash; a write that fails fails every transaction queued.
///
/// The flock is held from the first transaction of a run of groups until the queue is empty (a
/// decided but unwritten line must not be overtaken by another process's decision); after
/// `maxGroupsPerHold` groups in a row new transactions wait until it is released, so other processes
/// on the directory get their turn. The journal is folded into state.json (`compact`) at `sandbox
/// serve`'s start and stop, and when it outgrows both `compactionBytes` and state.json.
final class SandboxStore: @unchecked Sendable {
    // Unchecked: every `var` is only touched with `condition` locked; `write` runs unlocked but only
    // by the one leader (`flushing`), on `journalFD`, which only the leader or a locked caller uses.
    let statePath: String?
    let journalPath: String?
    static let maxGroupsPerHold = 16
    static let compactionBytes = 8 << 20

    private let condition = NSCondition()
    private var state: SandboxState
    private var lockFD: Int32 = -1
    private var journalFD: Int32 = -1
    private var holdsLock = false
    /// The state.json that `state` was built on, and how many journal bytes were replayed onto it.
    private var baseIdentity: StateFileIdentity?
    private var journalApplied = 0
    private var needsReload = true
    /// Group commit: lines decided but not written, their sequence numbers, and how far writes got.
    private var queued = Data()
    private var queuedLines = 0
    private var lastQueued = 0
    private var lastSettled = 0
    private var failedGroups: [ClosedRange<Int>] = []
    private var flushing = false
    private var groupsThisHold = 0
    private var draining = false
    /// How many times the journal was fsynced (tests check that groups share them).
    private(set) var syncCount = 0
    /// Makes the journal durable: `fsync`, or a test's stand-in that holds a group back or fails it.
    var syncFile: @Sendable (Int32) -> Int32 = { fsync($0) }

    /// - Parameter statePath: state.json; nil keeps the state in memory only.
    init(statePath: String?) throws {
        self.statePath = statePath
        self.journalPath = statePath.map(SandboxState.journalPath(forStatePath:))
        state = SandboxState()
        // Read at once, so a damaged state.json or journal is reported when the sandbox starts.
        condition.lock()
        defer { condition.unlock() }
        try acquireAndCatchUp()
        releaseIfIdle()
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
        if journalFD >= 0 { close(journalFD) }
    }

    /// Runs `body` on the current state and returns once what it changed is durable. A throwing
    /// `body` changes nothing.
    func transact<T>(_ body: (inout SandboxState) throws -> T) throws -> T {
        condition.lock()
        defer { condition.unlock() }
        while draining { condition.wait() }
        do { try acquireAndCatchUp() } catch {
            releaseIfIdle()
            throw SandboxAPIError.systemError
        }
        let result: T
        let line: Data?
        do {
            result = try body(&state)
            line = statePath == nil ? nil : try state.takeJournalLine()
        } catch {
            state.undoChanges()
            releaseIfIdle()
            throw error
        }
        guard statePath != nil else {
            state.forgetChanges()
            return result
        }
        if let line {
            queued.append(line)
            queuedLines += 1
            lastQueued += 1
        }
        // A transaction that changed nothing still waits for what it read to be durable.
        try waitUntilSettled(lastQueued)
        return result
    }

    /// A copy of the state as it is now (after catching up with other processes when possible).
    func snapshot() -> SandboxState {
        (try? transact { $0 }) ?? { condition.lock(); defer { condition.unlock() }; return state }()
    }

    /// Folds the journal into state.json (atomic rewrite), then empties the journal.
    func compact() throws {
        guard let statePath else { return }
        condition.lock()
        defer { condition.unlock() }
        while flushing || !queued.isEmpty || draining { condition.wait() }
        do { try acquireAndCatchUp() } catch {
            releaseIfIdle()
            throw SandboxError.io(statePath, "cannot lock or read the sandbox state")
        }
        defer { releaseIfIdle(compacting: false) }
        try compactLocked()
    }

    /// Transactions whose lines are queued and not yet being written (tests).
    var queuedCount: Int {
        condition.lock(); defer { condition.unlock() }
        return queuedLines
    }

    // MARK: Group commit (all with `condition` locked)

    private func waitUntilSettled(_ sequence: Int) throws {
        while true {
            if failedGroups.contains(where: { $0.contains(sequence) }) {
                releaseIfIdle()
                throw SandboxAPIError.systemError
            }
            if sequence <= lastSettled {
                releaseIfIdle()
                return
            }
            if flushing { condition.wait() } else { lead() }
        }
    }

    /// Writes and fsyncs every queued line as one group.
    private func lead() {
        flushing = true
        let group = queued, through = lastQueued, fd = journalFD, sync = syncFile
        queued = Data()
        queuedLines = 0
        groupsThisHold += 1
        if groupsThisHold >= Self.maxGroupsPerHold { draining = true }
        condition.unlock()
        let written = Self.writeAll(group, to: fd) && sync(fd) == 0
        condition.lock()
        syncCount += 1
        flushing = false
        if written {
            journalApplied += group.count
            lastSettled = through
        } else {
            // The state in memory is ahead of the file: fail everything decided on it, cut the
            // journal back to its last good line, and rebuild the state from disk.
            failedGroups.append((lastSettled + 1)...max(lastSettled + 1, lastQueued))
            lastSettled = lastQueued
            queued = Data()
            queuedLines = 0
            _ = ftruncate(journalFD, off_t(journalApplied))
            needsReload = true
        }
        condition.broadcast()
    }

    /// Gives the flock back once nothing is queued or being written; first folds an oversized journal
    /// into state.json (the state in memory is then exactly what the files say).
    private func releaseIfIdle(compacting: Bool = true) {
        guard holdsLock, queued.isEmpty, !flushing else { return }
        if compacting, !needsReload, journalApplied > Self.compactionBytes,
           journalApplied > Int(baseIdentity?.size ?? 0) {
            try? compactLocked()
        }
        flock(lockFD, LOCK_UN)
        holdsLock = false
        groupsThisHold = 0
        draining = false
        condition.broadcast()
    }

    // MARK: Files (with `condition` locked)

    /// Takes the flock if this store does not hold it, and brings `state` up to what the files say:
    /// state.json again if it was replaced (another process compacted), else only the journal bytes
    /// appended since this store last read or wrote it. A torn last line — a writer killed mid-write,
    /// as nobody writes without the flock — is cut off.
    private func acquireAndCatchUp() throws {
        guard let statePath, let journalPath else { return }
        if holdsLock && !needsReload { return }
        if lockFD < 0 {
            lockFD = open(statePath + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard lockFD >= 0 else { throw SandboxError.io(statePath + ".lock", Self.errnoText()) }
        }
        if !holdsLock {
            while flock(lockFD, LOCK_EX) != 0 {
                guard errno == EINTR else { throw SandboxError.io(statePath + ".lock", Self.errnoText()) }
            }
            holdsLock = true
        }
        if journalFD < 0 || !Self.sameFile(journalFD, journalPath) {
            if journalFD >= 0 { close(journalFD) }
            journalFD = open(journalPath, O_CREAT | O_RDWR | O_APPEND | O_CLOEXEC, 0o600)
            guard journalFD >= 0 else { throw SandboxError.io(journalPath, Self.errnoText()) }
            needsReload = true
        }
        var info = stat()
        guard fstat(journalFD, &info) == 0 else { throw SandboxError.io(journalPath, Self.errnoText()) }
        let size = Int(info.st_size)
        let identity = StateFileIdentity(path: statePath)
        if needsReload || identity != baseIdentity || size < journalApplied {
            state = try SandboxState.loadCompacted(path: statePath)
            baseIdentity = identity
            journalApplied = 0
            needsReload = false
        }
        guard size > journalApplied else { return }
        let appended = try Self.read(journalFD, from: journalApplied, count: size - journalApplied, path: journalPath)
        do {
            journalApplied += try state.replay(journal: appended, startingAt: journalApplied, path: journalPath)
        } catch {
            needsReload = true
            throw error
        }
        if journalApplied < size { _ = ftruncate(journalFD, off_t(journalApplied)) }
    }

    /// Rewrites state.json from `state` (which holds every journaled change), then empties the journal.
    /// A crash in between replays the journal onto the new state.json, which changes nothing.
    private func compactLocked() throws {
        guard let statePath, holdsLock, !needsReload else { return }
        try state.save(path: statePath)
        guard ftruncate(journalFD, 0) == 0, fsync(journalFD) == 0 else {
            throw SandboxError.io(journalPath ?? statePath, "cannot empty the journal (\(Self.errnoText()))")
        }
        baseIdentity = StateFileIdentity(path: statePath)
        journalApplied = 0
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private static func writeAll(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }

    private static func read(_ fd: Int32, from offset: Int, count: Int, path: String) throws -> Data {
        var data = Data(count: count)
        var done = 0
        while done < count {
            let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; throw SandboxError.io(path, "cannot read (\(errnoText()))") }
            if n == 0 { break }
            done += n
        }
        return data.prefix(done)
    }
}

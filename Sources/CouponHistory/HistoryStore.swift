import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// Errors the history log reports; each names the file.
public enum HistoryError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "history \(p): cannot open (\(r))"
        case .cannotWrite(let p, let r): return "history \(p): cannot write (\(r))"
        }
    }
}

/// The JSON Lines history log (DESIGN §5): append-only, one record per line, 0600.
///
/// Append takes an exclusive `flock` so two consoles or scripts never interleave lines, repairs a torn
/// last line (a crash mid-write) by starting a new line, writes the record with one `write`, and
/// `fsync`s before returning: an acknowledged send is on stable storage.
public final class HistoryStore: SendJournal, @unchecked Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    public func append(_ record: SendRecord) throws {
        var line = try record.jsonLine()
        line.append(0x0A)
        try appendLines(line)
    }

    /// Appends already-encoded lines (each ending in `\n`) under the lock, then fsyncs.
    public func appendLines(_ bytes: Data) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryError.cannotOpen(path: path, reason: Self.errnoText()) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HistoryError.cannotWrite(path: path, reason: Self.errnoText()) }
        defer { flock(fd, LOCK_UN) }
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
    }

    /// Every readable record in file order, with the count of lines that could not be read.
    /// A missing file is an empty history.
    public func loadAll() throws -> (records: [SendRecord], unreadableLines: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], 0) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw HistoryError.cannotOpen(path: path, reason: (error as NSError).localizedDescription)
        }
        let decoder = JSONDecoder()
        var records: [SendRecord] = []
        var bad = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let record = try? decoder.decode(SendRecord.self, from: Data(line)) { records.append(record) } else { bad += 1 }
        }
        return (records, bad)
    }

    /// Every record of one send_request_no, oldest first (the last is its state).
    public func records(forSendRequestNo number: String) throws -> [SendRecord] {
        try loadAll().records.filter { $0.request.sendRequestNo == number }
    }
}

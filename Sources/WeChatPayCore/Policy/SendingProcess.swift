import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is sending: written into a send's write-ahead `pending` record (`"sender"`), so another process
/// reading the log can tell a send still in flight elsewhere from one whose process is gone.
///
/// `pid` alone is not enough: pids are reused. The process's start (`process_start`, clock ticks
/// after boot, from /proc) and the boot (`boot_id`) tell the sender from a later process that got
/// its pid; where /proc is not available they are absent and only the pid is checked.
public struct SendingProcess: Codable, Equatable, Hashable, Sendable {
    public var host: String
    public var pid: Int32
    public var bootID: String?
    public var processStart: UInt64?

    public init(host: String, pid: Int32, bootID: String? = nil, processStart: UInt64? = nil) {
        self.host = host; self.pid = pid; self.bootID = bootID; self.processStart = processStart
    }

    enum CodingKeys: String, CodingKey {
        case host, pid
        case bootID = "boot_id"
        case processStart = "process_start"
    }

    /// This process.
    public static let current = SendingProcess(host: hostName(), pid: getpid(), bootID: readBootID(),
                                               processStart: ProcessTable.status(of: getpid())?.start)

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(cString: buffer)
    }

    static func readBootID() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }
}

/// What a process table says about a pid (Linux /proc; nil elsewhere or when there is no such process).
enum ProcessTable {
    struct Status: Equatable { var state: Character; var start: UInt64 }

    static func status(of pid: Int32) -> Status? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(stat: text)
    }

    /// `/proc/PID/stat`: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so the fields
    /// are counted after the last ')'. Field 3 is the state, field 22 the start time.
    static func parse(stat text: String) -> Status? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
        return Status(state: state, start: start)
    }
}

/// What became of the process that wrote a `pending` record.
public enum SenderActivity: Equatable, Sendable {
    /// This very process wrote it.
    case thisProcess
    /// Another process on this host that still runs.
    case running
    /// Its process has ended (or the host has rebooted since).
    case ended
    /// Written on another host: its process cannot be checked from here.
    case otherHost
}

/// Looks a sender up (a seam for tests).
public protocol ProcessProbe: Sendable {
    func activity(of sender: SendingProcess) -> SenderActivity
}

/// Checks senders on this host with `kill(pid, 0)` and the process table.
public struct LocalProcessProbe: ProcessProbe {
    public let local: SendingProcess

    public init(local: SendingProcess = .current) { self.local = local }

    public func activity(of sender: SendingProcess) -> SenderActivity {
        guard sender.host == local.host else { return .otherHost }
        if let then = sender.bootID, let now = local.bootID, then != now { return .ended }
        if sender.pid == local.pid && sender.processStart == local.processStart { return .thisProcess }
        // Never 0 or negative: kill() would address a process group.
        guard sender.pid > 0 else { return .ended }
        // EPERM means the process exists but belongs to another user: still running.
        if kill(sender.pid, 0) != 0 && errno == ESRCH { return .ended }
        if let status = ProcessTable.status(of: sender.pid) {
            // A zombie has finished; a different start is a later process that reused the pid.
            if status.state == "Z" || status.state == "X" { return .ended }
            if let start = sender.processStart, start != status.start { return .ended }
        }
        return .running
    }
}

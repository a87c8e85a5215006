import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server (`tmux -L NAME`) running one program in a detached pane of a fixed size: the
/// driver of the end-to-end console tests. Its commands are spawned with posix_spawn
/// (`ChildProcess`): Foundation.Process hangs when it starts a tmux server.
public final class TmuxSession: Sendable {
    public let socket: String
    public let environment: [String: String]
    public let target = "console"

    /// The pane did not show what a test waited for; the description holds the last screen.
    public struct WaitTimedOut: Error, CustomStringConvertible {
        public let what: String
        public let screen: String
        public var description: String { "timed out waiting for \(what); screen:\n\(screen)" }
    }

    public struct CommandFailed: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "tmux failed: \(output)" }
    }

    public init(command: String, width: Int, height: Int, environment: [String: String]) throws {
        socket = "cdtest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.environment = environment
        let started = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", command])
        guard started.status == 0 else { throw CommandFailed(output: started.output) }
        try tmux(["set-option", "-g", "remain-on-exit", "on"])
        try tmux(["set-option", "-g", "set-clipboard", "on"])
    }

    /// Runs a tmux command on this server; stdout and stderr together.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> ChildResult {
        try ChildProcess.run(["tmux", "-u", "-L", socket] + arguments, environment: environment)
    }

    /// Literal text, typed as a person would.
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }

    /// Named keys: "C-s", "Tab", "BTab", "Enter", "Escape", "F10", "Down"...
    public func press(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }

    public func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", target]).output }

    /// Polls the pane until `predicate` holds; throws `WaitTimedOut` with the last screen after
    /// `timeout` seconds.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        throw WaitTimedOut(what: what, screen: last)
    }

    @discardableResult
    public func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("“\(text)”", timeout: timeout) { $0.contains(text) }
    }

    public func kill() {
        _ = try? tmux(["kill-server"])
    }
}

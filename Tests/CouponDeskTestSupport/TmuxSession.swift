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

    /// Polls the pane until `predicate` holds on a settled screen; throws `WaitTimedOut` with the last
    /// screen after `timeout` seconds.
    ///
    /// A capture can fall between two writes of one frame: tmux reads the pty in chunks, so the text
    /// waited for may be drawn while the rows after it still show the previous frame (seen under load:
    /// a help box's title with the form still inside it). So a match counts once two captures a moment
    /// apart agree; a screen that keeps changing (a spinner) is taken as it is after `settleLimit`.
    /// A passing state that is gone once the screen settles was still seen, and its capture is returned.
    @discardableResult
    public func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) {
                // What was waited for may be a passing state ("sending…"): it was seen, so it counts.
                let settled = try settle(from: last)
                return predicate(settled) ? settled : last
            }
            usleep(50_000)
        }
        throw WaitTimedOut(what: what, screen: last)
    }

    /// How long a matching screen may keep changing before it is taken as it is.
    public static let settleLimit: TimeInterval = 1

    /// The screen once two captures 40 ms apart are the same, or the newest after `settleLimit`.
    func settle(from first: String) throws -> String {
        let giveUp = Date().addingTimeInterval(Self.settleLimit)
        var previous = first
        while true {
            usleep(40_000)
            let current = try screen()
            if current == previous || Date() >= giveUp { return current }
            previous = current
        }
    }

    @discardableResult
    public func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("“\(text)”", timeout: timeout) { $0.contains(text) }
    }

    public func kill() {
        _ = try? tmux(["kill-server"])
    }
}

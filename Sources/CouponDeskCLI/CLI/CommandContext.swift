import Foundation
import WeChatPayCore

/// What a command line runs in: where its results (stdout) and diagnostics (stderr) go (DESIGN §3) and
/// the environment it reads (config and data locations). The process's own, or — for in-process tests —
/// any two file descriptors and any environment. Task-local, so a test can run a command line in its
/// own context while other tests run theirs.
public struct CommandContext: Sendable {
    public let out: Int32
    public let err: Int32
    public let environment: [String: String]

    public init(out: Int32, err: Int32, environment: [String: String]) {
        self.out = out; self.err = err; self.environment = environment
    }

    public static let standard = CommandContext(out: STDOUT_FILENO, err: STDERR_FILENO,
                                                environment: ProcessInfo.processInfo.environment)
    @TaskLocal public static var current = CommandContext.standard

    /// Writes all of `data` to `fd`, across short writes and interruptions; false when the stream fails.
    @discardableResult
    static func write(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return true }
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, base + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }
}

/// A result line (or text) on stdout.
func printOut(_ text: String) {
    CommandContext.write(Data((text + "\n").utf8), to: CommandContext.current.out)
}

/// Bytes on stdout, as they are.
func writeOut(_ data: Data) {
    CommandContext.write(data, to: CommandContext.current.out)
}

/// Diagnostics go to stderr (DESIGN §3); results to stdout.
///
/// Diagnostics quote arguments, file contents and network text, so they are sanitised here, at the
/// one way out, whatever the caller did: no escape sequence reaches the terminal through stderr.
func printError(_ message: String) {
    let safe = TerminalText.sanitize(message, keepNewlines: true)
    CommandContext.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8), to: CommandContext.current.err)
}

/// Text on stderr exactly as given (already safe: built from the command's own words).
func writeError(_ text: String) {
    CommandContext.write(Data(text.utf8), to: CommandContext.current.err)
}

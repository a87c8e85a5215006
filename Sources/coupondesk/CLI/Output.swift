import Foundation
import WeChatPayCore

/// Diagnostics go to stderr (DESIGN §3); results to stdout.
///
/// Diagnostics quote arguments, file contents and network text, so they are sanitised here, at the
/// one way out, whatever the caller did: no escape sequence reaches the terminal through stderr.
func printError(_ message: String) {
    let safe = TerminalText.sanitize(message, keepNewlines: true)
    FileHandle.standardError.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
}

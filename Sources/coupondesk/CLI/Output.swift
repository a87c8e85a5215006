import Foundation

/// Diagnostics go to stderr (DESIGN §3); results to stdout.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
}

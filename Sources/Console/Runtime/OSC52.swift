import Foundation

/// The OSC 52 escape sequence that asks the terminal (or tmux with `set-clipboard on`) to put text
/// on the system clipboard; it works over SSH, where no clipboard API could.
public enum OSC52 {
    public static func sequence(for text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }
}

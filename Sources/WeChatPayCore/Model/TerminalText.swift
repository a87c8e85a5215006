/// Makes text from the network or from files safe to put on a terminal: C0/C1 control characters,
/// DEL, and therefore every escape sequence introducer (ESC, CSI, OSC...) are replaced, so a hostile
/// message can never move the cursor, retitle the window or write to the clipboard.
public enum TerminalText {
    public static func sanitize(_ text: String, replacement: Character = "�", keepNewlines: Bool = false) -> String {
        var out = String()
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepNewlines && scalar == "\n") {
                out.append(replacement)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for C0 controls (incl. ESC, TAB, NL), DEL, C1 controls (U+0080–U+009F, which some
    /// terminals treat as CSI/OSC), bidi overrides, and line/paragraph separators.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        if v == 0x2028 || v == 0x2029 { return true }
        return false
    }
}

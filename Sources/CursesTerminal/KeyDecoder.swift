import CNcursesw
import Console

/// Turns what `wget_wch` returns into console keys.
///
/// `keypad(TRUE)` makes ncurses decode the terminal's escape sequences (arrows, F-keys, Shift-Tab as
/// KEY_BTAB) via terminfo; what is left is plain characters, control characters, and ESC — which is
/// either the Esc key, an Alt/Meta prefix, or the start of a sequence terminfo did not know (those
/// are swallowed rather than typed into a field).
public enum KeyDecoder {
    public enum Decoded: Equatable, Sendable {
        case key(Key)
        case resize
        case ignored
    }

    /// What one read from ncurses gave: `status` is wget_wch's return (OK, KEY_CODE_YES), `value` the
    /// character or key code. A read that got nothing in time is nil.
    public typealias Read = (status: Int32, value: UInt32)

    /// The next key or resize from `read` (called with how long it may wait, in ms), or nil when
    /// nothing came within `timeoutMilliseconds`. Inputs that mean nothing (an unknown escape sequence,
    /// an unknown key code) are skipped in a loop, without waiting again: a paste of a million of
    /// them costs no stack (it used to be one recursive call each).
    public static func next(timeoutMilliseconds: Int, read: (_ timeoutMilliseconds: Int) -> Read?) -> Decoded? {
        var timeout = timeoutMilliseconds
        while let first = read(timeout) {
            timeout = 0
            let decoded = decode(status: first.status, value: first.value) { read(0) }
            if decoded != .ignored { return decoded }
        }
        return nil
    }

    /// `status` is wget_wch's return (OK, KEY_CODE_YES, ERR); `value` the character or key code.
    /// `next` reads the following character without waiting (nil when nothing is queued).
    public static func decode(status: Int32, value: UInt32, next: () -> (status: Int32, value: UInt32)?) -> Decoded {
        if status == Int32(CD_KEY_CODE_YES) { return decodeKeyCode(Int32(bitPattern: value)) }
        guard status == Int32(CD_OK) else { return .ignored }
        if value == 27 { return decodeEscape(next: next) }
        return decodeCharacter(value)
    }

    static func decodeKeyCode(_ code: Int32) -> Decoded {
        switch code {
        case Int32(CD_KEY_RESIZE): return .resize
        case Int32(CD_KEY_UP): return .key(.up)
        case Int32(CD_KEY_DOWN): return .key(.down)
        case Int32(CD_KEY_LEFT): return .key(.left)
        case Int32(CD_KEY_RIGHT): return .key(.right)
        case Int32(CD_KEY_HOME), Int32(CD_KEY_A1): return .key(.home)
        case Int32(CD_KEY_END), Int32(CD_KEY_C1): return .key(.end)
        case Int32(CD_KEY_PPAGE), Int32(CD_KEY_A3): return .key(.pageUp)
        case Int32(CD_KEY_NPAGE), Int32(CD_KEY_C3): return .key(.pageDown)
        case Int32(CD_KEY_BACKSPACE): return .key(.backspace)
        case Int32(CD_KEY_DC): return .key(.delete)
        case Int32(CD_KEY_IC): return .key(.insert)
        case Int32(CD_KEY_ENTER): return .key(.enter)
        case Int32(CD_KEY_BTAB): return .key(.backTab)
        case Int32(CD_KEY_F0) + 1 ... Int32(CD_KEY_F0) + 24: return .key(.function(Int(code - Int32(CD_KEY_F0))))
        default: return .ignored
        }
    }

    /// Plain characters and C0 controls (raw mode delivers Ctrl-C, Ctrl-S, Ctrl-Q as bytes).
    static func decodeCharacter(_ value: UInt32) -> Decoded {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8: return .key(.control("h"))
        case 127: return .key(.backspace)
        case 1...26:
            return .key(.control(Character(Unicode.Scalar(UInt8(value) + 96))))
        case 0..<32, 0x80..<0xA0: return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    static func decodeEscape(next: () -> (status: Int32, value: UInt32)?) -> Decoded {
        guard let following = next() else { return .key(.escape) }
        if following.status == Int32(CD_KEY_CODE_YES) {
            // Alt+arrow and friends: take the key, drop the Alt.
            return decodeKeyCode(Int32(bitPattern: following.value))
        }
        guard following.status == Int32(CD_OK) else { return .key(.escape) }
        switch following.value {
        case 27:
            return .key(.escape)
        case UInt32(UInt8(ascii: "[")), UInt32(UInt8(ascii: "O")):
            // An escape sequence terminfo did not decode: consume it up to its final byte.
            var count = 0
            while count < 32, let byte = next() {
                count += 1
                if byte.status == Int32(CD_OK), (0x40...0x7E).contains(byte.value) { break }
            }
            return .ignored
        default:
            if case .key(.character(let c)) = decodeCharacter(following.value) { return .key(.alt(c)) }
            return .key(.escape)
        }
    }
}

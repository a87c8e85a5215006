import CNcursesw
import Console

/// One unit of what `wgetch` reads: a byte of the terminal's input, or a key ncurses recognised from
/// terminfo (keypad mode: arrows, F-keys, Shift-Tab as KEY_BTAB, a resize).
public enum RawInput: Equatable, Sendable {
    case byte(UInt8)
    case keyCode(Int32)
}

/// Turns the terminal's bytes into console keys.
///
/// ncurses decodes the escape sequences terminfo knows (keypad mode); this decodes the rest itself,
/// byte by byte, because `wget_wch` handles bad input badly: on a byte that is not UTF-8 it reports an
/// error, and everything after it was lost — a pasted `oUpF8uMu\xA0AJO…` became the valid openid
/// `oUpF8uMu`. Here nothing is ever dropped: each maximal ill-formed subsequence (Unicode §3.9, as
/// WHATWG decodes) becomes one `.invalidInput` key, which the console shows as U+FFFD, and decoding goes
/// on with the next byte. A raw 0x9B is such a byte, never an 8-bit CSI (in UTF-8 it is not one).
/// Escape sequences that arrive as bytes — CSI and SS3 up to their final byte, OSC/DCS/APC/PM/SOS
/// strings up to BEL or ST, `ESC ( B` and friends — are consumed whole, so a pasted `\e]0;T\a` leaves
/// nothing in a field.
public final class InputDecoder {
    public enum Decoded: Equatable, Sendable {
        case key(Key)
        case resize
    }

    /// How long to wait for the rest of a character or sequence that has begun (ms): a paste arrives
    /// at once, but a slow link may split it between reads.
    static let continuationWait = 50
    /// Bounds on the bytes one escape sequence may swallow; past them the rest is read as input again.
    static let maxSequenceLength = 256
    static let maxStringLength = 1 << 16

    private let read: (_ timeoutMilliseconds: Int) -> RawInput?
    /// Inputs read ahead and given back, the next one last.
    private var pushedBack: [RawInput] = []

    /// `read` returns the next input, waiting at most that many ms (0: only what is queued), or nil.
    public init(read: @escaping (_ timeoutMilliseconds: Int) -> RawInput?) {
        self.read = read
    }

    /// The next key or resize, or nil when nothing came within `timeoutMilliseconds`. Inputs that mean
    /// nothing (an escape sequence, a NUL, an unknown key code) are skipped in a loop without waiting
    /// again: a paste of a million of them costs no stack.
    public func next(timeoutMilliseconds: Int) -> Decoded? {
        var timeout = timeoutMilliseconds
        while let first = take(waiting: timeout) {
            timeout = 0
            if let decoded = decode(first) { return decoded }
        }
        return nil
    }

    private func take(waiting timeout: Int) -> RawInput? {
        if let input = pushedBack.popLast() { return input }
        return read(timeout)
    }

    private func pushBack(_ input: RawInput) { pushedBack.append(input) }

    /// True when more input is already queued (the bytes after an ESC came with it, as a terminal
    /// sends a sequence or an Alt-key in one write).
    private func moreIsQueued() -> Bool {
        guard let input = take(waiting: 0) else { return false }
        pushBack(input)
        return true
    }

    /// nil: the input means nothing to the console.
    private func decode(_ input: RawInput) -> Decoded? {
        switch input {
        case .keyCode(let code): return Self.decodeKeyCode(code)
        case .byte(0x1B): return decodeEscape()
        case .byte(let byte) where byte < 0x80: return Self.decodeASCII(byte)
        case .byte(let lead): return decodeUTF8(lead: lead)
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Decoded? {
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
        default: return nil
        }
    }

    /// Printable ASCII and C0 controls (raw mode delivers Ctrl-C, Ctrl-S, Ctrl-Q as bytes).
    static func decodeASCII(_ byte: UInt8) -> Decoded? {
        switch byte {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8: return .key(.control("h"))
        case 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(byte + 96))))
        case 0..<32: return nil     // NUL, Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_: bound to nothing
        default: return .key(.character(Character(Unicode.Scalar(byte))))
        }
    }

    /// For a UTF-8 lead byte: how many continuation bytes follow, and the range the first of them must
    /// be in (which rules out overlong forms, surrogates and values past U+10FFFF). nil: not a lead byte.
    static func utf8Shape(lead: UInt8) -> (continuations: Int, first: ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: return (1, 0x80...0xBF)
        case 0xE0: return (2, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (2, 0x80...0xBF)
        case 0xED: return (2, 0x80...0x9F)
        case 0xF0: return (3, 0x90...0xBF)
        case 0xF1...0xF3: return (3, 0x80...0xBF)
        case 0xF4: return (3, 0x80...0x8F)
        default: return nil
        }
    }

    /// A character from its UTF-8 bytes, or `.invalidInput` with the bytes of the ill-formed part; an
    /// input that ends the ill-formed part is given back and decoded on its own.
    private func decodeUTF8(lead: UInt8) -> Decoded {
        guard let shape = Self.utf8Shape(lead: lead) else { return .key(.invalidInput([lead])) }
        var bytes = [lead]
        for index in 0..<shape.continuations {
            let allowed: ClosedRange<UInt8> = index == 0 ? shape.first : 0x80...0xBF
            guard let input = take(waiting: Self.continuationWait) else { return .key(.invalidInput(bytes)) }
            guard case .byte(let byte) = input, allowed.contains(byte) else {
                pushBack(input)
                return .key(.invalidInput(bytes))
            }
            bytes.append(byte)
        }
        guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first,
              !(0x80...0x9F).contains(scalar.value) else {
            // A C1 control (U+0080–U+009F): no text, and some terminals act on it. Dropping it would
            // shorten a pasted value just as silently as a bad byte.
            return .key(.invalidInput(bytes))
        }
        return .key(.character(Character(scalar)))
    }

    /// ESC: the Esc key, Alt plus a key, or the start of an escape sequence (consumed, nil).
    private func decodeEscape() -> Decoded? {
        guard let following = take(waiting: 0) else { return .key(.escape) }
        guard case .byte(let byte) = following else {
            // Alt+arrow and friends: ncurses decoded the key after the ESC; take the key, drop the Alt.
            if case .keyCode(let code) = following { return Self.decodeKeyCode(code) }
            return .key(.escape)
        }
        let alt = Decoded.key(.alt(Character(Unicode.Scalar(byte))))
        switch byte {
        case 0x5B, 0x4F:                          // CSI `ESC [`, SS3 `ESC O`
            guard moreIsQueued() else { return alt }
            skipControlSequence()
            return nil
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:        // OSC `]`, DCS `P`, SOS `X`, PM `^`, APC `_`
            guard moreIsQueued() else { return alt }
            skipControlString()
            return nil
        case 0x20...0x2F:                         // `ESC ( B`, `ESC # 8`: intermediates, then a final
            guard moreIsQueued() else { return alt }
            skipIntermediates()
            return nil
        case 0x30...0x7E:
            return alt
        default:
            // ESC ESC, or ESC before a control key or a non-ASCII byte: Esc, then that input on its own.
            pushBack(following)
            return .key(.escape)
        }
    }

    /// A CSI or SS3 sequence after its introducer: parameter and intermediate bytes up to the final
    /// byte (0x40–0x7E). Anything else ends it and is read as input again.
    private func skipControlSequence() { skipSequence(finalBytesFrom: 0x40) }

    /// Bytes 0x20–0x7E up to the first at or above `final`, which ends the sequence; any other input
    /// ends it too and is read again.
    private func skipSequence(finalBytesFrom final: UInt8) {
        for _ in 0..<Self.maxSequenceLength {
            guard let input = take(waiting: Self.continuationWait) else { return }
            guard case .byte(let byte) = input, (0x20...0x7E).contains(byte) else {
                pushBack(input)
                return
            }
            if byte >= final { return }
        }
    }

    /// An OSC, DCS, SOS, PM or APC string: up to BEL (xterm's OSC end) or ST (`ESC \`); CAN and SUB
    /// cancel it. An ESC that does not start ST ends the string and begins the next input.
    private func skipControlString() {
        for _ in 0..<Self.maxStringLength {
            guard let input = take(waiting: Self.continuationWait) else { return }
            guard case .byte(let byte) = input else {
                pushBack(input)
                return
            }
            switch byte {
            case 0x07, 0x18, 0x1A:
                return
            case 0x1B:
                guard let after = take(waiting: Self.continuationWait) else { return }
                if after == .byte(0x5C) { return }
                pushBack(after)
                pushBack(.byte(0x1B))
                return
            default:
                continue
            }
        }
    }

    /// `ESC` + intermediate bytes (0x20–0x2F) + a final byte (0x30–0x7E).
    private func skipIntermediates() { skipSequence(finalBytesFrom: 0x30) }
}

/// Writes one line of JSON byte by byte: what the history log and `--json` print, without JSONEncoder.
///
/// The text is exactly what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` followed by
/// `SendRecord.escapingTerminalControls` writes (the tests hold the two side by side): in strings `"`
/// and `\` escaped, `\b \t \n \f \r` short, the other C0 controls as `\u00xx`, `/` left as it is, and
/// every other character a terminal could act on (DEL, C1 controls, bidi overrides, line and paragraph
/// separators) as a `\uXXXX` escape, lower-case hex; everything else as its UTF-8 bytes. Integers in
/// decimal. The caller writes an object's keys in sorted order (the writer does not sort them).
struct JSONLineWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    // MARK: Structure

    /// `{`: the caller then writes `key(_:)` and a value for each member, keys sorted.
    mutating func beginObject() { bytes.append(UInt8(ascii: "{")); first = true }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); first = false }
    mutating func beginArray() { bytes.append(UInt8(ascii: "[")); first = true }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); first = false }

    /// Whether the next member or element is the first of its object or array (no comma before it).
    private var first = true

    /// A member's name and the colon; a comma before it unless it is the first. `name` must need no
    /// escaping (the record's keys are plain ASCII); other names go through `key(escaping:)`.
    mutating func key(_ name: StaticString) {
        comma()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A member's name from data (a JSON value's object), escaped like any string.
    mutating func key(escaping name: String) {
        comma()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Before an array's element: a comma unless it is the first.
    mutating func element() { comma() }

    private mutating func comma() {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    // MARK: Values

    mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    mutating func bool(_ value: Bool) {
        if value { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    mutating func string(_ text: String?) {
        guard let text else { null(); return }
        appendString(text)
    }

    mutating func int(_ value: Int?) {
        guard let value else { null(); return }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(UInt64(value.magnitude))
    }

    mutating func int64(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    mutating func unsigned(_ value: UInt64) {
        if value < 10 { bytes.append(0x30 &+ UInt8(truncatingIfNeeded: value)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)   // 32 bytes: up to 20 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                count += 1
                buffer[32 - count] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: buffer[(32 - count)...])
        }
    }

    /// Text JSON already holds (a nested value written elsewhere), as it is.
    mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    // MARK: Strings

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in appendEscaped(utf8) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let count = utf8.count
        var copied = 0   // bytes before this index are written
        var i = 0
        while i < count {
            let byte = utf8[i]
            // Plain bytes go out in runs: most text needs no escape at all.
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte < 0x7F { i += 1; continue }
            if byte >= 0x80 {
                // Only U+0080–U+009F (C2 80–9F), U+2028–U+202E (E2 80 A8–AE) and U+2066–U+2069
                // (E2 81 A6–A9) are escaped among the multi-byte characters.
                if byte == 0xC2, i + 1 < count, utf8[i + 1] <= 0x9F {
                    flush(utf8, from: copied, to: i)
                    escapeScalar(UInt32(utf8[i + 1]))
                    i += 2; copied = i
                } else if byte == 0xE2, i + 2 < count,
                          (utf8[i + 1] == 0x80 && (0xA8...0xAE).contains(utf8[i + 2]))
                            || (utf8[i + 1] == 0x81 && (0xA6...0xA9).contains(utf8[i + 2])) {
                    flush(utf8, from: copied, to: i)
                    escapeScalar(0x2000 | (UInt32(utf8[i + 1] & 0x3F) << 6) | UInt32(utf8[i + 2] & 0x3F))
                    i += 3; copied = i
                } else {
                    i += 1
                }
                continue
            }
            flush(utf8, from: copied, to: i)
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: escapeScalar(UInt32(byte))   // the other C0 controls and DEL
            }
            i += 1; copied = i
        }
        flush(utf8, from: copied, to: count)
    }

    private mutating func flush(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        guard end > start else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
    }

    /// `\uXXXX`, lower-case hex (every escaped character is below U+10000).
    private mutating func escapeScalar(_ value: UInt32) {
        let hex = Self.hex
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"),
                                  hex[Int((value >> 12) & 0xF)], hex[Int((value >> 8) & 0xF)],
                                  hex[Int((value >> 4) & 0xF)], hex[Int(value & 0xF)]])
    }
}

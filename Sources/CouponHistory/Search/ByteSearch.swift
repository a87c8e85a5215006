import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `HistorySearch` (WeChatPayCore's one definition of what a history search matches) over raw log
/// bytes: ASCII letters match either case, every other byte exactly, inside the values of the searched
/// fields.
///
/// The text is searched in the forms it can take inside a JSON string: as typed (UTF-8) and, when it is
/// not plain ASCII, `\uXXXX`-escaped the way `ensure_ascii` encoders (Python's default) write it; a `/`
/// also as `\/`, which some encoders write.
struct ByteSearch {
    /// Lower-cased patterns, one per JSON spelling of the text.
    let patterns: [[UInt8]]

    init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        var forms: [[UInt8]] = []
        for asciiOnly in [false, true] {
            for escapeSlash in text.contains("/") ? [false, true] : [false] {
                let form = ByteSearch.jsonEscaped(text, asciiOnly: asciiOnly, escapeSlash: escapeSlash)
                if !forms.contains(form) { forms.append(form) }
            }
        }
        patterns = forms.map { $0.map(ByteSearch.lower) }
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    @inline(__always) static func upper(_ b: UInt8) -> UInt8 {
        (b >= 0x61 && b <= 0x7A) ? b & ~0x20 : b
    }

    /// How the text appears between the quotes of a JSON string.
    static func jsonEscaped(_ text: String, asciiOnly: Bool, escapeSlash: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        func hex(_ unit: UInt16) {
            out += Array(String(format: "\\u%04x", unit).utf8)
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "/" where escapeSlash: out += [0x5C, 0x2F]
            case "\n": out += [0x5C, UInt8(ascii: "n")]
            case "\t": out += [0x5C, UInt8(ascii: "t")]
            case "\r": out += [0x5C, UInt8(ascii: "r")]
            default:
                if scalar.value < 0x20 {
                    hex(UInt16(scalar.value))
                } else if scalar.isASCII || !asciiOnly {
                    out += Array(String(scalar).utf8)
                } else {
                    for unit in String(scalar).utf16 { hex(unit) }
                }
            }
        }
        return out
    }

    /// True when some pattern occurs in `bytes`.
    func occurs(in bytes: UnsafeRawBufferPointer) -> Bool {
        for pattern in patterns where Finder(pattern: pattern, anchorFrequency: nil).first(in: bytes, from: 0) != nil {
            return true
        }
        return false
    }

    /// True when some pattern occurs inside the value of one of the searched fields of `line`
    /// (`HistorySearch.fieldKeys`).
    func matchesSearchableField(of line: RawLine) -> Bool {
        for key in RawLine.searchableKeys {
            guard let range = line.stringValue(of: key) else { continue }
            if occurs(in: UnsafeRawBufferPointer(rebasing: line.bytes[range])) { return true }
        }
        return false
    }
}

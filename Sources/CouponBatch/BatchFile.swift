import Foundation

/// A campaign file: CSV as RFC 4180 has it (UTF-8, a header row, fields separated by commas, quoted
/// fields holding commas, `""` quotes and line breaks), as spreadsheets export it.
///
/// Line numbers are physical lines of the file, 1-based, the header being line 1: a row is named by
/// the line it starts on, so a quoted field with a line break makes the next row start further down —
/// the number an editor shows. A UTF-8 byte-order mark (Excel writes one) is ignored; CRLF and LF both
/// end a record; a line holding nothing at all (a trailing newline, a blank line) is no row.
public struct BatchFile: Sendable, Equatable {
    /// One record of the file: the physical line it starts on and its fields, as written.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
    }

    /// Why the file could not be read as CSV at all. Each names the line.
    public enum ReadError: Error, Equatable, Sendable {
        case notUTF8(line: Int)
        case unterminatedQuote(line: Int)
        case quoteInUnquotedField(line: Int)
        case textAfterClosingQuote(line: Int)
        case noHeader
    }

    /// The header's fields, as written.
    public var header: [String]
    /// The records after the header, blank lines left out.
    public var rows: [Row]

    public init(header: [String], rows: [Row]) { self.header = header; self.rows = rows }

    /// Reads CSV bytes. Throws the first structural error (with its line); field rules are not checked
    /// here (`BatchPlan` does that, for every row).
    public static func parse(_ data: Data) throws(ReadError) -> BatchFile {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try checkUTF8(bytes)
        var records: [Row] = []
        var parser = Parser(bytes: bytes)
        while let record = try parser.next() { records.append(record) }
        guard let first = records.first else { throw .noHeader }
        return BatchFile(header: first.fields, rows: Array(records.dropFirst()))
    }

    /// The first physical line that is not UTF-8 text, if any: every later message quotes the file, so
    /// a byte that is not text is refused with its line rather than turned into �.
    static func checkUTF8(_ bytes: [UInt8]) throws(ReadError) {
        if String(validating: bytes, as: UTF8.self) != nil { return }
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { throw .notUTF8(line: line) }
            line += 1
            start = index + 1
        }
        throw .notUTF8(line: line)
    }

    /// RFC 4180's grammar over bytes (the separators are ASCII, so UTF-8 text passes through whole).
    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        static let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        /// The next record, or nil at the end. Blank lines are skipped.
        mutating func next() throws(ReadError) -> Row? {
            while index < bytes.count {
                if bytes[index] == Self.lf { index += 1; line += 1; continue }
                if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.lf {
                    index += 2; line += 1; continue
                }
                break
            }
            guard index < bytes.count else { return nil }
            let start = line
            var fields: [String] = []
            while true {
                fields.append(try field(recordLine: start))
                if index >= bytes.count { return Row(line: start, fields: fields) }
                switch bytes[index] {
                case Self.comma:
                    index += 1
                    if index >= bytes.count { fields.append(""); return Row(line: start, fields: fields) }
                case Self.lf:
                    index += 1; line += 1
                    return Row(line: start, fields: fields)
                default: // CR LF (a lone CR is text inside the field; see `field`)
                    index += 2; line += 1
                    return Row(line: start, fields: fields)
                }
            }
        }

        /// One field; stops before the comma or line end that follows it.
        mutating func field(recordLine: Int) throws(ReadError) -> String {
            if index < bytes.count, bytes[index] == Self.quote {
                let opened = line
                index += 1
                var value: [UInt8] = []
                while true {
                    guard index < bytes.count else { throw .unterminatedQuote(line: opened) }
                    let byte = bytes[index]
                    if byte == Self.quote {
                        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                            value.append(Self.quote); index += 2; continue
                        }
                        index += 1
                        break
                    }
                    if byte == Self.lf { line += 1 }
                    value.append(byte)
                    index += 1
                }
                guard atFieldEnd else { throw .textAfterClosingQuote(line: line) }
                return String(decoding: value, as: UTF8.self)
            }
            let start = index
            while index < bytes.count, !atFieldEnd {
                if bytes[index] == Self.quote { throw .quoteInUnquotedField(line: line) }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// At a comma, a line end (LF or CR LF) or the end of the bytes.
        var atFieldEnd: Bool {
            guard index < bytes.count else { return true }
            switch bytes[index] {
            case Self.comma, Self.lf: return true
            case Self.cr: return index + 1 < bytes.count && bytes[index + 1] == Self.lf
            default: return false
            }
        }
    }
}

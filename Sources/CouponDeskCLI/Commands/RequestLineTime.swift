import Foundation
import WeChatPayCore

/// The time of `sandbox serve`'s request lines, exactly as `SendRecord.timestamp` writes it
/// (`2026-11-28T14:12:00.123+08:00`), from one formatter shared by the connection threads.
///
/// Formatting (ICU) is dear next to answering a request, so the formatter writes each second once and
/// the milliseconds are put into that text: Foundation hands ICU the instant as milliseconds since
/// 1970 plus a half, and ICU cuts that down to whole milliseconds — the same arithmetic is done here,
/// and the tests compare the two over many instants.
final class RequestLineTime: @unchecked Sendable {
    // Unchecked: `formatter` and `second` are only used with `lock` held.
    private let lock = NSLock()
    private let formatter: DateFormatter
    /// The last second written: its Unix second, its text, and where its three millisecond digits are.
    private var second: (unix: Int64, text: [UInt8], digits: Int)?

    init(timeZone: TimeZone = .current) {
        formatter = SendRecord.timestampFormatter(timeZone: timeZone)
    }

    func string(_ date: Date) -> String {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        lock.lock(); defer { lock.unlock() }
        // Instants far from now (none a request has) go to the formatter as they are.
        guard milliseconds.magnitude < 1e15 else { return formatter.string(from: date) }
        let total = Int64(milliseconds)
        let unix = total >= 0 ? total / 1000 : (total - 999) / 1000
        let millisecond = Int(total - unix * 1000)
        if second?.unix != unix {
            let text = formatter.string(from: Date(timeIntervalSince1970: Double(unix)))
            // A whole second's fraction is ".000", after the last "." (the zone offset has none).
            guard let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")), text.utf8[dot...].starts(with: ".000".utf8) else {
                second = nil
                return formatter.string(from: date)
            }
            second = (unix, Array(text.utf8), text.utf8.distance(from: text.utf8.startIndex, to: dot) + 1)
        }
        guard let cached = second else { return formatter.string(from: date) }
        var bytes = cached.text
        let digits = cached.digits
        bytes[digits] = UInt8(ascii: "0") + UInt8(millisecond / 100)
        bytes[digits + 1] = UInt8(ascii: "0") + UInt8(millisecond / 10 % 10)
        bytes[digits + 2] = UInt8(ascii: "0") + UInt8(millisecond % 10)
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation

/// `SendRecord.timestamp`'s text, `2026-11-28T14:12:00.123+08:00`, by integer arithmetic: the same
/// string DateFormatter (`yyyy-MM-dd'T'HH:mm:ss.SSSxxx`, en_US_POSIX) writes, without ICU. Foundation's
/// formatting was a visible share of a batch's client CPU per send (two records per row), and its
/// formatter needed a lock to be shared.
///
/// What DateFormatter does, reproduced: the instant becomes milliseconds since 1970 as CoreFoundation
/// computes them — `(seconds since 2001 + 978307200) * 1000 + 0.5`, floored (so a time is rounded to
/// the nearest millisecond, in the double arithmetic's own way) — the zone's offset at that instant is
/// added, and the local day is split into proleptic Gregorian fields; the offset is written `±HH:mm`.
/// Instants outside 1900–9999 (Julian dates before 1582, years of other widths) and offsets with
/// seconds (local mean times of old dates) go through DateFormatter itself.
enum TimestampFormatter {
    static let oldest: Int64 = -2_208_988_800_000        // 1900-01-01T00:00:00Z, in ms since 1970
    static let newest: Int64 = 253_402_214_400_000       // 9999-12-31T00:00:00Z

    static func string(from date: Date, timeZone: TimeZone) -> String {
        let udate = (date.timeIntervalSinceReferenceDate + 978_307_200.0) * 1000.0 + 0.5
        guard udate.isFinite, udate >= Double(oldest), udate < Double(newest) else {
            return SendRecord.timestampFormatter(timeZone: timeZone).string(from: date)
        }
        let millis = Int64(udate.rounded(.down))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000))
        // An offset with seconds (a local mean time, a zone made from seconds) is not always applied
        // to the fields as given (a `GMT+0101` zone of 3661 s shows 01:01:00): DateFormatter decides.
        guard offset % 60 == 0 else { return SendRecord.timestampFormatter(timeZone: timeZone).string(from: date) }
        return format(millis: millis, offsetSeconds: offset)
    }

    /// The text of `millis` since 1970 (UTC) seen at a zone `offsetSeconds` east of UTC.
    static func format(millis: Int64, offsetSeconds: Int) -> String {
        let local = millis + Int64(offsetSeconds) * 1000
        let days = floorDivide(local, 86_400_000)
        let inDay = Int(local - days * 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let magnitude = abs(offsetSeconds)

        return String(unsafeUninitializedCapacity: 29) { b in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = 0x30 &+ UInt8(v % 10); v /= 10 }
            }
            put(year, 0, 4); b[4] = 0x2D
            put(month, 5, 2); b[7] = 0x2D
            put(day, 8, 2); b[10] = UInt8(ascii: "T")
            put(inDay / 3_600_000, 11, 2); b[13] = 0x3A
            put(inDay / 60_000 % 60, 14, 2); b[16] = 0x3A
            put(inDay / 1000 % 60, 17, 2); b[19] = 0x2E
            put(inDay % 1000, 20, 3)
            b[23] = offsetSeconds < 0 ? 0x2D : 0x2B
            put(magnitude / 3600, 24, 2); b[26] = 0x3A
            put(magnitude / 60 % 60, 27, 2)
            return 29
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Year, month and day of the proleptic Gregorian calendar, `days` after 1970-01-01 (H. Hinnant's
    /// `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}

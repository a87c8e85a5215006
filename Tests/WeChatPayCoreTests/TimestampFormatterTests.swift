import Foundation
import Testing
@testable import WeChatPayCore

/// `SendRecord.timestamp` by integer arithmetic writes what DateFormatter wrote for the same instant
/// and zone: the history's `time` field, unchanged.
@Suite struct TimestampFormatterTests {
    static func reference(_ date: Date, _ zone: TimeZone) -> String {
        SendRecord.timestampFormatter(timeZone: zone).string(from: date)
    }

    static let zones: [TimeZone] = {
        let named = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata",
                     "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago",
                     "Europe/Amsterdam", "Africa/Monrovia"].compactMap(TimeZone.init(identifier:))
        let fixed = [0, 3600, -3600, 8 * 3600, -(3 * 3600 + 1800), 5 * 3600 + 2700, 14 * 3600, -12 * 3600, 3661, -3661]
            .compactMap(TimeZone.init(secondsFromGMT:))
        return named + fixed
    }()

    /// The first instant and zone whose two texts differ (nil: all equal).
    static func firstDifference(_ dates: [Date]) -> String? {
        for zone in zones {
            let formatter = SendRecord.timestampFormatter(timeZone: zone)
            for date in dates {
                let fast = SendRecord.timestamp(date, timeZone: zone), old = formatter.string(from: date)
                if fast != old {
                    return "\(date.timeIntervalSinceReferenceDate) in \(zone.identifier): \(fast) != \(old)"
                }
            }
        }
        return nil
    }

    @Test func randomInstantsFrom1900To2200ReadAsDateFormatterWroteThem() {
        var random = RecordJSONLineTests.Random(state: 21)
        let dates = (0..<2_000).map { _ in
            Date(timeIntervalSince1970: -2_208_988_800 + Double(random.next() % 9_467_280_000_000) / 1000
                 + Double(random.below(1_000_000)) / 1e9)
        }
        #expect(Self.firstDifference(dates) == nil)
    }

    @Test func millisecondBoundariesRoundAsDateFormatterRoundsThem() {
        var dates: [Date] = []
        for base in [0.0, 1_764_300_000, -1, 978_307_200, 1_700_000_000.5, 4_102_444_799] {
            for fraction in [0.0, 0.0004, 0.00049, 0.0004999, 0.0005, 0.00050001, 0.0009999, 0.9994999, 0.9995, 0.99951, 0.9999999] {
                dates.append(Date(timeIntervalSince1970: base + fraction))
                dates.append(Date(timeIntervalSince1970: base - fraction))
            }
        }
        #expect(Self.firstDifference(dates) == nil)
    }

    @Test func leapDaysAndYearAndCenturyBoundariesReadAsDateFormatterWroteThem() {
        let utc = Calendar(identifier: .gregorian)
        var dates: [Date] = []
        for (year, month, day) in [(2024, 2, 29), (2000, 2, 29), (1904, 2, 29), (2100, 2, 28), (2100, 3, 1), (1900, 3, 1),
                                   (2025, 12, 31), (2026, 1, 1), (1999, 12, 31), (2000, 1, 1), (1969, 12, 31), (1970, 1, 1),
                                   (2038, 1, 19), (9999, 12, 30), (2400, 2, 29)] {
            var parts = DateComponents(year: year, month: month, day: day)
            parts.timeZone = TimeZone(identifier: "UTC")
            guard let midnight = utc.date(from: parts) else { continue }
            for seconds in [-86_400.0, -1, -0.001, 0, 0.001, 1, 43_200, 86_399.999, 86_400] {
                dates.append(midnight.addingTimeInterval(seconds))
            }
        }
        #expect(dates.count > 100)
        #expect(Self.firstDifference(dates) == nil)
    }

    @Test func daylightSavingTransitionsReadAsDateFormatterWroteThem() {
        var dates: [Date] = []
        for zone in Self.zones {
            var at = Date(timeIntervalSince1970: 1_600_000_000)
            for _ in 0..<6 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: at) else { break }
                for seconds in [-3600.0, -1, -0.001, 0, 0.001, 1, 3600] { dates.append(next.addingTimeInterval(seconds)) }
                at = next
            }
        }
        #expect(Self.firstDifference(dates) == nil)
    }

    @Test func instantsOutsideTheFastRangeStillReadAsDateFormatterWroteThem() {
        let dates = [-62_135_596_800.0, -12_219_292_800, -2_208_988_800.001, 253_402_300_799.999, 253_402_300_800, 1e13]
            .map(Date.init(timeIntervalSince1970:))
        #expect(Self.firstDifference(dates) == nil)
    }
}

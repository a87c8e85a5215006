@testable import CouponDeskCLI
import Foundation
import Testing
import WeChatPayCore

/// `sandbox serve`'s request-line times: the formatter writes each second once and the milliseconds
/// are put in by hand; the text must be the formatter's, to the millisecond.
@Suite struct RequestLineTimeTests {
    /// Instants of several days, many of them a hair either side of a millisecond's half or of a
    /// second, in order (as requests come) and not.
    static func instants(count: Int) -> [Double] {
        var seed: UInt64 = 0xC0FF_EE12_3456_789A
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var out: [Double] = []
        var now = 1_764_300_000.0
        for index in 0..<count {
            switch index % 4 {
            case 0: now += next() * 0.01
            case 1: now = (now * 1000).rounded(.down) / 1000 + 0.0005 + (next() - 0.5) * 4e-6
            case 2: now = now.rounded(.up) - next() * 1e-5
            default: now = 1_600_000_000 + next() * 300_000_000
            }
            out.append(now)
        }
        return out
    }

    @Test(arguments: ["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata"])
    func everyInstantIsWrittenAsTheFormatterWritesIt(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let times = RequestLineTime(timeZone: timeZone)
        let formatter = SendRecord.timestampFormatter(timeZone: timeZone)
        for time in Self.instants(count: 20_000) {
            let date = Date(timeIntervalSince1970: time)
            #expect(times.string(date) == formatter.string(from: date), "\(time)")
        }
    }

    @Test func theChangeOfSummerTimeIsWrittenWithEachSidesOffset() throws {
        let timeZone = try #require(TimeZone(identifier: "America/New_York"))
        let times = RequestLineTime(timeZone: timeZone)
        let formatter = SendRecord.timestampFormatter(timeZone: timeZone)
        // 2026-03-08 07:00:00 UTC: clocks in New York jump from 02:00 EST to 03:00 EDT.
        for time in stride(from: 1_772_953_199.0, through: 1_772_953_201.0, by: 0.25) {
            let date = Date(timeIntervalSince1970: time)
            #expect(times.string(date) == formatter.string(from: date), "\(time)")
        }
    }
}

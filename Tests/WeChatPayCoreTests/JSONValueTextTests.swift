import Foundation
import Testing
@testable import WeChatPayCore

/// `JSONValue.jsonText` by hand is the encoder's text: every kind of value, nested, keys in the
/// encoder's order, doubles in its form.
@Suite struct JSONValueTextTests {
    static func randomValue(_ random: inout RecordJSONLineTests.Random, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return .int(random.chance(50) ? Int64(truncatingIfNeeded: random.next()) : Int64(random.number()))
        case 3: return .double(randomDouble(&random))
        case 4: return .string(random.text())
        case 5: return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.below(6) { members[random.text()] = randomValue(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    static func randomDouble(_ random: inout RecordJSONLineTests.Random) -> Double {
        switch random.below(4) {
        case 0: return random.pick([0.0, -0.0, 1.0, -1.0, 0.1, 2.5, 1e15, 1e16, 1e17, 1e20, 1e21, 1e-6, 1e-7,
                                    5e-324, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .pi, 123456789.125])
        case 1: return Double(Int64(truncatingIfNeeded: random.next()) % 1_000_000)
        case 2: return Double(Int64(truncatingIfNeeded: random.next())) / 1000
        default:
            let value = Double(bitPattern: random.next())
            return value.isFinite ? value : 0.5
        }
    }

    @Test func randomValuesAreTheEncodersText() {
        var random = RecordJSONLineTests.Random(state: 15)
        for _ in 0..<3_000 {
            let value = Self.randomValue(&random)
            let hand = value.jsonText(), reference = value.jsonTextThroughEncoder()
            guard hand == reference else {
                Issue.record("hand:    \(hand)\nencoder: \(reference)")
                return
            }
        }
    }

    @Test func keysSortAsTheEncoderSortsThem() {
        let keys = ["a10", "a2", "B", "a", "_", "é", "e\u{301}x", "Z", "b", "A", "a_b", "aB", "ab", "ｆ", "😀", "中", "1",
                    "10", "9", "", "a b", "\u{7F}", "\u{2028}"]
        let value = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, .int(Int64($0))) }))
        #expect(value.jsonText() == value.jsonTextThroughEncoder())
    }

    @Test func aValueJSONCannotHoldIsNullAsWithTheEncoder() {
        let value = JSONValue.array([.int(1), .double(.nan)])
        #expect(value.jsonText() == "null")
        #expect(value.jsonTextThroughEncoder() == "null")
    }
}

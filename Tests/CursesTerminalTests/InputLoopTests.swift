import Console
@testable import CursesTerminal
import XCTest

/// The read loop skips inputs that mean nothing without growing the stack (issue 9, item 13).
final class InputLoopTests: XCTestCase {
    /// The deepest and shallowest stack addresses seen by the input source.
    final class StackProbe {
        var lowest = UInt.max, highest = UInt.min
        func record() {
            var marker = 0
            let address = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
            lowest = min(lowest, address); highest = max(highest, address)
        }
        var spread: UInt { highest &- lowest }
    }

    func testAMillionIgnoredInputsAreSkippedWithoutGrowingTheStack() {
        let probe = StackProbe()
        var remaining = 1_000_000
        let decoder = InputDecoder { _ -> RawInput? in
            probe.record()
            if remaining > 0 {
                remaining -= 1
                return .byte(0)                   // NUL: means nothing
            }
            if remaining == 0 { remaining = -1; return .byte(UInt8(ascii: "x")) }
            return nil
        }
        XCTAssertEqual(decoder.next(timeoutMilliseconds: 50), .key(.character("x")))
        XCTAssertEqual(remaining, -1, "every ignored input was read")
        // A recursive reader would have used ~100 bytes of stack per input (or overflowed).
        XCTAssertLessThan(probe.spread, 16 * 1024, "the stack grew by \(probe.spread) bytes")
    }

    func testOnlyTheFirstReadWaits() {
        let input = ScriptedInput(bytes: [0, 0])
        XCTAssertNil(InputDecoder(read: input.read).next(timeoutMilliseconds: 50), "only ignored inputs came")
        XCTAssertEqual(input.waits, [50, 0, 0])
    }
}

import Console
@testable import CursesTerminal
import CNcursesw
import XCTest

/// The read loop skips inputs that mean nothing without growing the stack (issue 9, item 13).
final class InputLoopTests: XCTestCase {
    /// The deepest and shallowest stack addresses seen by the fake input source.
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
        let decoded = KeyDecoder.next(timeoutMilliseconds: 50) { _ -> KeyDecoder.Read? in
            probe.record()
            if remaining > 0 {
                remaining -= 1
                return (Int32(CD_OK), 0)          // NUL: ignored
            }
            if remaining == 0 { remaining = -1; return (Int32(CD_OK), UInt32(UInt8(ascii: "x"))) }
            return nil
        }
        XCTAssertEqual(decoded, .key(.character("x")))
        XCTAssertEqual(remaining, -1, "every ignored input was read")
        // A recursive reader would have used ~100 bytes of stack per input (or overflowed).
        XCTAssertLessThan(probe.spread, 16 * 1024, "the stack grew by \(probe.spread) bytes")
    }

    func testOnlyTheFirstReadWaits() {
        var waits: [Int] = []
        var inputs: [KeyDecoder.Read] = [(Int32(CD_OK), 0), (Int32(CD_OK), 0)]
        let decoded = KeyDecoder.next(timeoutMilliseconds: 50) { wait -> KeyDecoder.Read? in
            waits.append(wait)
            return inputs.isEmpty ? nil : inputs.removeFirst()
        }
        XCTAssertNil(decoded, "only ignored inputs came")
        XCTAssertEqual(waits, [50, 0, 0])
    }
}

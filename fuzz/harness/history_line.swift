import Foundation
import WeChatPayCore

// Fuzzes the history line decoder: any bytes (torn lines, garbage, non-UTF-8) must decode or be
// refused, never crash; a decoded record must re-encode to a line that decodes to the same record.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistoryLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = Data(bytes: data, count: size)
    if let record = try? JSONDecoder().decode(SendRecord.self, from: line) {
        guard let encoded = try? record.jsonLine(),
              let again = try? JSONDecoder().decode(SendRecord.self, from: encoded), again == record else {
            fatalError("history record did not survive a round trip")
        }
    }
    return 0
}

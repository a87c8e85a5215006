import Foundation
@testable import CouponHistory
import WeChatPayCore

// Fuzzes both readers of a history line: the byte-level indexer that paging and filtering use
// (`RawLine`), and the JSON decoder that builds a `SendRecord` for display. Any bytes — torn lines,
// garbage, non-UTF-8 — must be read or refused, never crash; a decoded record must survive a
// re-encode/decode round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistoryLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    let line = RawLine(bytes: raw)
    _ = line.indexEntry(at: 0)
    for key in RawLine.searchableKeys { _ = line.stringValue(of: key) }
    if let record = try? JSONDecoder().decode(SendRecord.self, from: Data(raw)) {
        guard let encoded = try? record.jsonLine(),
              let again = try? JSONDecoder().decode(SendRecord.self, from: encoded), again == record else {
            fatalError("history record did not survive a round trip")
        }
    }
    return 0
}

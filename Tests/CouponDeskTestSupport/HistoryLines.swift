import Foundation
import CouponHistory
import WeChatPayCore

/// A record of one send; fields not given get plausible values.
public func record(_ number: String, _ outcome: Outcome, openid: String = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                   stock: String = "1212", token: String? = nil, error: SendError? = nil,
                   brand: String = "120344", time: String = "2026-11-28T14:12:00.123+08:00") -> SendRecord {
    let request = PreSendRequest(openid: openid, brandID: brand, productCouponID: "1000001", stockID: stock,
                                 appid: "wxd678efh567hg6787", sendRequestNo: number)
    return SendRecord(time: time, operator: "alice", mode: "live", request: request, outcome: outcome,
                      token: token ?? (outcome == .issued ? "TOKEN-\(number)" : nil), error: error,
                      httpStatus: outcome == .issued ? 200 : nil, requestID: "REQ-\(number)-0", attempts: 1, elapsedMs: 87)
}

/// The record as one log line, newline included.
public func line(_ r: SendRecord) throws -> String {
    String(decoding: try r.jsonLine(), as: UTF8.self) + "\n"
}

public func writeText(_ path: String, _ text: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

public func fileBytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

public func writeBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Appends `text` to the file at `path`, creating it if needed.
public func appendText(_ path: String, _ text: String) throws {
    if !FileManager.default.fileExists(atPath: path) { writeText(path, "") }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
}

/// Every readable record of the log at `path` in file order, and where each unreadable line starts,
/// read with the product's own reader (what `history export` reads). A missing file is an empty history.
public func readLog(_ path: String) throws -> (records: [SendRecord], unreadable: [UnreadableLine]) {
    let reader = try HistoryReader(path: path, persistIndex: false)
    var records: [SendRecord] = []
    try reader.forEachRecord { record, _ in records.append(record) }
    return (records, reader.unreadableLines())
}

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

/// A log where one send_request_no served two requests (an older version or another tool reused it):
/// `o-safe-A` issued under SRN-REUSED, then the same number sent for `o-safe-B` and refused; SRN-OTHER
/// issued between them. Written to `dir.file()`, whose path is returned.
public func writeReusedNumberLog(_ dir: TempDir) throws -> String {
    let refusal = SendError(category: .other, httpStatus: 400, code: "INVALID_REQUEST", numericCode: 268578927,
                            message: "商户号与批次不匹配")
    let text = try line(record("SRN-REUSED", .pending, openid: "o-safe-A"))
        + line(record("SRN-REUSED", .issued, openid: "o-safe-A"))
        + line(record("SRN-OTHER", .issued, openid: "o-other"))
        + line(record("SRN-REUSED", .pending, openid: "o-safe-B"))
        + line(record("SRN-REUSED", .rejected, openid: "o-safe-B", error: refusal))
    writeText(dir.file(), text)
    return dir.file()
}

import Foundation
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp, removed with everything in it when the value goes away.
final class TempDir {
    let path: String

    init() {
        var template = Array("/tmp/coupondesk-history-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String = "history.jsonl") -> String { path + "/" + name }
}

/// A record of one send; fields not given get plausible values.
func record(_ number: String, _ outcome: Outcome, openid: String = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
            stock: String = "1212", token: String? = nil, error: SendError? = nil,
            brand: String = "120344", time: String = "2026-11-28T14:12:00.123+08:00") -> SendRecord {
    let request = PreSendRequest(openid: openid, brandID: brand, productCouponID: "1000001", stockID: stock,
                                 appid: "wxd678efh567hg6787", sendRequestNo: number)
    return SendRecord(time: time, operator: "alice", mode: "live", request: request, outcome: outcome,
                      token: token ?? (outcome == .issued ? "TOKEN-\(number)" : nil), error: error,
                      httpStatus: outcome == .issued ? 200 : nil, requestID: "REQ-\(number)-0", attempts: 1, elapsedMs: 87)
}

/// The record as one log line, newline included.
func line(_ r: SendRecord) -> String {
    String(decoding: try! r.jsonLine(), as: UTF8.self) + "\n"
}

func writeBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func writeText(_ path: String, _ text: String) { writeBytes(path, Array(text.utf8)) }

func appendText(_ path: String, _ text: String) {
    if !FileManager.default.fileExists(atPath: path) { writeText(path, "") }
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
}

func fileBytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

extension HistoryReader {
    /// Every row's send_request_no, newest first.
    var rowNumbers: [String] {
        (0..<count).compactMap { record(newestFirst: $0)?.request.sendRequestNo }
    }
}

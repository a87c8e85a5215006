// Test helper, not part of the product: appends records to a history log through `HistoryStore` and
// acknowledges each on stdout (`N\n`, one write) only after `append` returned, i.e. after fsync.
// CouponHistoryTests kill it at random moments and check that every acknowledged record survived.
//
// Usage: history-crash-writer LOG COUNT PREFIX [BIG_EVERY] [THREADS]
//   BIG_EVERY > 0 makes every BIG_EVERY-th record ~256 KB, so a kill can land inside its write.
//   THREADS > 1 appends from that many threads at once (record i on thread i % THREADS), so appends
//   share group commits; each acknowledgement is still printed only after its own append returned.
import Foundation
import WeChatPayCore
import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: history-crash-writer LOG COUNT PREFIX [BIG_EVERY] [THREADS]\n".utf8))
    exit(64)
}
let store = HistoryStore(path: arguments[1])
let prefix = arguments[3]
let bigEvery = arguments.count > 4 ? Int(arguments[4]) ?? 0 : 0
let threads = max(1, arguments.count > 5 ? Int(arguments[5]) ?? 1 : 1)
let big = String(repeating: "预算不足 budget exhausted ", count: 8000)

/// Appends record `i`, then acknowledges it on stdout (one `write` of a few bytes: never torn).
@Sendable func appendAndAcknowledge(_ i: Int) {
    let isBig = bigEvery > 0 && i % bigEvery == bigEvery - 1
    let request = PreSendRequest(openid: "o\(prefix)\(i)", brandID: "120344", productCouponID: "1000012",
                                 stockID: "STOCK\(i % 7)", appid: "wx8888888888888888", sendRequestNo: "\(prefix)x\(i)")
    let record = SendRecord(time: SendRecord.timestamp(Date()), operator: "crash-test", mode: SendMode.demo.rawValue, request: request,
                            outcome: isBig ? .rejected : .issued, token: isBig ? nil : "TOKEN\(i)",
                            error: isBig ? SendError(category: .totalBudgetExhausted, message: big) : nil,
                            httpStatus: isBig ? 400 : 200, requestID: "REQ\(i)-0", attempts: 1, elapsedMs: 5)
    do {
        try store.append(record)
    } catch {
        FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
        exit(1)
    }
    let ack = Array("\(i)\n".utf8)
    _ = ack.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

let finished = DispatchGroup()
for t in 0..<threads {
    finished.enter()
    Thread {
        for i in stride(from: t, to: count, by: threads) { appendAndAcknowledge(i) }
        finished.leave()
    }.start()
}
finished.wait()
exit(0)

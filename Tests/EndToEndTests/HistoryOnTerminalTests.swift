import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore

/// History output is faithful to the log in a file or a pipe, but on a terminal the network text it
/// carries (messages, attach) must not reach the terminal as control sequences.
@Suite struct HistoryOnTerminalTests {
    static let hostileMessage = "预算不足\u{1B}]52;c;aGk=\u{07}\u{1B}[2J"

    /// A log with one rejected send whose message holds an OSC 52 and a clear-screen sequence.
    static func hostileLog() throws -> (directory: String, path: String, folder: TempDir) {
        let folder = try TempDir()
        let request = PreSendRequest(openid: "o1", brandID: "120344", productCouponID: "1000000013",
                                     stockID: "1000000013001", appid: "wx233544546545989", sendRequestNo: "CDEXPORT0001")
        let record = SendRecord(time: "2026-11-28T14:12:00.123+08:00", operator: "t", mode: "live", request: request,
                                outcome: .rejected, error: SendError(category: .totalBudgetExhausted, httpStatus: 400,
                                                                     code: "INVALID_REQUEST", message: hostileMessage))
        var line = try record.jsonLine()
        line.append(0x0A)
        try line.write(to: URL(fileURLWithPath: folder.file()))
        return (folder.path, folder.file(), folder)
    }

    /// Runs `arguments` with its stdout on a pseudo-terminal, returning what it wrote.
    static func onTerminal(_ arguments: [String]) throws -> Data {
        try ChildProcess.runOnTerminal(arguments).stdoutData
    }

    @Test func csvOnATerminalCarriesNoEscapeSequence() throws {
        let log = try Self.hostileLog()
        let output = try Self.onTerminal([try BuiltProduct.coupondesk(), "history", "export", "--format", "csv",
                                          "--history", log.path])
        #expect(String(decoding: output, as: UTF8.self).contains("预算不足"))
        #expect(!output.contains(0x1B))
        #expect(!output.contains(0x07))
    }

    @Test func csvInAPipeIsFaithfulToTheLog() async throws {
        let log = try Self.hostileLog()
        let result = try await CLIRunner.run(["history", "export", "--format", "csv", "--history", log.path],
                                             environment: CLIRunner.environment(root: log.directory))
        #expect(result.status == 0)
        #expect(String(decoding: result.stdout, as: UTF8.self).contains(Self.hostileMessage))
    }

    @Test func listJSONOnATerminalEscapesC1ControlsALineFromAnotherToolCarries() throws {
        let log = try Self.hostileLog()
        // Valid JSON with a raw CSI (U+009B) and a bidi override, as another tool may write it.
        let raw = "{\"v\":1,\"time\":\"2026-11-28T14:13:00.000+08:00\",\"mode\":\"live\",\"request\":{\"openid\":\"o2\",\"brand_id\":\"b\",\"product_coupon_id\":\"p\",\"stock_id\":\"s\",\"appid\":\"a\",\"send_request_no\":\"CDEXPORT0002\"},\"outcome\":\"rejected\",\"error\":{\"category\":\"other\",\"message\":\"x\u{9B}2Jy\u{202E}z\"},\"attempts\":1,\"elapsed_ms\":1}\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log.path))
        handle.seekToEndOfFile()
        handle.write(Data(raw.utf8))
        try handle.close()
        let output = try Self.onTerminal([try BuiltProduct.coupondesk(), "history", "list", "--json", "--history", log.path])
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.contains("CDEXPORT0002"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E })
        #expect(text.contains("\\u009b"))
    }
}

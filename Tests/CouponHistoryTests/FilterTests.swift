import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct FilterTests {
    func reader(_ records: [SendRecord], in dir: TempDir) throws -> HistoryReader {
        writeText(dir.file(), try records.map(line).joined())
        return try HistoryReader(path: dir.file())
    }

    func numbers(_ reader: HistoryReader, _ rows: [Int]) -> [String] {
        rows.compactMap { reader.record(newestFirst: $0)?.request.sendRequestNo }
    }

    @Test func textMatchesTheOpenidIgnoringASCIICase() throws {
        let dir = try TempDir()
        let r = try reader([record("SRN0001", .issued, openid: "oUpF8uMuAJO"), record("SRN0002", .issued, openid: "oXYZ")], in: dir)
        #expect(numbers(r, r.filter("upf8UMU")) == ["SRN0001"])
    }

    @Test func textMatchesStockNumberTokenRequestIDAndErrorText() throws {
        let dir = try TempDir()
        let rejected = SendError(category: .stockNotSending, httpStatus: 400, code: "INVALID_REQUEST", message: "批次状态不是发放中")
        let r = try reader([
            record("SRN0001", .issued, stock: "STOCK77"),
            record("SRN0002", .issued, token: "ABBpZjCfAAAB"),
            record("SRN0003", .rejected, error: rejected),
            record("SRN0004", .issued),
        ], in: dir)
        #expect(numbers(r, r.filter("stock77")) == ["SRN0001"])
        #expect(numbers(r, r.filter("abbpzjcf")) == ["SRN0002"])
        #expect(numbers(r, r.filter("发放中")) == ["SRN0003"])
        #expect(numbers(r, r.filter("invalid_req")) == ["SRN0003"])
        #expect(numbers(r, r.filter("stock_not_sending")) == ["SRN0003"])
        #expect(numbers(r, r.filter("req-srn0004")) == ["SRN0004"])
        #expect(numbers(r, r.filter("SRN000")) == ["SRN0004", "SRN0003", "SRN0002", "SRN0001"])
    }

    @Test func textDoesNotMatchKeyNamesOrUnsearchedFields() throws {
        let dir = try TempDir()
        let r = try reader([record("SRN0001", .issued, brand: "BRANDONLY")], in: dir)
        #expect(r.filter("openid").isEmpty)         // a key name, not a value
        #expect(r.filter("outcome").isEmpty)
        #expect(r.filter("brandonly").isEmpty)      // brand_id is not searched
        #expect(r.filter("alice").isEmpty)          // nor the operator
    }

    @Test func nonASCIITextMatchesBothRawAndEscapedJSON() throws {
        let dir = try TempDir()
        let escaped = #"{"v":1,"time":"t","mode":"live","request":{"openid":"o1","brand_id":"b","product_coupon_id":"p","stock_id":"s","appid":"a","send_request_no":"SRN0002"},"outcome":"rejected","error":{"category":"total_budget_exhausted","message":"\u603B\u9884\u7b97\u4e0d\u8db3"}}"# + "\n"
        try writeText(dir.file(), line(record("SRN0001", .rejected, error: SendError(category: .totalBudgetExhausted, message: "总预算不足"))) + escaped)
        let r = try HistoryReader(path: dir.file())
        #expect(numbers(r, r.filter("总预算")) == ["SRN0002", "SRN0001"])
    }

    @Test func textIsMatchedAgainstTheSendsCurrentStateOnly() throws {
        let dir = try TempDir()
        let r = try reader([
            record("SRN0001", .unknown, error: SendError(category: .timeout, message: "timed out after 10s")),
            record("SRN0001", .issued),
        ], in: dir)
        #expect(r.filter("timed out").isEmpty)
        #expect(numbers(r, r.filter("TOKEN-SRN0001")) == ["SRN0001"])
    }

    @Test func outcomeUnknownIncludesInterruptedSends() throws {
        let dir = try TempDir()
        let r = try reader([
            record("SRN0001", .pending), record("SRN0002", .pending), record("SRN0002", .issued),
            record("SRN0003", .unknown), record("SRN0004", .rejected),
        ], in: dir)
        #expect(numbers(r, r.filter("", outcome: .unknown)) == ["SRN0003", "SRN0001"])
        #expect(numbers(r, r.filter("", outcome: .issued)) == ["SRN0002"])
        #expect(numbers(r, r.filter("srn0004", outcome: .issued)).isEmpty)
        #expect(numbers(r, r.filter("srn0004", outcome: .rejected)) == ["SRN0004"])
    }

    @Test func textFoundOnlyInBlankLinesBetweenRecordsMatchesNothing() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)) + "  \t  \n\n   \n" + line(record("SRN0002", .rejected, error: SendError(category: .timeout, message: "timed out"))))
        let r = try HistoryReader(path: dir.file())
        #expect(numbers(r, r.filter(" ")) == ["SRN0002"])
        #expect(numbers(r, r.filter("\t")).isEmpty)
    }

    @Test func aLimitKeepsTheNewestMatches() throws {
        let dir = try TempDir()
        let r = try reader((0..<10).map { record("SRN00\($0 + 10)", .issued) }, in: dir)
        #expect(numbers(r, r.filter("srn", limit: 3)) == ["SRN0019", "SRN0018", "SRN0017"])
    }

    /// Over several 4 MB chunks, the byte filter agrees with decoding every record and checking it.
    @Test func theByteFilterAgreesWithDecodedRecordsAcrossChunks() throws {
        let dir = try TempDir()
        var text = ""
        var states: [String: SendRecord] = [:]
        var lastLine: [String: Int] = [:]
        let padding = String(repeating: "x", count: 300)
        for i in 0..<30_000 {
            let number = "SRN\(i % 20_000)"
            let r = record(number, i % 3 == 0 ? .rejected : .issued, openid: "o\(i % 20_000 * 7919 % 100_003)",
                           token: "T\(i)", error: i % 3 == 0 ? SendError(category: .other, message: padding + "\(i)") : nil)
            try text += line(r)
            states[number] = r
            lastLine[number] = i
            if i == 15_000 { text += "garbage line\n" }
        }
        writeText(dir.file(), text)
        #expect(fileBytes(dir.file()).count > 2 * LogFile.chunkSize)
        let r = try HistoryReader(path: dir.file())
        for needle in ["o123", "T2999", "X1", "srn1999"] {
            let newestFirst = lastLine.keys.sorted { lastLine[$0]! > lastLine[$1]! }
            let expected = newestFirst.filter { HistorySearch.matches(states[$0]!, text: needle) }
            #expect(numbers(r, r.filter(needle)) == expected, "filter \(needle)")
        }
    }
}

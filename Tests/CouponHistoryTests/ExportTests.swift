import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory

@Suite struct ExportTests {
    func export(_ path: String, _ format: HistoryExport.Format) throws -> String {
        var out = Data()
        try HistoryExport.write(try HistoryReader(path: path), format: format) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func csvCellsWithCommasQuotesOrLineBreaksAreQuoted() {
        #expect(HistoryExport.csvCell("plain") == "plain")
        #expect(HistoryExport.csvCell("a,b") == "\"a,b\"")
        #expect(HistoryExport.csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(HistoryExport.csvCell("two\nlines") == "\"two\nlines\"")
        #expect(HistoryExport.csvCell("crlf\r\nend") == "\"crlf\r\nend\"")
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        #expect(HistoryExport.csvCell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(HistoryExport.csvCell("+1") == "'+1")
        #expect(HistoryExport.csvCell("-2") == "'-2")
        #expect(HistoryExport.csvCell("@SUM(A1)") == "'@SUM(A1)")
        #expect(HistoryExport.csvCell("a=b") == "a=b")
    }

    @Test func csvHasAHeaderAndOneRowPerReadableRecordOldestFirst() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .pending)) + "garbage\n" + line(record("SRN0001", .issued))
                  + line(record("SRN0002", .rejected, error: SendError(category: .userLimitReached, message: "=cmd|' /C calc'!A0, \"x\""))))
        let csv = try export(dir.file(), .csv)
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 4)
        #expect(rows[0] == HistoryExport.csvColumns.joined(separator: ","))
        #expect(rows[1].contains(",pending,SRN0001,"))
        #expect(rows[2].contains(",issued,SRN0001,"))
        #expect(rows[3].contains(#","'=cmd|' /C calc'!A0, ""x""","#))
    }

    @Test func jsonIsOneArrayOfTheRecordsAsLogged() throws {
        let dir = try TempDir()
        let newer = #"{"v":2,"time":"t","mode":"live","request":{"openid":"o","brand_id":"b","product_coupon_id":"p","stock_id":"s","appid":"a","send_request_no":"SRN0002"},"outcome":"issued","extra":{"kept":true}}"#
        try writeText(dir.file(), line(record("SRN0001", .issued)) + "garbage\n" + newer + "\n")
        let json = try export(dir.file(), .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect((array[1]["extra"] as? [String: Any])?["kept"] as? Bool == true)
    }

    @Test func anEmptyLogExportsAHeaderOrAnEmptyArray() throws {
        let dir = try TempDir()
        #expect(try export(dir.file(), .csv) == HistoryExport.csvColumns.joined(separator: ",") + "\r\n")
        #expect(try JSONSerialization.jsonObject(with: Data(try export(dir.file(), .json).utf8)) as? [Any] != nil)
    }

    @Test func exportKeepsFileOrderAcrossBatchesAndSkipsBadLines() throws {
        let dir = try TempDir()
        var text = ""
        var numbers: [String] = []
        for i in 0..<25_000 {
            try text += line(record("SRN\(i)", .issued))
            numbers.append("SRN\(i)")
            if i % 9_999 == 5 { text += "{\"torn\n" }
        }
        writeText(dir.file(), text)
        #expect(text.utf8.count > 2 * LogFile.chunkSize)
        let csv = try export(dir.file(), .csv)
        let rows = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(rows.map { $0.split(separator: ",")[2] } .map(String.init) == numbers)
        let reader = try HistoryReader(path: dir.file())
        var count = 0
        try reader.forEachRecord { _, _ in count += 1 }
        #expect(count == numbers.count)
        #expect(reader.unreadableLines().count == 3)
    }
}

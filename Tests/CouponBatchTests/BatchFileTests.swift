import CouponBatch
import Foundation
import Testing

/// RFC 4180 as spreadsheets write it, and the physical line each row starts on.
@Suite struct BatchFileTests {
    func parse(_ text: String) throws -> BatchFile { try BatchFile.parse(Data(text.utf8)) }

    @Test func aQuotedFieldHoldsCommasAndDoubledQuotes() throws {
        let file = try parse("openid,attach\nu1,\"a, \"\"b\"\" c\"\n")
        #expect(file.rows == [BatchFile.Row(line: 2, fields: ["u1", "a, \"b\" c"])])
    }

    @Test func aRowAfterAQuotedLineBreakStartsOnItsPhysicalLine() throws {
        let file = try parse("openid,attach\nu1,\"two\nlines\"\nu2,x\n")
        #expect(file.rows.map(\.line) == [2, 4])
        #expect(file.rows[0].fields[1] == "two\nlines")
    }

    @Test func crlfEndsRecordsAndABOMIsIgnored() throws {
        let file = try BatchFile.parse(Data([0xEF, 0xBB, 0xBF]) + Data("openid,attach\r\nu1,x\r\nu2,y\r\n".utf8))
        #expect(file.header == ["openid", "attach"])
        #expect(file.rows == [BatchFile.Row(line: 2, fields: ["u1", "x"]), BatchFile.Row(line: 3, fields: ["u2", "y"])])
    }

    @Test func blankLinesAreNoRowsButStillCountAsLines() throws {
        let file = try parse("openid\n\nu1\n\n\nu2")
        #expect(file.rows == [BatchFile.Row(line: 3, fields: ["u1"]), BatchFile.Row(line: 6, fields: ["u2"])])
    }

    @Test func aTrailingCommaIsAnEmptyLastField() throws {
        #expect(try parse("openid,attach\nu1,\n").rows[0].fields == ["u1", ""])
    }

    @Test func bytesThatAreNotUTF8AreRefusedWithTheirLine() {
        var data = Data("openid\nu1\n".utf8)
        data.append(contentsOf: [0x75, 0xFF, 0x0A])
        #expect(throws: BatchFile.ReadError.notUTF8(line: 3)) { try BatchFile.parse(data) }
    }

    @Test func anUnterminatedQuoteIsRefusedAtTheLineItOpens() {
        #expect(throws: BatchFile.ReadError.unterminatedQuote(line: 3)) { try parse("openid,attach\nu1,x\nu2,\"never\nclosed\n") }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsRefused() {
        #expect(throws: BatchFile.ReadError.quoteInUnquotedField(line: 2)) { try parse("openid\nu\"1\n") }
    }

    @Test func textAfterAClosingQuoteIsRefused() {
        #expect(throws: BatchFile.ReadError.textAfterClosingQuote(line: 2)) { try parse("openid\n\"u1\"x\n") }
    }

    @Test func anEmptyFileHasNoHeader() {
        #expect(throws: BatchFile.ReadError.noHeader) { try parse("\n\n") }
    }

    @Test func chineseTextPassesThroughWhole() throws {
        #expect(try parse("openid,attach\nu1,会员日补偿\n").rows[0].fields[1] == "会员日补偿")
    }
}

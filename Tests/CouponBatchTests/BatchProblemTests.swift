import CouponBatch
import CouponDeskTestSupport
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore

/// A file's problems are values, worded in the reader's language from the BatchText tables; their
/// `description` is the English wording.
@Suite struct BatchProblemTests {
    static let zh = Texts(.zhHans)

    /// One problem of every kind (the caller's own sentence aside: it is shown as given).
    static let everyKind: [BatchProblem.Kind] = {
        var conflicting = record("b1_000002", .issued, openid: "someone-else")
        conflicting.token = "TOKEN1"
        let inUse = SendPolicy.numberInUse(for: record("b1_000002", .pending).request, history: [conflicting])!
        return [
            .unknownColumn("amount"), .columnTwice(.openid), .noOpenidColumn, .requiredWithoutDefault(.stockID),
            .fieldCount(3, header: 2), .field(PreSendField.openid.fieldProblem(with: "user b")!),
            .notTheCaller(brandID: "999", callerID: "120344", flavor: .brand),
            .duplicateOpenid("u1", stockID: "1000000013001", earlierLine: 2), .sharedNumber("CDX000001", earlierLine: 2),
            .noRows, .unreadable(.notUTF8(line: 3)), .unreadable(.unterminatedQuote(line: 3)),
            .unreadable(.quoteInUnquotedField(line: 3)), .unreadable(.textAfterClosingQuote(line: 3)), .unreadable(.noHeader),
            .badBatchID("spring sale"), .conflict(.numberInUse(inUse)),
            .conflict(.otherFlavor(sendRequestNo: "b1_000002", flavor: .brand)),
            .conflict(.otherMode(recorded: "demo", current: .live)),
        ]
    }()

    @Test(arguments: everyKind)
    func everyKindIsWordedInChinese(_ kind: BatchProblem.Kind) {
        let chinese = Self.zh.batchProblem(kind)
        #expect(!chinese.contains("⟦"))
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(chinese)")
        #expect(chinese != Texts.english.batchProblem(kind))
    }

    @Test func theDescriptionIsTheEnglishWordingWithTheLine() {
        let problem = BatchProblem(line: 5, .sharedNumber("CDX000001", earlierLine: 2))
        #expect(problem.description == "line 5: send_request_no CDX000001 is also line 2's; each row needs its own")
        #expect(Self.zh.batchProblem(problem) == "第 5 行：send_request_no CDX000001 与第 2 行相同；每行须有自己的单号")
    }

    @Test func theAPIWordsAndValuesStayInTheChineseWording() {
        let conflict = Self.zh.batchProblem(Self.everyKind.first { if case .conflict(.numberInUse) = $0 { true } else { false } }!)
        for word in ["send_request_no b1_000002", "openid someone-else", "token TOKEN1"] { #expect(conflict.contains(word), "\(conflict)") }
        #expect(Self.zh.batchProblem(.requiredWithoutDefault(.stockID)).contains("--stock-id"))
    }

    @Test func aCountTakesTheNounsNumberInEnglish() {
        #expect(Texts.english.batchProblem(.fieldCount(1, header: 2)) == "has 1 field, the header has 2")
        #expect(Texts.english.batchProblem(.fieldCount(3, header: 2)) == "has 3 fields, the header has 2")
    }

    @Test func valuesFromTheFileAreSanitisedForTheTerminal() {
        #expect(!Self.zh.batchProblem(.unknownColumn("a\u{1B}[31mb")).contains("\u{1B}"))
    }
}

import Foundation
import Testing
@testable import WeChatPayCore

@Suite struct ValidationTests {
    @Test(arguments: [(5, false), (6, true), (40, true), (41, false)])
    func sendRequestNoLengthBoundaries(_ length: Int, _ valid: Bool) throws {
        let problem = PreSendField.sendRequestNo.problem(with: String(repeating: "a", count: length))
        #expect((problem == nil) == valid)
        if !valid { #expect(problem == "send_request_no: 6–40 characters of 0-9 A-Z a-z _ -, got \(length)") }
    }

    @Test(arguments: ["abc de1", "abc.def", "abcdé1", "abc/def", "编号123456"])
    func sendRequestNoCharacterSet(_ value: String) throws {
        #expect(PreSendField.sendRequestNo.problem(with: value)?.hasPrefix("send_request_no:") == true)
    }

    /// U+FFFD is how the console shows a pasted byte that was not UTF-8: no field may send it, attach
    /// included, whose other rules would accept it (issue 9, item 2).
    @Test(arguments: PreSendField.allCases)
    func noFieldAcceptsTheMarkOfAnUndecodableByte(_ field: PreSendField) throws {
        let problem = field.problem(with: "oUpF8uMu\u{FFFD}AJO")
        #expect(problem == "\(field.rawValue): holds �, the mark of a byte that was not UTF-8 text; remove it")
    }

    @Test func sendRequestNoIsRequired() throws {
        #expect(PreSendField.sendRequestNo.problem(with: "") != nil)
    }

    @Test(arguments: [(0, true), (40, true), (41, false)])
    func couponCodeLengthBoundaries(_ length: Int, _ valid: Bool) throws {
        #expect((PreSendField.couponCode.problem(with: String(repeating: "C", count: length)) == nil) == valid)
    }

    @Test func couponCodeCharacterSet() throws {
        #expect(PreSendField.couponCode.problem(with: "CODE-01_x") == nil)
        #expect(PreSendField.couponCode.problem(with: "CODE 01")?.hasPrefix("coupon_code:") == true)
    }

    @Test(arguments: [(150, true), (151, false)])
    func attachCountsChineseCharactersNotBytes(_ length: Int, _ valid: Bool) throws {
        let value = String(repeating: "券", count: length)
        #expect(value.utf8.count == length * 3)
        #expect((PreSendField.attach.problem(with: value) == nil) == valid)
    }

    @Test(arguments: [(150, true), (151, false)])
    func attachCountsASCIICharacters(_ length: Int, _ valid: Bool) throws {
        #expect((PreSendField.attach.problem(with: String(repeating: "a", count: length)) == nil) == valid)
    }

    @Test func attachRefusesControlCharacters() throws {
        #expect(PreSendField.attach.problem(with: "hi\u{1B}[2J") != nil)
    }

    @Test(arguments: [PreSendField.openid, .brandID, .productCouponID, .stockID, .appid])
    func requiredIdentifiersMustBePresentPrintableAndBounded(_ field: PreSendField) throws {
        #expect(field.problem(with: "") == "\(field.rawValue): required")
        #expect(field.problem(with: "a b") != nil)
        #expect(field.problem(with: "a\u{7}") != nil)
        #expect(field.problem(with: String(repeating: "x", count: 128)) == nil)
        #expect(field.problem(with: String(repeating: "x", count: 129)) != nil)
    }

    @Test func openidMayNotBeADotSegment() throws {
        #expect(PreSendField.openid.problem(with: "..") != nil)
        #expect(PreSendField.openid.problem(with: ".") != nil)
        #expect(PreSendField.openid.problem(with: "o.x") == nil)
    }

    @Test func problemsListEveryBrokenFieldInFormOrder() throws {
        let request = PreSendRequest(openid: "", brandID: "b", productCouponID: "p", stockID: "s", appid: "a",
                                     sendRequestNo: "1", couponCode: "bad code")
        #expect(request.problems().map { String($0.prefix(while: { $0 != ":" })) } == ["openid", "coupon_code", "send_request_no"])
    }

    @Test func generatedNumbersAreValidUniqueAndSortableByTime() throws {
        let early = SendRequestNumber.generate(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = SendRequestNumber.generate(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(PreSendField.sendRequestNo.problem(with: early) == nil)
        #expect(early < late)
        #expect(SendRequestNumber.generate() != SendRequestNumber.generate())
    }
}

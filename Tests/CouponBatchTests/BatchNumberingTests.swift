import CouponBatch
import Foundation
import Testing
import WeChatPayCore

/// Deterministic numbers: the same file is the same batch, and every number keeps the 6–40 rule.
@Suite struct BatchNumberingTests {
    @Test func aNumberIsTheBatchIdAndTheLineInSixDigits() {
        #expect(BatchNumbering.number(batchID: "b1", line: 42) == "b1_000042")
        #expect(BatchNumbering.number(batchID: "b1", line: 1_234_567) == "b1_1234567")
    }

    @Test func theSameBytesGiveTheSameBatchId() {
        let data = Data("openid\nu1\n".utf8)
        #expect(BatchNumbering.defaultBatchID(of: data) == BatchNumbering.defaultBatchID(of: Data("openid\nu1\n".utf8)))
    }

    @Test func theBatchIdIsBAndTheSHA256sFirstHexDigits() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        #expect(BatchNumbering.defaultBatchID(of: Data("abc".utf8)) == "bba7816bf8f01")
    }

    @Test func oneChangedCharacterIsAnotherBatch() {
        #expect(BatchNumbering.defaultBatchID(of: Data("openid\nu1\n".utf8)) != BatchNumbering.defaultBatchID(of: Data("openid\nu2\n".utf8)))
    }

    @Test func numbersOfTheDefaultIdKeepTheSendRequestNoRule() {
        let id = BatchNumbering.defaultBatchID(of: Data("x".utf8))
        for line in [2, 999_999, 9_999_999] {
            #expect(PreSendField.sendRequestNo.problem(with: BatchNumbering.number(batchID: id, line: line)) == nil)
        }
    }

    @Test func theLongestBatchIdStillMakesValidNumbers() {
        let id = String(repeating: "a", count: BatchNumbering.maxBatchIDLength)
        #expect(BatchNumbering.batchIDProblem(id) == nil)
        #expect(PreSendField.sendRequestNo.problem(with: BatchNumbering.number(batchID: id, line: 9_999_999)) == nil)
    }

    @Test func aBatchIdTooLongOrWithOtherCharactersIsRefused() {
        #expect(BatchNumbering.batchIDProblem(String(repeating: "a", count: BatchNumbering.maxBatchIDLength + 1)) != nil)
        #expect(BatchNumbering.batchIDProblem("spring sale") != nil)
        #expect(BatchNumbering.batchIDProblem("") != nil)
    }

    @Test func theSameFileRunTwiceGetsTheSameNumbers() throws {
        let text = Data("openid\nu1\nu2\n".utf8)
        let defaults = BatchDefaults(brandID: "1", appid: "4", productCouponID: "2", stockID: "3")
        let first = try BatchPlan.make(data: text, defaults: defaults).get()
        let second = try BatchPlan.make(data: text, defaults: defaults).get()
        #expect(first.rows.map(\.request.sendRequestNo) == second.rows.map(\.request.sendRequestNo))
        #expect(first.rows.map(\.request.sendRequestNo) == [first.batchID + "_000002", first.batchID + "_000003"])
    }
}

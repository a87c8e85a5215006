import Foundation
import Testing
@testable import WeChatPayCore

/// The one definition of what a history search matches (the console's `/`, `history list --search`).
@Suite struct HistorySearchTests {
    static let record = SendRecord(
        time: "2026-11-28T14:12:00.123+08:00", operator: "alice", mode: "live",
        request: PreSendRequest(openid: "oUpF8uMu", brandID: "120344", productCouponID: "1000001", stockID: "1212",
                                appid: "wxd678efh567hg6787", sendRequestNo: "SRN-Search-1", couponCode: "CC9", attach: "for Zoë"),
        outcome: .rejected, token: "TOKEN-É", error: SendError(category: .userLimitReached, httpStatus: 400, code: "INVALID_REQUEST",
                                                             numericCode: 268578927, message: "超过领取上限"),
        httpStatus: 400, requestID: "08F8B4-0", attempts: 1, elapsedMs: 87)

    @Test(arguments: ["upf8", "1212", "srn-search", "token-É", "08f8b4", "领取", "invalid_req", "user_limit"])
    func eachSearchedFieldMatchesIgnoringTheCaseOfASCIILetters(text: String) {
        #expect(HistorySearch.matches(Self.record, text: text))
    }

    @Test(arguments: ["120344", "1000001", "wxd678", "CC9", "Zoë", "alice", "rejected", "268578927", "openid", "token-é",
                      "oUpF8uMu1212"])
    func otherFieldsKeyNamesOtherCasesOfNonASCIIAndTextAcrossFieldsDoNotMatch(text: String) {
        #expect(!HistorySearch.matches(Self.record, text: text))
    }

    @Test func anEmptyTextMatchesEverySend() {
        #expect(HistorySearch.matches(Self.record, text: ""))
    }
}

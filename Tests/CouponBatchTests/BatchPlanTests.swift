import CouponBatch
import Foundation
import Testing
import WeChatPayCore

/// The whole file is checked before anything is sent: each bad row named by its line and rule.
@Suite struct BatchPlanTests {
    static let defaults = BatchDefaults(brandID: "120344", appid: "wx233544546545989", productCouponID: "1000000013", stockID: "1000000013001")

    func plan(_ text: String, defaults: BatchDefaults = defaults, allowDuplicates: Bool = false,
              callerProblem: (PreSendRequest) -> String? = { _ in nil }) -> Result<BatchPlan, BatchProblems> {
        BatchPlan.make(data: Data(text.utf8), defaults: defaults, batchID: "bTEST", allowDuplicates: allowDuplicates,
                       callerProblem: callerProblem)
    }

    func problems(_ result: Result<BatchPlan, BatchProblems>) -> [String] {
        guard case .failure(let refused) = result else { return [] }
        return refused.problems.map(\.description)
    }

    @Test func aValidFileBecomesOneRequestPerRowWithTheDefaults() throws {
        let plan = try plan("openid,attach\nu1,hi\nu2,\n").get()
        #expect(plan.rows.map(\.request) == [
            PreSendRequest(openid: "u1", brandID: "120344", productCouponID: "1000000013", stockID: "1000000013001",
                           appid: "wx233544546545989", sendRequestNo: "bTEST_000002", attach: "hi"),
            PreSendRequest(openid: "u2", brandID: "120344", productCouponID: "1000000013", stockID: "1000000013001",
                           appid: "wx233544546545989", sendRequestNo: "bTEST_000003"),
        ])
    }

    @Test func rowColumnsOverrideTheOptions() throws {
        let plan = try plan("openid,stock_id,appid,send_request_no,coupon_code\nu1,999,wxOTHER,MYNUMBER01,CODE1\n").get()
        let request = plan.rows[0].request
        #expect(request.stockID == "999")
        #expect(request.appid == "wxOTHER")
        #expect(request.sendRequestNo == "MYNUMBER01")
        #expect(request.couponCode == "CODE1")
    }

    @Test func everyBadRowIsNamedByItsLineAndTheRuleOfSend() {
        let found = problems(plan("openid,attach,coupon_code\nu 1,,\nu2,\(String(repeating: "长", count: 151)),\nu3,,bad code!\n"))
        #expect(found == [
            "line 2: openid: required; 1–128 printable ASCII characters, no spaces, got a space, control or non-ASCII character",
            "line 3: attach: optional; at most 150 characters, got 151",
            "line 4: coupon_code: optional; at most 40 characters of 0-9 A-Z a-z _ -, got a character outside that set",
        ])
    }

    @Test func aBadRowAfterAMultiLineFieldIsNamedByItsPhysicalLine() {
        // attach holds no line break (send's rule), and the next row starts on line 4.
        #expect(problems(plan("openid,attach\nu1,\"a\nb\"\nu 2,x\n")) == [
            "line 2: attach: control characters are not allowed",
            "line 4: openid: required; 1–128 printable ASCII characters, no spaces, got a space, control or non-ASCII character",
        ])
    }

    @Test func anUnknownColumnIsAnError() {
        #expect(problems(plan("openid,amount\nu1,5\n")) == [
            "line 1: unknown column \"amount\"; the columns are openid, attach, coupon_code, brand_id, product_coupon_id, stock_id, appid, send_request_no",
        ])
    }

    @Test func aMissingOpenidColumnIsAnError() {
        #expect(problems(plan("attach\nhi\n")) == ["line 1: no openid column: the header row must name an openid column"])
    }

    @Test func aRowWithTheWrongNumberOfFieldsIsNamed() {
        #expect(problems(plan("openid,attach\nu1,a,b\n")) == ["line 2: has 3 fields, the header has 2"])
    }

    @Test func theSameOpenidTwiceForAStockIsAnErrorNamingBothLines() {
        #expect(problems(plan("openid\nu1\nu2\nu1\n")) == [
            "line 4: openid u1 already has a row for stock 1000000013001 on line 2 (give --allow-duplicates to send both)",
        ])
    }

    @Test func theSameOpenidForAnotherStockIsNoDuplicate() throws {
        #expect(try plan("openid,stock_id\nu1,1\nu1,2\n").get().rows.count == 2)
    }

    @Test func allowDuplicatesSendsBothUnderTheirOwnNumbers() throws {
        let plan = try plan("openid\nu1\nu1\n", allowDuplicates: true).get()
        #expect(plan.rows.map(\.request.sendRequestNo) == ["bTEST_000002", "bTEST_000003"])
    }

    @Test func twoRowsWithOneSendRequestNoAreAnError() {
        #expect(problems(plan("openid,send_request_no\nu1,NUMBER01\nu2,NUMBER01\n")) == [
            "line 3: send_request_no NUMBER01 is also line 2's; each row needs its own",
        ])
    }

    @Test func aRequiredFieldWithNoColumnAndNoDefaultIsOneProblem() {
        let found = problems(plan("openid\nu1\nu2\n", defaults: BatchDefaults(brandID: "120344", appid: "wx1", productCouponID: "1")))
        #expect(found == ["stock_id: required; give --stock-id, a stock_id column, or defaults.stock_id in the config"])
    }

    @Test func theFlavorsCallerRuleIsAppliedToEachRow() {
        let found = problems(plan("openid,brand_id\nu1,120344\nu2,999\n", callerProblem: {
            $0.brandID == "120344" ? nil : "brand_id: the brand is the caller"
        }))
        #expect(found == ["line 3: brand_id: the brand is the caller"])
    }

    @Test func aFileThatIsNotCSVIsRefusedWithItsLine() {
        #expect(problems(plan("openid\n\"u1\n")) == ["line 2: a quoted field starts here and is never closed"])
    }

    @Test func aHeaderWithoutRowsIsRefused() {
        #expect(problems(plan("openid\n")) == ["the file has a header but no rows"])
    }
}

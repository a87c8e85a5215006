import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore

/// `history list` and `history show` on a log where one send_request_no was used for two requests
/// (by an older version or another tool): both sends are listed, the issued one stays issued.
@Suite struct ReusedNumberCommandTests {
    @Test func listShowsBothSendsAndFindsTheIssuedOne() async throws {
        let dir = try TempDir()
        let log = try writeReusedNumberLog(dir)
        let all = try await CommandLineRun.coupondesk(["history", "list", "--history", log])
        #expect(all.stdout.split(separator: "\n").count == 3)
        let issued = try await CommandLineRun.coupondesk(["history", "list", "--outcome", "issued", "--history", log])
        #expect(issued.stdout.contains("o-safe-A") && issued.stdout.contains("TOKEN-SRN-REUSED"))
        let search = try await CommandLineRun.coupondesk(["history", "list", "--search", "o-safe-A", "--history", log])
        #expect(search.stdout.contains("issued"))
        let show = try await CommandLineRun.coupondesk(["history", "show", "SRN-REUSED", "--history", log])
        #expect(show.stdout.contains("used for 2 different requests"))
        #expect(show.stdout.contains("2 of 4 (current state of send 1)") && show.stdout.contains("4 of 4 (current state of send 2)"))
    }
}

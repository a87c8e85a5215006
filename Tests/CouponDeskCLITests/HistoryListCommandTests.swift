import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore

/// `coupondesk history list`: what `--limit` counts, and logs written by other tools.
@Suite struct HistoryListCommandTests {
    /// Lines the index takes for sends (they have a send_request_no and an outcome) but that are not
    /// JSON: shown nowhere, reported on stderr.
    static let brokenRows = (1...3).map { #"{"request":{"send_request_no":"BAD\#($0)"},"outcome":"issued" !}"# + "\n" }.joined()

    @Test func unreadableLinesNeverTakeAPlaceUnderTheLimit() async throws {
        let dir = try TempDir()
        var text = ""
        for i in 1...5 { text += try line(record("SRN000\(i)", .issued)) }
        writeText(dir.file(), text + Self.brokenRows)   // the newest three lines are the broken ones
        for json in [false, true] {
            let run = try await CommandLineRun.coupondesk(["history", "list", "--limit", "4", "--history", dir.file()]
                                                         + (json ? ["--json"] : []))
            #expect(run.status == 0)
            #expect(run.stdout.split(separator: "\n").count == 4)
            #expect(run.stdout.contains("SRN0005") && run.stdout.contains("SRN0002") && !run.stdout.contains("SRN0001"))
            #expect(run.stderr.contains("3 unreadable lines"))
        }
    }

    @Test func aRecordWithAMistypedFieldIsListedAndFound() async throws {
        let dir = try TempDir()
        let refused = record("SRN0002", .rejected, openid: "oMistyped",
                             error: SendError(category: .userLimitReached, httpStatus: 400, code: "INVALID_REQUEST",
                                              numericCode: 268578927, message: "超过领取上限"))
        let mistyped = try line(refused).replacingOccurrences(of: #""numeric_code":268578927"#, with: #""numeric_code": "272756740""#)
        #expect(try mistyped != line(refused))
        writeText(dir.file(), try line(record("SRN0001", .issued)) + mistyped)
        let list = try await CommandLineRun.coupondesk(["history", "list", "--search", "oMistyped", "--history", dir.file()])
        #expect(list.status == 0)
        #expect(list.stdout.contains("SRN0002") && list.stdout.contains("user_limit_reached"))
        #expect(!list.stderr.contains("unreadable"))
        let show = try await CommandLineRun.coupondesk(["history", "show", "SRN0002", "--history", dir.file()])
        #expect(show.stdout.contains("272756740"))
    }

    /// 1e11 used to abort trying to allocate the rows up front, 2^62 to crash, 1e9 to take 7.8 GB. Run
    /// under a 1 GB address-space cap, which any allocation proportional to the limit breaks.
    @Test(arguments: ["100000000000", "4611686018427387904", "1e11", "1000000000", "99999999999999999999999"])
    func aHugeLimitListsEverySendWithoutAllocatingForIt(limit: String) throws {
        let dir = try TempDir()
        var text = ""
        for i in 1...60 { text += try line(record(String(format: "SRN%04d", i), i % 3 == 0 ? .rejected : .issued)) }
        writeText(dir.file(), text)
        let all = try CommandLineRun.spawned(["history", "list", "--limit", limit, "--history", dir.file()],
                                             memoryLimitKB: 1 << 20)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").count == 60)
        let issued = try CommandLineRun.spawned(["history", "list", "--limit", limit, "--outcome", "issued", "--json",
                                                 "--history", dir.file()], memoryLimitKB: 1 << 20)
        #expect(issued.status == 0)
        #expect(issued.stdout.split(separator: "\n").count == 40)
    }

    @Test func aLimitIsAWholeNumberOfAtLeastOneInDigitsOrPowersOfTen() async throws {
        let dir = try TempDir()
        writeText(dir.file(), try line(record("SRN0001", .issued)) + line(record("SRN0002", .issued)))
        for good in ["1", "1e0", "2E3"] {
            let run = try await CommandLineRun.coupondesk(["history", "list", "--limit", good, "--history", dir.file()])
            #expect(run.status == 0 && run.stdout.split(separator: "\n").count == (good == "2E3" ? 2 : 1), "\(good)")
        }
        for bad in ["0", "0e5", "-1", "1.5", "1e", "e5", "٣"] {
            let run = try await CommandLineRun.coupondesk(["history", "list", "--limit", bad, "--history", dir.file()])
            #expect(run.status == 64 && run.stderr.contains("--limit"), "\(bad)")
        }
    }
}

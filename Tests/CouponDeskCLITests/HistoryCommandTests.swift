import CouponDeskTestSupport
import CouponHistory
import Foundation
import Testing
import WeChatPayCore

/// The `coupondesk history` commands, run in-process on logs written here: what scripts and people see
/// on stdout, stderr and in the exit code.
@Suite struct HistoryCommandTests {
    func sampleLog(_ dir: TempDir) throws -> (path: String, garbageOffset: Int) {
        let rejected = SendError(category: .dailyBudgetExhausted, httpStatus: 400, code: "INVALID_REQUEST", message: "今日预算已用完")
        let head = try line(record("SRN0001", .pending, openid: "oAlice")) + line(record("SRN0001", .issued, openid: "oAlice"))
        let text = try head + "garbage\n"
            + line(record("SRN0002", .rejected, openid: "oBob", error: rejected))
            + line(record("SRN0003", .pending, openid: "oCarol"))
        writeText(dir.file(), text)
        return (dir.file(), head.utf8.count)
    }

    @Test func listShowsOneLinePerSendNewestFirstAndReportsUnreadableLinesOnStderr() async throws {
        let dir = try TempDir()
        let (log, garbage) = try sampleLog(dir)
        let run = try await CommandLineRun.coupondesk(["history", "list", "--history", log])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("SRN0003") && lines[0].contains("unknown") && lines[0].contains("interrupted"))
        #expect(lines[1].contains("SRN0002") && lines[1].contains("rejected") && lines[1].contains("daily_budget_exhausted"))
        #expect(lines[2].contains("SRN0001") && lines[2].contains("issued") && lines[2].contains("TOKEN-SRN0001"))
        #expect(run.stderr.contains("1 unreadable line at byte \(garbage)"))
    }

    @Test func listFiltersBySearchAndOutcomeAndPrintsJSONLines() async throws {
        let dir = try TempDir()
        let (log, _) = try sampleLog(dir)
        let search = try await CommandLineRun.coupondesk(["history", "list", "--search", "ALICE", "--json", "--history", log])
        let records = try search.stdout.split(separator: "\n").map { try JSONDecoder().decode(SendRecord.self, from: Data($0.utf8)) }
        #expect(records.map(\.request.sendRequestNo) == ["SRN0001"])
        let unknown = try await CommandLineRun.coupondesk(["history", "list", "--history", log, "--outcome", "unknown", "--json"])
        #expect(unknown.stdout.split(separator: "\n").count == 1)
        #expect(unknown.stdout.contains("SRN0003"))
        let limited = try await CommandLineRun.coupondesk(["history", "list", "--json", "--limit", "2", "--history", log])
        #expect(limited.stdout.split(separator: "\n").count == 2)
    }

    @Test func jsonOutputPassesOnFieldsOfANewerSchema() async throws {
        let dir = try TempDir()
        let newer = #"{"v":2,"time":"2027-01-01T00:00:00.000+08:00","mode":"live","request":{"openid":"o","brand_id":"b","product_coupon_id":"p","stock_id":"s","appid":"a","send_request_no":"SRN0002"},"outcome":"issued","token":"T","channel":"sms"}"#
        writeText(dir.file(), try line(record("SRN0001", .issued)) + newer + "\n")
        for arguments in [["history", "list", "--json"], ["history", "show", "SRN0002", "--json"]] {
            let run = try await CommandLineRun.coupondesk(arguments + ["--history", dir.file()])
            #expect(run.status == 0)
            #expect(run.stdout.split(separator: "\n").first.map(String.init) == newer)
        }
        let human = try await CommandLineRun.coupondesk(["history", "show", "SRN0002", "--history", dir.file()])
        #expect(human.stdout.contains("v2"))
    }

    @Test func badOptionValuesAreUsageErrorsThatSayWhatIsAllowed() async throws {
        let dir = try TempDir()
        let (log, _) = try sampleLog(dir)
        let limit = try await CommandLineRun.coupondesk(["history", "list", "--limit", "ten", "--history", log])
        #expect(limit.status == 64 && limit.stderr.contains("--limit"))
        let outcome = try await CommandLineRun.coupondesk(["history", "list", "--outcome", "maybe", "--history", log])
        #expect(outcome.status == 64 && outcome.stderr.contains("issued, rejected or unknown"))
        let format = try await CommandLineRun.coupondesk(["history", "export", "--format", "xml", "--history", log])
        #expect(format.status == 64 && format.stderr.contains("csv or json"))
    }

    @Test func showPrintsEveryRecordOfASendOldestFirst() async throws {
        let dir = try TempDir()
        let (log, _) = try sampleLog(dir)
        let run = try await CommandLineRun.coupondesk(["history", "show", "SRN0001", "--json", "--history", log])
        #expect(run.status == 0)
        let outcomes = try run.stdout.split(separator: "\n").map { try JSONDecoder().decode(SendRecord.self, from: Data($0.utf8)).outcome }
        #expect(outcomes == [.pending, .issued])
        let human = try await CommandLineRun.coupondesk(["history", "show", "--history", log, "SRN0001"])
        #expect(human.stdout.contains("2 of 2 (current state)"))
        let missing = try await CommandLineRun.coupondesk(["history", "show", "SRN9999", "--history", log])
        #expect(missing.status == 1 && missing.stderr.contains("SRN9999"))
    }

    @Test func exportWritesCSVToAFileWithMode0600() async throws {
        let dir = try TempDir()
        let (log, _) = try sampleLog(dir)
        let target = dir.file("out.csv")
        let run = try await CommandLineRun.coupondesk(["history", "export", "--format", "csv", "--output", target, "--history", log])
        #expect(run.status == 0)
        let csv = String(decoding: fileBytes(target), as: UTF8.self)
        #expect(csv.hasPrefix(HistoryExport.csvColumns.joined(separator: ",") + "\r\n"))
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 5)
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func humanOutputNeverCarriesControlCharactersFromTheLog() async throws {
        let dir = try TempDir()
        let hostile = record("SRN0001", .rejected, openid: "o\u{1B}]52;c;SGVsbG8=\u{07}x",
                             error: SendError(category: .other, message: "\u{1B}[2J\u{1B}[31mcleared\u{9B}"))
        writeText(dir.file(), try line(hostile))
        for arguments in [["history", "list"], ["history", "show", "SRN0001"]] {
            let run = try await CommandLineRun.coupondesk(arguments + ["--history", dir.file()])
            #expect(run.status == 0)
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
            #expect(run.stdout.contains("cleared"))
        }
    }

    @Test func aDirectoryInPlaceOfTheLogExitsWith1AndSaysSo() async throws {
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.file(), withIntermediateDirectories: false)
        let run = try await CommandLineRun.coupondesk(["history", "list", "--history", dir.file()])
        #expect(run.status == 1)
        #expect(run.stderr.contains("directory"))
    }

    @Test func theDefaultLogIsUnderXDGDataHomeAndAMissingConfigIsAConfigError() async throws {
        let dir = try TempDir()
        let data = dir.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/coupondesk", withIntermediateDirectories: true)
        writeText(data + "/coupondesk/history.jsonl", try line(record("SRN0042", .issued)))
        let env = ["XDG_DATA_HOME": data, "XDG_CONFIG_HOME": dir.path + "/config"]
        let run = try await CommandLineRun.coupondesk(["history", "list"], environment: env)
        #expect(run.status == 0 && run.stdout.contains("SRN0042"))
        let badConfig = try await CommandLineRun.coupondesk(["history", "list", "--config", dir.path + "/none.json"], environment: env)
        #expect(badConfig.status == 78)
        #expect(badConfig.stderr.contains("none.json"))
    }
}

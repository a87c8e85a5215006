import CouponBatch
import CouponDeskTestSupport
import CouponDeskText
import CouponSandbox
import Foundation
import Testing
import WeChatPayCore
@testable import CouponDeskCLI

/// `coupondesk batch` in both languages: a refused file, a dry run and a finished run speak Chinese
/// under a Chinese locale, keeping the API's words and the numbers; `--json` and `--output` do not
/// change with the language.
@Suite struct BatchLanguageTests {
    static let options = BatchCommandTests.partnerOptions

    /// `coupondesk batch ARGUMENTS` against `sandbox` in the language of `locale`.
    static func batch(_ sandbox: ServedSandbox, _ arguments: [String], _ locale: [String: String]) async throws -> CommandLineRun {
        try await CommandLineRun.coupondesk(["batch"] + arguments + ["--config", sandbox.config, "--history", sandbox.history],
                                            environment: locale)
    }

    /// English sentences in what the command said, its `coupondesk batch: ` prefix (a command's name,
    /// the same in every language) left out.
    static func englishSentences(in text: String) -> [String] {
        let prose = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("coupondesk batch: ") ? $0.dropFirst("coupondesk batch: ".count) : $0 }
            .joined(separator: "\n")
        return LanguageTests.englishSentences(in: prose)
    }

    static let badRows = "openid,attach,send_request_no\n"
        + "user-a,ok,CDBATCHZH0001\n"       // line 2
        + "user b,ok,CDBATCHZH0002\n"       // line 3: a space in the openid
        + "user-c,\"x\u{07}\",CDBATCHZH0003\n" // line 4: a control character
        + "user-a,again,CDBATCHZH0004\n"    // line 5: user-a again, same stock
        + "user-d,ok,CDBATCHZH0001\n"       // line 6: line 2's number
        + "user-e,ok\n"                     // line 7: two fields

    @Test func aRefusedFilesRowProblemsAreChineseWithTheirLinesAndAPIWords() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("bad.csv", Self.badRows)
        let run = try await Self.batch(sandbox, [file] + Self.options, LanguageTests.chinese)
        #expect(run.status == 64)
        #expect(Self.englishSentences(in: run.stderr) == [], "\(run.stderr)")
        #expect(run.stderr.contains("第 3 行：用户 openid："))
        #expect(run.stderr.contains("第 4 行：附加信息 attach：不能含控制字符"))
        #expect(run.stderr.contains("第 5 行：openid user-a 在批次 \(DemoData.StockID.plenty) 中已有一行（第 2 行）"))
        #expect(run.stderr.contains("第 6 行：send_request_no CDBATCHZH0001 与第 2 行相同"))
        #expect(run.stderr.contains("第 7 行：有 2 个字段，表头有 3 个"))
        #expect(run.stderr.contains("有 5 处问题；整个文件被拒绝，未发送任何请求"))
        #expect(!run.stderr.contains("⟦"))
        #expect(sandbox.exchanges(.preSend).isEmpty)
    }

    @Test func aRefusedHeaderIsChineseAndNamesTheColumnsAndOptions() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("header.csv", "openid,amount\nuser-a,5\n")
        // An empty --stock-id overrides the config's default: no stock for any row.
        let withoutStock = Array(Self.options.drop { $0 != "--product-coupon-id" }) + ["--stock-id", ""]
        let run = try await Self.batch(sandbox, [file] + withoutStock, LanguageTests.chinese)
        #expect(run.status == 64)
        #expect(Self.englishSentences(in: run.stderr) == [], "\(run.stderr)")
        #expect(run.stderr.contains("第 1 行：未知的列 \"amount\"；可用的列为 openid, attach,"))
        #expect(run.stderr.contains("stock_id：必填；请用 --stock-id 指定、加一列 stock_id，或在配置中设置 defaults.stock_id"))
    }

    @Test func theSameRefusalSaysTheSameProblemsInEnglish() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("bad.csv", Self.badRows)
        let zh = try await Self.batch(sandbox, [file] + Self.options, LanguageTests.chinese)
        let en = try await Self.batch(sandbox, [file] + Self.options, LanguageTests.english)
        #expect(en.status == zh.status)
        #expect(en.stderr.split(separator: "\n").count == zh.stderr.split(separator: "\n").count)
        #expect(en.stderr.contains("line 7: has 2 fields, the header has 3"))
        #expect(en.stderr.contains("5 problems in"))
    }

    @Test func aDryRunIsChineseWithItsNumbersAndAPIWords() async throws {
        let sandbox = try ServedSandbox()
        let file = try BatchCommandTests.file(sandbox, ["user-a", "user-b", "user-c"])
        let run = try await Self.batch(sandbox, [file, "--dry-run", "--batch-id", "zhdry"] + Self.options, LanguageTests.chinese)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.englishSentences(in: run.stdout) == [], "\(run.stdout)")
        #expect(run.stdout.contains("试运行：未发送任何请求"))
        #expect(run.stdout.contains("批量发放 zhdry：已检查 3 行，全部有效"))
        #expect(run.stdout.contains("将发送          3"))
        #expect(run.stdout.contains("  \(DemoData.StockID.plenty)  3"))
        #expect(run.stdout.contains("第 2 行  zhdry_000002  openid user-a  批次 \(DemoData.StockID.plenty)  发送"))
        #expect(!run.stdout.contains("⟦"))
        #expect(sandbox.exchanges(.preSend).isEmpty)
    }

    @Test func oneRowAndOneWorkerAreCountedInTheSingular() async throws {
        let sandbox = try ServedSandbox()
        let file = try BatchCommandTests.file(sandbox, ["user-a"])
        let run = try await Self.batch(sandbox, [file, "--dry-run", "--concurrency", "1"] + Self.options, LanguageTests.english)
        #expect(run.stdout.contains("1 row checked, all valid"), "\(run.stdout)")
        #expect(run.stdout.contains("with 1 worker:"))
    }

    /// Issued, refused (a paused stock) and unknown (a server fault) rows: the summary in Chinese, the
    /// error categories' raw values beside their reasons, and the resume command as it is.
    static let mixedRows = "openid,stock_id\nuser-a,\(DemoData.StockID.plenty)\nuser-b,\(DemoData.StockID.paused)\nfault-system-error-1,\(DemoData.StockID.plenty)\n"

    @Test func aFinishedRunsSummaryIsChinese() async throws {
        let sandbox = try ServedSandbox()
        let file = try sandbox.dir.write("mixed.csv", Self.mixedRows)
        let run = try await Self.batch(sandbox, [file] + Self.options, LanguageTests.chinese)
        #expect(run.status == 4, "\(run.stderr)")
        #expect(Self.englishSentences(in: run.stderr) == [], "\(run.stderr)")
        #expect(run.stderr.contains("已完成，用时"))
        #expect(run.stderr.contains("已发放           1"))
        #expect(run.stderr.contains("被拒绝           1"))
        #expect(run.stderr.contains("结果未知         1"))
        #expect(run.stderr.contains("stock_not_sending"))
        #expect(run.stderr.contains(Texts(.zhHans).category("stock_not_sending")))
        #expect(run.stderr.contains("server_error"))
        #expect(run.stderr.contains("1 行结果未知"))
        #expect(run.stderr.contains("--batch-id b"))
        #expect(!run.stderr.contains("⟦"))
    }

    /// The same file in two sandboxes (so the same numbers), one run per language.
    @Test func jsonAndTheResultsFileAreTheSameInBothLanguages() async throws {
        var json: [[String: [String: Any]]] = []
        var results: [BatchFile] = []
        for locale in [LanguageTests.chinese, LanguageTests.english] {
            let sandbox = try ServedSandbox()
            let file = try sandbox.dir.write("mixed.csv", Self.mixedRows)
            let output = sandbox.dir.file("results.csv")
            let run = try await Self.batch(sandbox, [file, "--json", "--output", output] + Self.options, locale)
            #expect(run.status == 4)
            var byNumber: [String: [String: Any]] = [:]
            for line in run.stdout.split(separator: "\n") {
                let object = try jsonObject(line)
                let request = try #require(object["request"] as? [String: Any])
                byNumber[try #require(request["send_request_no"] as? String)] = object
            }
            json.append(byNumber)
            results.append(try BatchFile.parse(try #require(FileManager.default.contents(atPath: output))))
        }
        let (zh, en) = (json[0], json[1])
        #expect(zh.count == 3 && Set(zh.keys) == Set(en.keys))
        let volatile: Set<String> = ["time", "request_id", "elapsed_ms", "token", "sender"]
        for (number, zhRecord) in zh {
            let enRecord = try #require(en[number])
            #expect(Set(zhRecord.keys) == Set(enRecord.keys))
            for key in zhRecord.keys where !volatile.contains(key) {
                #expect(try LanguageTests.canonical(zhRecord[key]!) == LanguageTests.canonical(enRecord[key]!), "\(number) \(key)")
            }
        }
        #expect(Set(zh.values.compactMap { $0["outcome"] as? String }) == ["issued", "rejected", "unknown"])
        #expect(results[0].header == results[1].header)
        #expect(results[0].header == ["openid", "stock_id", "send_request_no", "outcome", "category", "token", "request_id"])
        // Every column but token and request_id (which differ between any two sends) is the same.
        let stable = { (file: BatchFile) in file.rows.map { Array($0.fields.prefix(5)) } }
        #expect(stable(results[0]) == stable(results[1]))
        #expect(results[0].rows.map { $0.fields[3] } == ["issued", "rejected", "unknown"])
        #expect(results[0].rows.map { $0.fields[4] } == ["", "stock_not_sending", "server_error"])
    }

    @Test func progressAndStoppingAreWordedInTheCommandsLanguage() {
        var counts = BatchCounts()
        counts.done = 5; counts.issued = 3; counts.rejected = 1; counts.unknown = 1
        let zh = Texts(.zhHans)
        let line = BatchOutput.progressLine(counts: counts, total: 10, sendsPerSecond: 40, limit: 20, target: 100, text: zh)
        #expect(line == "5/10  50.0%  已发放 3  被拒绝 1  结果未知 1  40 笔/秒（收到 429，已降速至 20/s）  预计剩余 0.1 秒")
        #expect(BatchOutput.stopping(inFlight: 2, text: zh).contains("进行中的 2 笔发送"))
        #expect(BatchOutput.stopping(inFlight: 1, text: .english).contains("the 1 send in flight"))
        #expect(LanguageTests.englishSentences(in: BatchOutput.abandoning(inFlight: 3, text: zh)) == [])
    }
}

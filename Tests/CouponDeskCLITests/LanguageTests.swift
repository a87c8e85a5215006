import CouponDeskTestSupport
import CouponDeskText
import Foundation
import Testing
@testable import CouponDeskCLI

/// The command line in both languages: `--help` of every command from the tables (HelpText), the
/// language chosen by the config or the locale, and machine output (`--json`) the same in both.
@Suite struct LanguageTests {
    static let chinese = ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]
    static let english = ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"]

    /// Three English words in a row (space-separated, not API constants in capitals) outside a
    /// command line: an untranslated sentence.
    static func englishSentences(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            // Command lines (usage, examples) are the same in every language.
            var prose = Substring(line)
            if let command = line.range(of: "coupondesk ") { prose = line[..<command.lowerBound] }
            if prose.trimmingCharacters(in: .whitespaces).hasPrefix("--") {
                // An option line: its name and value name, then its help after two spaces.
                guard let help = prose.range(of: "  ", range: prose.index(prose.startIndex, offsetBy: 4)..<prose.endIndex) else { return nil }
                prose = prose[help.upperBound...]
            }
            var run: [Substring] = []
            for token in prose.split(separator: " ") {
                let word = token.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:()"))
                let english = word.count >= 2 && word.allSatisfy { $0.isASCII && $0.isLetter } && word.contains(where: \.isLowercase)
                if english { run.append(token) } else { run = [] }
                if run.count >= 3 { return "\(run.joined(separator: " ")) in: \(line)" }
            }
            return nil
        }
    }

    static let names = CommandCatalog.current.entries.map(\.name)

    @Test(arguments: names)
    func everyCommandsHelpIsChineseUnderAChineseLocale(_ name: String) async throws {
        let words = name.split(separator: " ").map(String.init)
        let run = try await CommandLineRun.coupondesk(words + ["--help"], environment: Self.chinese)
        #expect(run.status == 0)
        #expect(run.stdout.contains("用法："), "\(run.stdout)")
        #expect(Self.englishSentences(in: run.stdout) == [], "\(name)")
        #expect(!run.stdout.contains("⟦"))
    }

    @Test(arguments: names)
    func everyCommandsHelpIsEnglishUnderTheCLocale(_ name: String) async throws {
        let words = name.split(separator: " ").map(String.init)
        let run = try await CommandLineRun.coupondesk(words + ["--help"], environment: Self.english)
        #expect(run.stdout.contains("Usage:"), "\(run.stdout)")
        #expect(!run.stdout.contains("用法"))
    }

    /// Each spec's summary, discussion and option lines are HelpText keys, worded differently in
    /// the two tables: nothing of `--help` is written in one language only.
    @Test func everySpecsHelpIsTranslated() {
        let en = Texts(.en), zh = Texts(.zhHans)
        for entry in CommandCatalog.current.entries {
            #expect(entry.spec.summaryText(en) != entry.spec.summaryText(zh), "\(entry.name) summary")
            #expect(entry.spec.discussionText(en) != entry.spec.discussionText(zh), "\(entry.name) discussion")
            for option in entry.options {
                #expect(option.helpText(en) != option.helpText(zh), "\(entry.name) \(option.name)")
            }
        }
    }

    @Test func theTopLevelHelpFollowsTheLanguage() async throws {
        let zh = try await CommandLineRun.coupondesk(["--help"], environment: Self.chinese)
        #expect(zh.stdout.contains("命令：") && zh.stdout.contains("向一位用户预发放一张商品券"))
        #expect(Self.englishSentences(in: zh.stdout) == [])
        let en = try await CommandLineRun.coupondesk(["--help"], environment: Self.english)
        #expect(en.stdout.contains("Commands:") && en.stdout.contains("Pre-send a product coupon to one user"))
    }

    /// The config's "language" wins over the locale, for `--help` too (read before the arguments).
    @Test func theConfigsLanguageWinsOverTheLocale() async throws {
        let dir = try TempDir()
        try Data(#"{"language": "zh-Hans"}"#.utf8).write(to: URL(fileURLWithPath: dir.file("config.json")))
        let run = try await CommandLineRun.coupondesk(["send", "--help", "--config", dir.file("config.json")], environment: Self.english)
        #expect(run.stdout.contains("用法："), "\(run.stdout)")
        let viaEnvironment = try await CommandLineRun.coupondesk(["stock", "--help"],
                                                                 environment: Self.english.merging(["COUPONDESK_CONFIG": dir.file("config.json")]) { $1 })
        #expect(viaEnvironment.stdout.contains("用法："))
    }

    /// The same sends in both languages: the same JSON keys, the same values but for the fields
    /// that differ between any two sends (time, number, Request-ID, timing, token, the sender).
    @Test func sendJSONIsTheSameInBothLanguages() async throws {
        let dir = try TempDir()
        let home = ["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path]
        var objects: [[String: Any]] = []
        for (language, number) in [(Self.chinese, "CDLANG0000001"), (Self.english, "CDLANG0000002")] {
            for stock in ["1000000013001", "1000000013005"] {
                let run = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-language", "--stock-id", stock,
                                                               "--send-request-no", number + stock.suffix(1), "--json"],
                                                              environment: language.merging(home) { $1 })
                objects.append(try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]))
            }
        }
        let volatile: Set<String> = ["time", "request_id", "elapsed_ms", "token", "sender", "request"]
        for (zh, en) in [(objects[0], objects[2]), (objects[1], objects[3])] {
            #expect(Set(zh.keys) == Set(en.keys))
            for key in zh.keys where !volatile.contains(key) {
                #expect(try Self.canonical(zh[key]!) == Self.canonical(en[key]!), "\(key)")
            }
        }
        #expect(objects[1]["outcome"] as? String == "rejected", "the paused stock's refusal, as a machine value")
    }

    /// A JSON value as text with sorted keys, to compare two decoded values.
    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func historyListJSONIsIdenticalInBothLanguages() async throws {
        let dir = try TempDir()
        let home = ["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path]
        for stock in ["1000000013001", "1000000013005"] {
            let sent = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-list", "--stock-id", stock], environment: home)
            #expect(sent.status == (stock.hasSuffix("1") ? 0 : 3), "\(sent.stdout) \(sent.stderr)")
        }
        let log = dir.file("coupondesk/demo/history.jsonl")
        let zh = try await CommandLineRun.coupondesk(["history", "list", "--json", "--history", log], environment: Self.chinese.merging(home) { $1 })
        let en = try await CommandLineRun.coupondesk(["history", "list", "--json", "--history", log], environment: Self.english.merging(home) { $1 })
        #expect(zh.status == 0 && zh.stdout.split(separator: "\n").count == 2, "\(zh.stdout) \(zh.stderr)")
        #expect(zh.stdout == en.stdout)
    }

    /// A person's output in Chinese: a send's result, a refusal, the history's lines and one send's
    /// records, with no English sentence (WeChat Pay's field names and machine values stay).
    @Test func sendAndHistoryOutputIsChineseUnderAChineseLocale() async throws {
        let dir = try TempDir()
        let env = Self.chinese.merging(["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path]) { $1 }
        let issued = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-zh", "--send-request-no", "CDZH000000001"], environment: env)
        #expect(issued.stdout.contains("已发放：token") && issued.stdout.contains("[演示沙箱：未真实发券]"), "\(issued.stdout)")
        let refused = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-zh", "--stock-id", "1000000013005"], environment: env)
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("被拒绝：批次不在发放中"), "\(refused.stdout)")
        let log = dir.file("coupondesk/demo/history.jsonl")
        let list = try await CommandLineRun.coupondesk(["history", "list", "--history", log], environment: env)
        #expect(list.stdout.contains("已发放") && list.stdout.contains("被拒绝"), "\(list.stdout)")
        let show = try await CommandLineRun.coupondesk(["history", "show", "CDZH000000001", "--history", log], environment: env)
        #expect(show.stdout.contains("记录"), "\(show.stdout)")
        let unknownOption = try await CommandLineRun.coupondesk(["send", "--opnid", "x"], environment: env)
        #expect(unknownOption.stderr.contains("没有选项 --opnid") && unknownOption.stderr.contains("用法："), "\(unknownOption.stderr)")
        for run in [issued, refused, list, show, unknownOption] {
            #expect(Self.englishSentences(in: run.stdout + run.stderr) == [])
        }
    }

    /// The doctor's report in Chinese (titles, findings, advice, summary); its `--json` stays English,
    /// with the same checks and statuses, whatever the language.
    @Test func theDoctorsReportIsChineseAndItsJSONIsNot() async throws {
        let dir = try TempDir()
        let env = Self.chinese.merging(["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path, "TERM": "xterm-256color"]) { $1 }
        let report = try await CommandLineRun.coupondesk(["demo", "doctor"], environment: env)
        #expect(report.status == 0, "\(report.stdout) \(report.stderr)")
        for text in ["✓ 配置", "签名调用", "私钥", "一切就绪（退出码 0）"] {
            #expect(report.stdout.contains(text), "\(text) in \(report.stdout)")
        }
        #expect(Self.englishSentences(in: report.stdout) == [], "\(report.stdout)")
        let zh = try await CommandLineRun.coupondesk(["demo", "doctor", "--json"], environment: env)
        let en = try await CommandLineRun.coupondesk(["demo", "doctor", "--json"],
                                                     environment: Self.english.merging(["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path,
                                                                                        "TERM": "xterm-256color"]) { $1 })
        func checks(_ run: CommandLineRun) throws -> [[String: String]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let list = try #require(object["checks"] as? [[String: Any]])
            return list.map { ["id": $0["id"] as? String ?? "", "status": $0["status"] as? String ?? "", "title": $0["title"] as? String ?? "",
                               "finding": $0["finding"] as? String ?? ""] }
        }
        #expect(try checks(zh).map { $0["id"]! + $0["status"]! + $0["title"]! } == checks(en).map { $0["id"]! + $0["status"]! + $0["title"]! })
        #expect(try checks(zh).allSatisfy { !$0["finding"]!.contains("配置") }, "--json speaks English")
    }

    /// A config problem is framed in the language (which file, which key); `send` exits 78 either way.
    @Test func aConfigProblemIsSaidInChinese() async throws {
        let dir = try TempDir()
        let run = try await CommandLineRun.coupondesk(["send", "--openid", "o", "--product-coupon-id", "P", "--stock-id", "S", "--appid", "A",
                                                       "--config", dir.file("missing.json")], environment: Self.chinese)
        #expect(run.status == 78)
        #expect(run.stderr.contains("文件不存在") && run.stderr.contains("配置错误；未发送"), "\(run.stderr)")
        try Data(#"{"mchid": "1900000001", "timeout": 5}"#.utf8).write(to: URL(fileURLWithPath: dir.file("bad.json")))
        let unknownKey = try await CommandLineRun.coupondesk(["stock", "--config", dir.file("bad.json")], environment: Self.chinese)
        #expect(unknownKey.status == 78)
        #expect(unknownKey.stderr.contains("未知的键 \"timeout\"（是否想写 \"timeout_seconds\"？）"), "\(unknownKey.stderr)")
        #expect(Self.englishSentences(in: run.stderr + unknownKey.stderr) == [])
    }
}

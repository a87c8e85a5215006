import CouponDeskTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the history log says to a person — a loose log tightened, lines it could not read — in the
/// command line's language; the log itself never changes with it.
@Suite struct HistoryLanguageTests {
    static func home(_ dir: TempDir, _ language: [String: String]) -> [String: String] {
        language.merging(["XDG_DATA_HOME": dir.path, "XDG_CONFIG_HOME": dir.path]) { $1 }
    }

    /// A demo send into a log others could read (0644): the notice that it was tightened.
    static func sendIntoALooseLog(_ language: [String: String]) async throws -> CommandLineRun {
        let dir = try TempDir()
        let env = home(dir, language)
        let first = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-loose", "--send-request-no", "CDLOOSE000001"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(chmod(dir.file("coupondesk/demo/history.jsonl"), 0o644) == 0)
        return try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-loose", "--send-request-no", "CDLOOSE000002"], environment: env)
    }

    @Test func aTightenedLogIsSaidInChinese() async throws {
        let run = try await Self.sendIntoALooseLog(LanguageTests.chinese)
        #expect(run.status == 0)
        #expect(run.stderr.contains("原权限为 0644，其他用户可读；已收紧为 0600"), "\(run.stderr)")
        #expect(LanguageTests.englishSentences(in: run.stderr) == [], "\(run.stderr)")
    }

    @Test func aTightenedLogIsSaidInEnglish() async throws {
        let run = try await Self.sendIntoALooseLog(LanguageTests.english)
        #expect(run.stderr.contains("its permissions were 0644, readable by others; tightened to 0600"), "\(run.stderr)")
    }

    @Test func unreadableLinesAreSummedUpInChinese() async throws {
        let dir = try TempDir()
        let env = Self.home(dir, LanguageTests.chinese)
        let sent = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-torn", "--send-request-no", "CDTORN000001"], environment: env)
        #expect(sent.status == 0, "\(sent.stderr)")
        let log = dir.file("coupondesk/demo/history.jsonl")
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("not a record\n{\"torn\": \n".utf8))
        handle.closeFile()
        let list = try await CommandLineRun.coupondesk(["history", "list", "--history", log], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stderr.contains("2 行无法读取，位于字节"), "\(list.stderr)")
        #expect(LanguageTests.englishSentences(in: list.stderr) == [], "\(list.stderr)")
    }

    @Test func aNumberTheLogDoesNotHoldIsSaidInChinese() async throws {
        let dir = try TempDir()
        let env = Self.home(dir, LanguageTests.chinese)
        let sent = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-show", "--send-request-no", "CDSHOW000001"], environment: env)
        #expect(sent.status == 0, "\(sent.stderr)")
        let show = try await CommandLineRun.coupondesk(["history", "show", "CDNOTHERE0001", "--history", dir.file("coupondesk/demo/history.jsonl")],
                                                      environment: env)
        #expect(show.status != 0)
        #expect(show.stderr.contains("没有 send_request_no 为 'CDNOTHERE0001' 的记录"), "\(show.stderr)")
        #expect(LanguageTests.englishSentences(in: show.stderr) == [], "\(show.stderr)")
    }

    @Test func anExportFileThatCannotBeCreatedIsSaidInChinese() async throws {
        let dir = try TempDir()
        let env = Self.home(dir, LanguageTests.chinese)
        let sent = try await CommandLineRun.coupondesk(["demo", "send", "--openid", "o-export", "--send-request-no", "CDEXPORT0001"], environment: env)
        #expect(sent.status == 0, "\(sent.stderr)")
        let export = try await CommandLineRun.coupondesk(["history", "export", "--format", "csv", "--history", dir.file("coupondesk/demo/history.jsonl"),
                                                          "--output", dir.file("no-such-folder/out.csv")], environment: env)
        #expect(export.status != 0)
        #expect(export.stderr.contains("无法创建"), "\(export.stderr)")
        #expect(LanguageTests.englishSentences(in: export.stderr) == [], "\(export.stderr)")
    }
}

import CouponDeskTestSupport
import CouponDeskText
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// The log holds openids and tokens: it is private (0600), and an existing one that is not is
/// tightened before the first record goes into it.
@Suite struct LogPermissionTests {
    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    @Test(arguments: [0o644 as mode_t, 0o664, 0o606, 0o640])
    func aLooseLogIsTightenedTo0600OnTheFirstAppendWithOneNotice(loose: mode_t) throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)))
        #expect(chmod(dir.file(), loose) == 0)
        let heard = NoticeLog()
        let store = HistoryStore(path: dir.file(), notice: heard.add)
        try store.append(record("SRN0002", .issued))
        #expect(Self.mode(dir.file()) == 0o600)
        try store.append(record("SRN0003", .issued))
        #expect(heard.all.count == 1)
        let notice = try #require(heard.all.first)
        #expect(notice.contains("0\(String(loose, radix: 8))") && notice.contains("0600") && notice.contains(dir.file()))
        #expect(!notice.contains("\n"))
        #expect(try readLog(dir.file()).records.count == 3)
    }

    /// The notice comes worded in every language: the caller shows its user's.
    @Test func theNoticeIsWordedInChineseToo() throws {
        let dir = try TempDir()
        try writeText(dir.file(), line(record("SRN0001", .issued)))
        #expect(chmod(dir.file(), 0o644) == 0)
        let heard = PhraseLog()
        try HistoryStore(path: dir.file(), notices: heard.add).append(record("SRN0002", .issued))
        let notice = try #require(heard.all.first)
        #expect(notice.describe(Texts(.zhHans)) == "发券记录 \(dir.file())：原权限为 0644，其他用户可读；已收紧为 0600")
        #expect(notice.description == "history \(dir.file()): its permissions were 0644, readable by others; tightened to 0600")
    }

    @Test func aPrivateLogIsLeftAloneAndNothingIsSaid() throws {
        let dir = try TempDir()
        let heard = NoticeLog()
        try HistoryStore(path: dir.file(), notice: heard.add).append(record("SRN0001", .issued))
        #expect(chmod(dir.file(), 0o600) == 0)
        try HistoryStore(path: dir.file(), notice: heard.add).append(record("SRN0002", .issued))
        #expect(Self.mode(dir.file()) == 0o600)
        #expect(heard.all.isEmpty)
    }
}

/// Notices a store gave, in order.
final class NoticeLog: @unchecked Sendable {
    // Unchecked: `notices` is only touched with `lock` held.
    private let lock = NSLock()
    private var notices: [String] = []
    var all: [String] { lock.lock(); defer { lock.unlock() }; return notices }
    @Sendable func add(_ notice: String) { lock.lock(); notices.append(notice); lock.unlock() }
}

/// Notices a store gave in every language, in order.
final class PhraseLog: @unchecked Sendable {
    // Unchecked: `phrases` is only touched with `lock` held.
    private let lock = NSLock()
    private var phrases: [Phrase] = []
    var all: [Phrase] { lock.lock(); defer { lock.unlock() }; return phrases }
    @Sendable func add(_ phrase: Phrase) { lock.lock(); phrases.append(phrase); lock.unlock() }
}

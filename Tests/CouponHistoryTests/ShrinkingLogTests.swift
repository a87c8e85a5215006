import CouponDeskTestSupport
import Foundation
import Testing
import WeChatPayCore
@testable import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// A log truncated or rotated in place (`: > log`, logrotate's copytruncate) while it is read: the
/// reader says so and fails, never hands on a short result as if it were the whole log.
@Suite struct ShrinkingLogTests {
    /// A log of `sends` records; over 4 MB (more than one export batch) with the default.
    static func log(_ dir: TempDir, sends: Int = 12_000) throws -> String {
        var text = ""
        text.reserveCapacity(sends * 460)
        for i in 0..<sends { text += try line(record(String(format: "SHRINK%08d", i), .issued, openid: "oShrink\(i % 10)")) }
        writeText(dir.file(), text)
        return dir.file()
    }

    static func expectShrank(_ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected the reader to say the log shrank")
        } catch let error as HistoryError {
            guard case .shrank = error else { Issue.record("expected .shrank, got \(error)"); return }
            #expect(error.description.contains("the log shrank while it was read"))
        } catch {
            Issue.record("expected a HistoryError, got \(error)")
        }
    }

    @Test func anExportOfALogEmptiedWhileItIsWrittenOutFails() throws {
        let dir = try TempDir()
        let path = try Self.log(dir)
        let reader = try HistoryReader(path: path)
        var truncated = false
        Self.expectShrank {
            try HistoryExport.write(reader, format: .json) { _ in
                if !truncated { truncated = true; #expect(truncate(path, 0) == 0) }
            }
        }
        #expect(truncated)
    }

    @Test func anExportOfALogCopyTruncatedAndWrittenAgainFails() throws {
        let dir = try TempDir()
        let path = try Self.log(dir)
        let reader = try HistoryReader(path: path)
        var rotated = false
        Self.expectShrank {
            try HistoryExport.write(reader, format: .csv) { _ in
                guard !rotated else { return }
                rotated = true
                // logrotate's copytruncate: the copy is taken elsewhere, this file is emptied and the
                // writers carry on appending to it.
                #expect(truncate(path, 0) == 0)
                for i in 0..<3 { try HistoryStore(path: path).append(record("AFTER\(i)", .issued)) }
            }
        }
    }

    @Test func anExportWhoseLastBatchWasReadBeforeTheLogShrankStillFails() throws {
        let dir = try TempDir()
        let path = try Self.log(dir, sends: 50)   // one batch: every read is done before the first record is handed on
        let reader = try HistoryReader(path: path)
        Self.expectShrank {
            try reader.forEachRecord { _, _ in _ = truncate(path, 100) }
        }
    }

    @Test(arguments: ["", "oShrink3"])
    func theNextPageOfALogTruncatedSinceTheFirstFails(search: String) throws {
        let dir = try TempDir()
        let path = try Self.log(dir, sends: 3_000)
        let reader = try HistoryReader(path: path)
        let first = try reader.sends(matching: search, count: 100)
        #expect(first.entries.count == 100)
        let next = try #require(first.next)
        #expect(truncate(path, 0) == 0)
        Self.expectShrank { _ = try reader.sends(matching: search, from: next, count: 100) }
    }

    @Test func aShrunkLogIsReadAfreshOnRefresh() throws {
        let dir = try TempDir()
        let path = try Self.log(dir, sends: 20)
        let reader = try HistoryReader(path: path)
        #expect(reader.count == 20)
        try writeText(path, line(record("FRESH0001", .issued)))
        #expect(try reader.refresh())
        #expect(try reader.sends(count: 10).entries.map { $0.record?.request.sendRequestNo } == ["FRESH0001"])
    }
}

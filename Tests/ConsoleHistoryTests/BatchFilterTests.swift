import Console
import ConsoleHistory
import CouponBatch
import CouponDeskTestSupport
import CouponHistory
import Foundation
import Testing
import WeChatPayCore

/// The console's filter finds a campaign by its batch id: the id starts every number of the batch.
@Suite struct BatchFilterTests {
    @Test func filteringByTheBatchIdShowsExactlyTheBatchsSends() async throws {
        let directory = try TempDir()
        let store = HistoryStore(path: directory.file())
        let batchID = BatchNumbering.defaultBatchID(of: Data("openid\nu0\nu1\nu2\n".utf8))
        for line in 2...4 {
            try store.append(record(BatchNumbering.number(batchID: batchID, line: line), .issued, openid: "u\(line - 2)"))
        }
        for i in 0..<5 { try store.append(record(SendRequestNumber.generate(), .issued, openid: "other\(i)")) }
        let snapshot = await HistoryReaderSnapshot.load(browse: try HistoryReader(path: directory.file(), persistIndex: false),
                                                        search: try HistoryReader(path: directory.file(), persistIndex: false),
                                                        filter: batchID)
        #expect(snapshot.count == 3)
        #expect(Set(snapshot.entries(in: 0..<3).map(\.request.openid)) == ["u0", "u1", "u2"])
    }
}

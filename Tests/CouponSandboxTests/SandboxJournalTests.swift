import CouponDeskTestSupport
import Foundation
@testable import CouponSandbox
import Testing
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox's persistence: state.json plus the append-only journal of each request's changes,
/// written in groups (one fsync for several requests), compacted into state.json.
@Suite struct SandboxJournalTests {
    /// A state in which every journaled table holds an entry, made through the tables' own API.
    static func stateWithEveryTableFilled() -> SandboxState {
        var state = SandboxState()
        let request = PreSendRequest(openid: "o-1", brandID: DemoData.brandID, productCouponID: DemoData.productCouponID,
                                     stockID: DemoData.StockID.plenty, appid: DemoData.appid, sendRequestNo: "SRN_JOURNAL_1")
        state.stocks.countIssue(stockID: DemoData.StockID.plenty, day: "2026-11-28", openid: "o-1")
        state.sends["\(DemoData.brandID)/SRN_JOURNAL_1"] = .init(request: request, token: "TOKEN1", tokenIssuedAt: 1, committedAt: 1)
        state.faultHits["fault-x SRN_JOURNAL_1"] = 2
        state.inFlight["o-1 \(DemoData.StockID.plenty)"] = .init(sendRequestNo: "SRN_JOURNAL_1", until: 5)
        state.coupons.coupons["800000000000000001"] = SandboxUserCoupon(
            couponCode: "800000000000000001", openid: "o-1", brandID: DemoData.brandID, appid: DemoData.appid,
            productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty, sendRequestNo: "SRN_JOURNAL_1",
            state: "EFFECTIVE", receiveTime: 2, validBeginTime: 2, validEndTime: 3, confirmRequestNo: "CF1", confirmTime: 2, attach: nil)
        state.coupons.claims["\(DemoData.brandID)/SRN_JOURNAL_1"] = "800000000000000001"
        state.coupons.confirms["\(DemoData.brandID)/CF1"] = "800000000000000001"
        return state
    }

    /// Counts the tables `visitTables` walks, and the empty ones.
    struct TableCounter: JournaledTableVisitor {
        var names: [String] = []
        var empty: [String] = []
        mutating func visit<Value>(_ name: String, _ table: inout JournaledTable<Value>) {
            names.append(name)
            if table.isEmpty { empty.append(name) }
        }
    }

    /// Every stored property of the state, down through its nested structs, that is a table.
    static func storedTables(of value: Any, path: String = "state") -> (tables: [String], plain: [String]) {
        var tables: [String] = [], plain: [String] = []
        for child in Mirror(reflecting: value).children {
            let name = "\(path).\(child.label ?? "?")"
            let typeName = String(describing: type(of: child.value))
            if typeName.hasPrefix("JournaledTable<") {
                tables.append(name)
            } else if child.value is SandboxStocks || child.value is SandboxCoupons {
                let nested = storedTables(of: child.value, path: name)
                tables += nested.tables
                plain += nested.plain
            } else if name != "state.v" {
                plain.append("\(name): \(typeName)")
            }
        }
        return (tables, plain)
    }

    @Test func everyStoredFieldOfTheStateIsAJournaledTableThatTheJournalWalks() throws {
        var state = Self.stateWithEveryTableFilled()
        let stored = Self.storedTables(of: state)
        #expect(stored.plain.isEmpty, "stored but not journaled (make it a JournaledTable in visitTables): \(stored.plain)")
        var counter = TableCounter()
        try state.visitTables(&counter)
        #expect(counter.names.count == stored.tables.count, "visitTables walks \(counter.names), the state stores \(stored.tables)")
        #expect(Set(counter.names).count == counter.names.count, "each table has its own journal name")
        #expect(counter.empty.isEmpty, "stateWithEveryTableFilled must fill \(counter.empty)")
    }

    @Test func replayingTheJournalLineOfEveryTableRebuildsTheSameState() throws {
        var state = Self.stateWithEveryTableFilled()
        let line = try #require(try state.takeJournalLine())
        var replayed = SandboxState()
        _ = try replayed.replay(journal: line, startingAt: 0, path: "state.journal")
        #expect(replayed == state)
        #expect(try state.takeJournalLine() == nil, "taking the changes starts recording afresh")
    }

    @Test func aRemovalIsJournaledAndReplayedAsARemoval() throws {
        var state = Self.stateWithEveryTableFilled()
        _ = try state.takeJournalLine()
        var replayed = state
        state.inFlight.removeAll { _ in true }
        state.faultHits["fault-x SRN_JOURNAL_1"] = nil
        _ = try replayed.replay(journal: try #require(try state.takeJournalLine()), startingAt: 0, path: "state.journal")
        #expect(replayed.inFlight.isEmpty && replayed.faultHits.isEmpty)
        #expect(replayed == state)
    }

    @Test func aThrowingTransactionLeavesNothingInTheJournalOrTheState() throws {
        let fixture = try SandboxFixture()
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try fixture.engine.transact { state in
                state.faultHits["k"] = 1
                throw Refused()
            }
        }
        #expect(fixture.engine.snapshot().faultHits.isEmpty)
        #expect(try SandboxState.load(path: fixture.directory.statePath).faultHits.isEmpty)
    }

    @Test func eachCommitAppendsToTheJournalAndLeavesStateJSONAlone() throws {
        let fixture = try SandboxFixture()
        try fixture.engine.compactState()
        let stateBefore = fileBytes(fixture.directory.statePath)
        let journal = SandboxState.journalPath(forStatePath: fixture.directory.statePath)
        var sizes: [Int] = []
        for i in 0..<3 {
            #expect(try fixture.send(openid: "o-\(i)", SandboxFixture.body()).response.status == 200)
            sizes.append(fileBytes(journal).count)
        }
        #expect(fileBytes(fixture.directory.statePath) == stateBefore)
        #expect(sizes[0] > 0 && sizes[0] < sizes[1] && sizes[1] < sizes[2])
        #expect(String(decoding: fileBytes(journal), as: UTF8.self).split(separator: "\n").count == 3)
    }

    @Test func compactionFoldsTheJournalIntoStateJSONAndEmptiesIt() throws {
        let fixture = try SandboxFixture()
        for i in 0..<3 { _ = try fixture.send(openid: "o-\(i)", SandboxFixture.body()) }
        let before = fixture.engine.snapshot()
        try fixture.engine.compactState()
        #expect(fileBytes(SandboxState.journalPath(forStatePath: fixture.directory.statePath)).isEmpty)
        #expect(try SandboxState.loadCompacted(path: fixture.directory.statePath) == before)
        #expect(try fixture.restartedEngine().snapshot() == before)
    }

    @Test func aTornLastJournalLineIsIgnoredAndCutBeforeTheNextCommit() throws {
        let fixture = try SandboxFixture()
        _ = try fixture.send(openid: "o-1", SandboxFixture.body())
        let journal = SandboxState.journalPath(forStatePath: fixture.directory.statePath)
        let whole = fileBytes(journal)
        // A writer killed mid-write leaves part of a line.
        writeBytes(journal, whole + Array(#"{"c":[{"t":"stocks.issued","k":"1000000013001","v":9"#.utf8))
        #expect(try SandboxState.load(path: fixture.directory.statePath).stocks.issued(DemoData.StockID.plenty) == 1)
        let restarted = try fixture.restartedEngine()
        #expect(restarted.usage(stockID: DemoData.StockID.plenty).issued == 1)
        #expect(restarted.handle(try fixture.request(openid: "o-2", fields: SandboxFixture.body())).response.status == 200)
        let lines = String(decoding: fileBytes(journal), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        #expect(try SandboxState.load(path: fixture.directory.statePath).stocks.issued(DemoData.StockID.plenty) == 2)
    }

    @Test func aSandboxWithOnlyAStateJSONOfTheOldFormatStillLoads() throws {
        let fixture = try SandboxFixture()
        let old = #"{"v":1,"stocks":{"1000000013004":{"issued":1,"issued_by_day":{"2026-11-28":1},"issued_by_user":{"o-old":1}}},"#
            + #""sends":{"120344/SRN_OLD_0001":{"request":{"openid":"o-old","brand_id":"120344","product_coupon_id":"1000000013","#
            + #""stock_id":"1000000013004","appid":"wx233544546545989","send_request_no":"SRN_OLD_0001"},"#
            + #""token":"OLDTOKEN","token_issued_at":1795838000,"committed_at":1795838000}},"fault_hits":{},"in_flight":{}}"#
        writeText(fixture.directory.statePath, old)
        let engine = try fixture.restartedEngine()
        let usage = engine.usage(stockID: DemoData.StockID.perUser)
        #expect(usage.issued == 1 && usage.issuedByUser == ["o-old": 1] && usage.issuedByDay == ["2026-11-28": 1])
        #expect(engine.snapshot().sends["120344/SRN_OLD_0001"]?.token == "OLDTOKEN")
        // The per-user limit (1) counts the old send.
        let again = engine.handle(try fixture.request(openid: "o-old", fields: SandboxFixture.body(openid: "o-old", stockID: DemoData.StockID.perUser)))
        #expect(again.response.numericCode == 272756740)
    }

    @Test func concurrentRequestsShareAnFsync() async throws {
        let fixture = try SandboxFixture { $0.rateLimitPerSecond = 10_000 }
        let store = fixture.engine.store
        let count = 8
        // The first group's fsync waits until every other request has queued its line behind it.
        let first = FirstCall()
        store.syncFile = { fd in
            if first.take() { waitUntil { store.queuedCount == count - 1 } }
            return fsync(fd)
        }
        let requests = try (0..<count).map { try fixture.request(openid: "o-\($0)", fields: SandboxFixture.body()) }
        let engine = fixture.engine
        let statuses = await withTaskGroup(of: Int.self) { group in
            for request in requests { group.addTask { await offThePool { engine.handle(request).response.status } } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: count))
        #expect(store.syncCount == 2, "one fsync for the first request, one for the seven queued behind it")
        #expect(try fixture.restartedEngine().usage(stockID: DemoData.StockID.plenty).issued == count)
    }

    @Test func aFailedFsyncFailsTheRequestAndNothingIsCounted() throws {
        let fixture = try SandboxFixture()
        fixture.engine.store.syncFile = { _ in errno = EIO; return -1 }
        let reply = try fixture.send(SandboxFixture.body())
        #expect(reply.response.status == 500)
        #expect(reply.response.token == nil)
        fixture.engine.store.syncFile = { fsync($0) }
        #expect(fixture.engine.usage(stockID: DemoData.StockID.plenty).issued == 0)
        #expect(try SandboxState.load(path: fixture.directory.statePath).sends.isEmpty)
    }

    @Test func anEngineAppliesWhatAnotherCommittedBeforeDeciding() throws {
        let fixture = try SandboxFixture()
        let other = try fixture.restartedEngine()
        let body = SandboxFixture.body(openid: "o-shared", stockID: DemoData.StockID.perUser)
        #expect(try fixture.send(openid: "o-shared", body).response.status == 200)
        // The other engine sees the commit (its journal line) before deciding: the same number replays
        // the same token, and a new number for the same user is over the per-user limit.
        let replay = other.handle(try fixture.request(openid: "o-shared", fields: body)).response
        #expect(replay.token == fixture.engine.snapshot().sends.values.first?.token)
        let second = other.handle(try fixture.request(openid: "o-shared",
                                                      fields: SandboxFixture.body(openid: "o-shared", stockID: DemoData.StockID.perUser)))
        #expect(second.response.numericCode == 272756740)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.perUser).issued == 1)
    }
}

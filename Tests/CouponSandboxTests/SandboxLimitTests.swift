import Foundation
import Testing
@testable import CouponSandbox
import WeChatPayCore

/// Idempotency (PROTOCOL §5), the three limits of a stock, re-entry, and persistence.
@Suite struct SandboxLimitTests {
    @Test func theSameRequestNumberAndBodyReturnTheSameTokenAndCountOnce() throws {
        let fixture = try SandboxFixture()
        let fields = SandboxFixture.body(stockID: DemoData.StockID.perUser)
        let first = try fixture.send(fields).response
        fixture.clock.advance(seconds: 299)
        let again = try fixture.send(fields).response
        #expect(first.status == 200 && again.status == 200)
        #expect(first.token == again.token)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.perUser).issued == 1)
    }

    @Test func afterFiveMinutesTheSamePreSendGetsANewTokenWithoutCountingAgain() throws {
        let fixture = try SandboxFixture()
        let fields = SandboxFixture.body(stockID: DemoData.StockID.perUser)
        let first = try fixture.send(fields).response
        fixture.clock.advance(seconds: 300)
        let later = try fixture.send(fields).response
        #expect(later.status == 200)
        #expect(later.token != nil && later.token != first.token)
        #expect(fixture.engine.usage(stockID: DemoData.StockID.perUser).issued == 1)
        fixture.clock.advance(seconds: 10)
        #expect(try fixture.send(fields).response.token == later.token)
    }

    @Test func theSameRequestNumberWithDifferentDataIsAConflict() throws {
        let fixture = try SandboxFixture()
        let fields = SandboxFixture.body()
        #expect(try fixture.send(fields).response.status == 200)
        var changed = fields
        changed["attach"] = "other"
        let response = try fixture.send(changed).response
        #expect(response.status == 400)
        #expect(response.errorBody?.code == "INVALID_REQUEST")
        #expect(response.numericCode == 268578927)
        let otherUser = try fixture.send(openid: "o-user-2", fields).response
        #expect(otherUser.numericCode == 268578927)
    }

    @Test func theTotalBudgetRunsOutWithTheSandboxCodeAndAClassifiableMessage() throws {
        let fixture = try SandboxFixture()
        for i in 0..<3 {
            #expect(try fixture.send(openid: "o-\(i)", SandboxFixture.body(stockID: DemoData.StockID.totalBudget)).response.status == 200)
        }
        let response = try fixture.send(openid: "o-4", SandboxFixture.body(stockID: DemoData.StockID.totalBudget)).response
        #expect(response.status == 400)
        #expect(response.numericCode == 268579001)
        let message = try #require(response.errorBody?.message)
        #expect(message.contains("总预算") && (message.contains("已发完") || message.contains("预算不足")))
        #expect(!message.contains("每日") && !message.contains("用户领取"))
    }

    @Test func theDailyBudgetRunsOutAndResetsAtMidnightInShanghai() throws {
        // 23:59:00 Asia/Shanghai = 15:59:00 UTC.
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_881_540))
        let fixture = try SandboxFixture(clock: clock)
        let stock = DemoData.StockID.dailyBudget
        #expect(try fixture.send(openid: "o-1", SandboxFixture.body(stockID: stock)).response.status == 200)
        #expect(try fixture.send(openid: "o-2", SandboxFixture.body(stockID: stock)).response.status == 200)
        let refused = try fixture.send(openid: "o-3", SandboxFixture.body(stockID: stock)).response
        #expect(refused.status == 400)
        #expect(refused.numericCode == 268579002)
        let message = try #require(refused.errorBody?.message)
        #expect(message.contains("每日") && message.contains("预算") && message.contains("上限"))
        #expect(!message.contains("总预算") && !message.contains("用户领取"))
        clock.advance(seconds: 60)
        #expect(try fixture.send(openid: "o-3", SandboxFixture.body(stockID: stock)).response.status == 200)
    }

    @Test func thePerUserLimitRefusesTheNextPreSendToThatUser() throws {
        let fixture = try SandboxFixture()
        let stock = DemoData.StockID.perUser
        #expect(try fixture.send(openid: "o-a", SandboxFixture.body(stockID: stock)).response.status == 200)
        let refused = try fixture.send(openid: "o-a", SandboxFixture.body(stockID: stock)).response
        #expect(refused.status == 400)
        #expect(refused.numericCode == 272756740)
        #expect(try fixture.send(openid: "o-b", SandboxFixture.body(stockID: stock)).response.status == 200)
    }

    @Test func aRefusedPreSendCountsNothing() throws {
        let fixture = try SandboxFixture()
        let stock = DemoData.StockID.perUser
        _ = try fixture.send(openid: "o-a", SandboxFixture.body(stockID: stock))
        _ = try fixture.send(openid: "o-a", SandboxFixture.body(stockID: stock))
        let usage = fixture.engine.usage(stockID: stock)
        #expect(usage.issued == 1)
        #expect(usage.issuedByUser["o-a"] == 1)
    }

    @Test func anotherRequestNumberForTheSameUserAndStockWhileOneIsInFlightIsReentry() throws {
        let fixture = try SandboxFixture {
            $0.faults = [.init(openidPrefix: "slow-", kind: .delayAfterCommit, ms: 5_000)]
        }
        let first = try fixture.send(openid: "slow-1", SandboxFixture.body())
        #expect(first.delivery == .afterDelay(milliseconds: 5_000))
        let second = try fixture.send(openid: "slow-1", SandboxFixture.body()).response
        #expect(second.status == 400)
        #expect(second.numericCode == 272755200)
        fixture.clock.advance(seconds: 5)
        #expect(try fixture.send(openid: "slow-1", SandboxFixture.body()).response.status == 200)
    }

    @Test func countsAndIdempotencyRecordsSurviveARestart() throws {
        let fixture = try SandboxFixture()
        let fields = SandboxFixture.body(stockID: DemoData.StockID.perUser)
        let token = try fixture.send(fields).response.token
        let restarted = try fixture.restartedEngine()
        #expect(restarted.usage(stockID: DemoData.StockID.perUser).issued == 1)
        let replay = restarted.handle(try fixture.request(fields: fields)).response
        #expect(replay.token == token)
        let another = restarted.handle(try fixture.request(fields: SandboxFixture.body(stockID: DemoData.StockID.perUser))).response
        #expect(another.numericCode == 272756740)
    }

    @Test func theJournalAndTheCompactedStateFileArePrivateAndLeaveNoTemporaryFiles() throws {
        let fixture = try SandboxFixture()
        _ = try fixture.send(SandboxFixture.body())
        let journal = SandboxState.journalPath(forStatePath: fixture.directory.statePath)
        #expect(((try FileManager.default.attributesOfItem(atPath: journal))[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        try fixture.engine.compactState()
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.directory.statePath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)
        #expect(!names.contains { $0.contains(".tmp-") })
    }

    @Test func twoHundredParallelSendsToABudgetOfOneHundredIssueExactlyOneHundred() async throws {
        let fixture = try SandboxFixture {
            $0.brands[0].productCoupons[0].stocks.append(.init(stockID: "hundred", maxCount: 100))
            $0.rateLimitPerSecond = 10_000
        }
        let requests = try (0..<200).map { try fixture.request(openid: "o-\($0)", fields: SandboxFixture.body(stockID: "hundred")) }
        let engine = fixture.engine
        let codes = await withTaskGroup(of: Int?.self) { group in
            for request in requests { group.addTask { await offThePool { engine.handle(request).response.numericCode } } }
            return await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == 0 }.count == 100)
        #expect(codes.filter { $0 == 268579001 }.count == 100)
        #expect(try fixture.restartedEngine().usage(stockID: "hundred").issued == 100)
        #expect(try fixture.restartedEngine().snapshot().sends.count == 100)
    }
}

@Suite struct SandboxSharedDirectoryTests {
    @Test func twoEnginesOnOneDirectoryShareTheBudget() throws {
        let fixture = try SandboxFixture()
        let other = try fixture.restartedEngine()
        var statuses: [Int] = []
        for i in 0..<6 {
            let engine = i % 2 == 0 ? fixture.engine : other
            statuses.append(engine.handle(try fixture.request(openid: "o-\(i)", fields: SandboxFixture.body(stockID: DemoData.StockID.totalBudget))).response.status)
        }
        #expect(statuses.filter { $0 == 200 }.count == 3)
        #expect(try fixture.restartedEngine().usage(stockID: DemoData.StockID.totalBudget).issued == 3)
    }
}

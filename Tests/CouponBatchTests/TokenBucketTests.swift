import CouponBatch
import Foundation
import Testing
import WeChatPayCore

/// A clock the test moves by hand: no test here waits or reads the wall clock.
final class ManualClock: BatchClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now = 1000.0
    func seconds() -> Double { lock.lock(); defer { lock.unlock() }; return now }
    func advance(_ seconds: Double) { lock.lock(); now += seconds; lock.unlock() }
}

@Suite struct TokenBucketTests {
    @Test func theFirstSendGoesAtOnceAndTheNextAreSpacedOneOverTheRate() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 100, burst: 16, clock: clock)
        let waits = (0..<4).map { _ in bucket.reserve() }
        #expect(waits.map { ($0 * 1000).rounded() } == [0, 10, 20, 30])
    }

    @Test func thereIsNoBurstAtTheStartWhateverTheWorkers() {
        let bucket = TokenBucket(rate: 500, burst: 64, clock: ManualClock())
        let immediate = (0..<64).map { _ in bucket.reserve() }.filter { $0 == 0 }
        #expect(immediate.count == 1)
    }

    @Test func afterAPauseAtMostOneSendPerWorkerGoesAtOnce() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 100, burst: 8, clock: clock)
        _ = bucket.reserve()
        clock.advance(60)
        let immediate = (0..<20).map { _ in bucket.reserve() }.filter { $0 == 0 }
        #expect(immediate.count == 8)
    }

    @Test func overTenSecondsTheRateIsHeldExactly() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 500, burst: 16, clock: clock)
        // Workers that send the moment their token is due: count the tokens due within 10 s.
        var due: [Double] = []
        for _ in 0..<6000 { due.append(clock.seconds() + bucket.reserve()) }
        let withinTen = due.filter { $0 < 1000 + 10 }.count
        #expect(withinTen == 5000)
    }

    @Test func a429HalvesTheRateForEveryone() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 200, burst: 4, clock: clock)
        bucket.rateLimited()
        #expect(bucket.currentRate == 100)
        _ = bucket.reserve()
        #expect((bucket.reserve() * 1000).rounded() == 10)
    }

    @Test func the429sOfOneOverloadCutOnce() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 200, burst: 4, clock: clock)
        for _ in 0..<16 { bucket.rateLimited() }
        #expect(bucket.currentRate == 100)
        #expect(bucket.slowdowns == 1)
        // A second later (the rate has recovered a tenth of the target) another overload cuts again.
        clock.advance(1)
        bucket.rateLimited()
        #expect(bucket.currentRate == 60)
        #expect(bucket.slowdowns == 2)
    }

    @Test func theRateRecoversGraduallyToTheTarget() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 100, burst: 4, clock: clock)
        bucket.rateLimited()
        var seen: [Double] = []
        for _ in 0..<7 { clock.advance(1); seen.append(bucket.currentRate) }
        #expect(seen == [60, 70, 80, 90, 100, 100, 100])
    }

    @Test func theRateNeverFallsBelowOnePerSecond() {
        let clock = ManualClock()
        let bucket = TokenBucket(rate: 4, burst: 1, clock: clock)
        for _ in 0..<5 { bucket.rateLimited(); clock.advance(1.0) }
        #expect(bucket.currentRate >= TokenBucket.minRate)
    }
}

/// Every attempt through the batch's transport takes a token, and a 429 reaches the bucket.
@Suite struct RateLimitedTransportTests {
    struct Answering: Transport {
        let status: Int
        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            HTTPResponse(status: status, headers: [:], body: Data())
        }
    }

    /// Records the waits it is asked for instead of waiting.
    final class RecordingSleeper: Sleeper, @unchecked Sendable {
        private let lock = NSLock()
        private var waits: [Double] = []
        func sleep(seconds: Double) async { record(seconds) }
        private func record(_ seconds: Double) { lock.lock(); waits.append(seconds); lock.unlock() }
        var recorded: [Double] { lock.lock(); defer { lock.unlock() }; return waits }
    }

    static let request = HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1/x")!, canonicalURL: "/x", headers: [:], body: Data())

    @Test func eachRequestWaitsForItsToken() async throws {
        let sleeper = RecordingSleeper()
        let transport = RateLimitedTransport(base: Answering(status: 200), bucket: TokenBucket(rate: 50, burst: 2, clock: ManualClock()),
                                             sleeper: sleeper)
        for _ in 0..<3 { _ = try await transport.send(Self.request) }
        #expect(sleeper.recorded.map { ($0 * 1000).rounded() } == [20, 40])
    }

    @Test func a429AnswerSlowsTheBucket() async throws {
        let bucket = TokenBucket(rate: 100, burst: 2, clock: ManualClock())
        let transport = RateLimitedTransport(base: Answering(status: 429), bucket: bucket, sleeper: RecordingSleeper())
        _ = try await transport.send(Self.request)
        #expect(bucket.currentRate == 50)
    }
}

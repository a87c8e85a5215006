import Foundation
import WeChatPayCore

/// Monotonic seconds; injectable so the limiter is tested without waiting.
public protocol BatchClock: Sendable {
    /// Seconds since an arbitrary origin, never going back.
    func seconds() -> Double
}

public struct MonotonicClock: BatchClock {
    public init() {}
    public func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// The batch's one rate limiter, shared by every worker: each request to WeChat Pay (every attempt,
/// retries included) takes a token first. WeChat Pay allows a partner or brand 500 requests/s in all;
/// a batch holds `rate` of them.
///
/// A token bucket with reservations: a caller takes a token now if there is one, else reserves the
/// next one and waits for it, so N waiting workers are spaced 1/rate apart instead of waking together.
/// It starts with one token and holds at most `burst` (one per worker): no burst at the start, and
/// after a pause at most one send per worker at once — a burst is what trips the real limit.
///
/// A 429 (`rateLimited()`) halves the rate at once for the whole batch (at most once per `cutInterval`,
/// so the in-flight 429s of one overload count once); each `recoveryInterval` without one brings back a
/// tenth of the target, until the target is reached again.
public final class TokenBucket: @unchecked Sendable {
    // Unchecked: every var is read and written under `lock`.
    private let lock = NSLock()
    private let clock: any BatchClock
    public let targetRate: Double
    public let burst: Double
    public static let maxRate = 500.0
    public static let minRate = 1.0
    let cutInterval = 1.0
    let recoveryInterval = 1.0

    private var rate: Double
    private var tokens: Double
    private var updated: Double
    private var lastCut: Double = -.infinity
    private var lastRecovery: Double
    private var cuts = 0

    public init(rate: Double, burst: Int, clock: any BatchClock = MonotonicClock()) {
        precondition(rate > 0 && rate <= Self.maxRate, "rate must be within 0 < rate ≤ 500")
        self.clock = clock
        targetRate = rate
        self.rate = rate
        self.burst = Double(max(1, burst))
        tokens = 1
        updated = clock.seconds()
        lastRecovery = updated
    }

    /// The rate in force now (below the target after a 429).
    public var currentRate: Double {
        lock.lock(); defer { lock.unlock() }
        advance(to: clock.seconds())
        return rate
    }

    /// How many times a 429 has cut the rate (the rate itself recovers; this count does not).
    public var slowdowns: Int {
        lock.lock(); defer { lock.unlock() }
        return cuts
    }

    /// Takes a token: returns how many seconds the caller must wait before using it (0: at once).
    /// The token is the caller's from this moment: waiting is its part.
    public func reserve() -> Double {
        lock.lock(); defer { lock.unlock() }
        advance(to: clock.seconds())
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }

    /// WeChat Pay said 429: slow the whole batch down.
    public func rateLimited() {
        lock.lock(); defer { lock.unlock() }
        let now = clock.seconds()
        advance(to: now)
        guard now - lastCut >= cutInterval else { return }
        lastCut = now
        lastRecovery = now
        rate = max(Self.minRate, rate / 2)
        cuts += 1
    }

    /// Refills the tokens earned since `updated` at the rate in force, and recovers the rate step by step.
    private func advance(to now: Double) {
        guard now > updated else { return }
        tokens = min(burst, tokens + (now - updated) * rate)
        updated = now
        while rate < targetRate, now - lastRecovery >= recoveryInterval {
            lastRecovery += recoveryInterval
            rate = min(targetRate, rate + targetRate / 10)
        }
        if rate >= targetRate { lastRecovery = now }
    }
}

/// A `Transport` that takes a token from the batch's bucket before every request, and tells the
/// bucket when WeChat Pay answers 429: every worker's every attempt goes through the one limiter.
public struct RateLimitedTransport: Transport {
    let base: any Transport
    let bucket: TokenBucket
    let sleeper: any Sleeper

    public init(base: any Transport, bucket: TokenBucket, sleeper: any Sleeper = TaskSleeper()) {
        self.base = base; self.bucket = bucket; self.sleeper = sleeper
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let wait = bucket.reserve()
        if wait > 0 { await sleeper.sleep(seconds: wait) }
        let response = try await base.send(request)
        if response.status == 429 { bucket.rateLimited() }
        return response
    }
}

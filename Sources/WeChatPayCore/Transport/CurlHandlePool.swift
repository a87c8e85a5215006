import CCurl
import Foundation

/// The idle libcurl easy handles of one `CurlTransport`, so that the next exchange reuses a connection
/// the last one left open (HTTP keep-alive). A new TCP connection — and over HTTPS a TLS handshake — per
/// send costs more than the send's signature; a campaign of 100,000 sends pays it once per worker.
///
/// A handle is reset (`curl_easy_reset`: every option back to its default) before it is used again;
/// the reset keeps only what libcurl caches on the handle: its open connections, DNS answers and TLS
/// sessions. A connection that died while idle is noticed by libcurl, which then connects afresh.
/// `@unchecked Sendable`: `idle` is only touched with `lock` held; a handle is used by one exchange at
/// a time (it leaves the pool for the exchange and comes back after it).
final class CurlHandlePool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [UnsafeMutableRawPointer] = []
    /// More idle handles than this are cleaned up: enough for a batch's workers.
    private let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    deinit { idle.forEach { curl_easy_cleanup($0) } }

    /// An idle handle reset to defaults, or a new one; nil when libcurl cannot start.
    func take() -> UnsafeMutableRawPointer? {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        if let reused {
            curl_easy_reset(reused)
            return reused
        }
        guard CurlExchange.libcurlReady else { return nil }
        return curl_easy_init()
    }

    /// Hands a handle back after its exchange (whatever its result: libcurl closes a connection it
    /// cannot reuse itself).
    func give(_ handle: UnsafeMutableRawPointer) {
        lock.lock()
        if idle.count < capacity {
            idle.append(handle)
            lock.unlock()
        } else {
            lock.unlock()
            curl_easy_cleanup(handle)
        }
    }
}

import Foundation

/// When to try a send again (PROTOCOL §5): 5xx, 429 and transport failures are retried with the same
/// send_request_no and the same body, backing off 1 s, 2 s, 4 s: at most 3 retries. Any other 4xx is a
/// definite answer and is never retried as is.
public struct RetryPolicy: Sendable, Equatable {
    /// The wait before retry 1, 2, 3, ...; its count is the maximum number of retries.
    public var backoffSeconds: [Double]

    public init(backoffSeconds: [Double] = [1, 2, 4]) {
        self.backoffSeconds = backoffSeconds
    }

    public static let standard = RetryPolicy()
    public static let never = RetryPolicy(backoffSeconds: [])


    /// True for an HTTP status worth retrying.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// True for a transport failure worth retrying (the request may not have arrived; resending the
    /// same send_request_no cannot create a second coupon).
    public static func isRetryable(_ error: TransportError) -> Bool {
        switch error {
        case .timeout, .network: return true
        case .responseTooLarge: return false
        }
    }

    /// The wait before retry number `retry` (1-based), or nil when no retry is left.
    public func delay(beforeRetry retry: Int) -> Double? {
        guard retry >= 1, retry <= backoffSeconds.count else { return nil }
        return backoffSeconds[retry - 1]
    }
}

import Foundation

/// Waits between attempts; injectable so tests don't wait.
public protocol Sleeper: Sendable {
    func sleep(seconds: Double) async
}

/// Really waits (Task.sleep). Cancellation ends the wait early; the next attempt still uses the same
/// send_request_no, so ending early is safe.
public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(seconds: Double) async {
        try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}

import Foundation
import WeChatPayCore

/// A `Transport` that hands the signed request bytes straight to a sandbox engine, and its signed
/// response bytes straight back: demo mode and tests, with real signing and verification but no
/// socket. Faults behave as over HTTP: a delay longer than `timeout` ends in
/// `TransportError.timeout` (after waiting `timeout`), a dropped connection in `.network`.
public struct InProcessTransport: Transport {
    public let engine: SandboxEngine
    /// The client's patience, in seconds; nil waits for any delay.
    public let timeout: TimeInterval?

    public init(engine: SandboxEngine, timeout: TimeInterval? = nil) {
        self.engine = engine
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        // The engine locks, reads and fsyncs state: do that on a Dispatch thread, never on the
        // cooperative pool that the console's and the tests' tasks share.
        let engine = self.engine
        let reply = await withCheckedContinuation { (continuation: CheckedContinuation<SandboxReply, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: engine.handle(request)) }
        }
        switch reply.delivery {
        case .immediately:
            return reply.response
        case .afterDelay(let milliseconds):
            let delay = Double(milliseconds) / 1000
            if let timeout, delay >= timeout {
                try await pause(seconds: timeout)
                throw .timeout("no response from the sandbox within \(Self.format(timeout)) s")
            }
            try await pause(seconds: delay)
            return reply.response
        case .dropConnection:
            throw .network("the sandbox closed the connection without a response")
        }
    }

    private func pause(seconds: TimeInterval) async throws(TransportError) {
        do { try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) } catch {
            throw .network("cancelled while waiting for the sandbox")
        }
    }

    static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

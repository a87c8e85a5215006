import Foundation

/// How far one plain request to a server got, and how long each step took: the name lookup, the TCP
/// connection, the TLS handshake (https only) and the first byte of the answer. `coupondesk doctor`
/// reports these for the `base_url` host, and reads the server's clock from the answer's headers.
public struct ConnectionProbeResult: Sendable {
    /// The steps of reaching a server, in the order they happen.
    public enum Stage: String, Sendable, CaseIterable {
        case dns, tcp, tls, http
    }

    /// The step that did not complete, in words a support agent can act on.
    public struct Failure: Sendable, Equatable {
        public var stage: Stage
        public var message: String
        public init(stage: Stage, message: String) { self.stage = stage; self.message = message }
    }

    /// The address connected to (or tried), once the name resolved.
    public var address: String?
    public var port: Int?
    /// Seconds each step took; nil when it did not complete (TLS: or was not needed, for http).
    public var dnsSeconds: Double?
    public var tcpSeconds: Double?
    public var tlsSeconds: Double?
    /// Seconds from the start to the first byte of the answer.
    public var answerSeconds: Double?
    /// The answer's status and headers (the body is not kept).
    public var response: HTTPResponse?
    public var failure: Failure?

    public init(address: String? = nil, port: Int? = nil, dnsSeconds: Double? = nil, tcpSeconds: Double? = nil,
                tlsSeconds: Double? = nil, answerSeconds: Double? = nil, response: HTTPResponse? = nil,
                failure: Failure? = nil) {
        self.address = address; self.port = port
        self.dnsSeconds = dnsSeconds; self.tcpSeconds = tcpSeconds; self.tlsSeconds = tlsSeconds
        self.answerSeconds = answerSeconds; self.response = response; self.failure = failure
    }

    /// True when `stage` completed (a stage after a failed one never did).
    public func reached(_ stage: Stage) -> Bool {
        guard let failure else { return true }
        return Stage.allCases.firstIndex(of: stage)! < Stage.allCases.firstIndex(of: failure.stage)!
    }
}

/// The seam between a diagnosis and the network: libcurl for real (`CurlConnectionProbe`), a fake in
/// tests.
public protocol ConnectionProbing: Sendable {
    /// One unsigned GET of `url` (it asks nothing of the API; any answer will do), step by step.
    func probe(_ url: URL) async -> ConnectionProbeResult
}

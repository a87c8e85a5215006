import Foundation

/// Raw bytes of one HTTP exchange. The body is the exact bytes that were signed.
public struct HTTPRequest: Sendable {
    public var method: String
    /// Full URL, e.g. https://api.mch.weixin.qq.com/v3/...
    public var url: URL
    /// The path (percent-encoded, as sent) plus `?query`: what the signature covers.
    public var canonicalURL: String
    public var headers: [String: String]
    public var body: Data

    public init(method: String, url: URL, canonicalURL: String, headers: [String: String], body: Data) {
        self.method = method; self.url = url; self.canonicalURL = canonicalURL
        self.headers = headers; self.body = body
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// Case-insensitive header lookup.
    public func header(_ name: String) -> String? {
        HeaderLookup.value(name, in: headers)
    }
}

/// Failures below HTTP: the request may or may not have reached the server.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    case timeout(String)
    case network(String)
    /// The response was larger than the client is willing to read.
    case responseTooLarge(Int)

    public var description: String {
        switch self {
        case .timeout(let m): return "timed out: \(m)"
        case .network(let m): return "network error: \(m)"
        case .responseTooLarge(let n): return "response larger than \(n) bytes"
        }
    }
}

/// The seam between the client and the network: URLSession for real HTTPS, or an in-process
/// transport that hands the signed bytes straight to the sandbox engine.
public protocol Transport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

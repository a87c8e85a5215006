import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Real HTTP(S) through URLSession (FoundationNetworking/libcurl on Linux).
///
/// - Connect timeout: if the request has not been handed to the server (body sent or response
///   started) within `connectTimeout`, the attempt ends as `TransportError.timeout`. URLSession has no
///   connect timeout of its own, so a watchdog enforces it.
/// - Total timeout: the whole exchange (connect, send, wait, read) is bounded by `totalTimeout`.
/// - Bounded read: a body larger than `maxResponseBytes` is abandoned (`responseTooLarge`).
/// - Redirects are not followed (a signed request must not wander to another host), nothing is cached,
///   no cookies are kept.
public final class URLSessionTransport: Transport, @unchecked Sendable {
    public let connectTimeout: TimeInterval
    public let totalTimeout: TimeInterval
    public let maxResponseBytes: Int
    private let session: URLSession
    private let exchanges: ExchangeTable
    private let backstop: TimeInterval

    public init(connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 30, maxResponseBytes: Int = 1 << 20) {
        self.connectTimeout = max(0.1, min(connectTimeout, totalTimeout))
        self.totalTimeout = max(0.1, totalTimeout)
        self.maxResponseBytes = maxResponseBytes
        let configuration = URLSessionConfiguration.ephemeral
        // URLSession's own timers (whole seconds in libcurl; a fraction can end an exchange at once) are
        // set past the total, so the watchdogs below decide, to the tenth of a second.
        let backstop = (self.totalTimeout + 1).rounded(.up)
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        self.backstop = backstop
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        exchanges = ExchangeTable(maxResponseBytes: maxResponseBytes, totalTimeout: self.totalTimeout)
        session = URLSession(configuration: configuration, delegate: exchanges, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.timeoutInterval = backstop
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let task = session.dataTask(with: urlRequest)
        let exchanges = self.exchanges
        let connectTimeout = self.connectTimeout, totalTimeout = self.totalTimeout
        let result: Result<HTTPResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                exchanges.register(task, continuation)
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + connectTimeout) {
                    exchanges.abortIfNotConnected(task, after: connectTimeout)
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + totalTimeout) {
                    exchanges.abort(task, with: .timeout("no complete response within \(Self.seconds(totalTimeout))"))
                }
            }
        } onCancel: {
            exchanges.abort(task, with: .network("cancelled"))
        }
        return try result.get()
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }
}

/// The state of every exchange in flight, keyed by task; also the session's delegate. Each
/// continuation is resumed exactly once, when its task completes (aborts cancel the task and leave the
/// reason to report).
final class ExchangeTable: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Exchange {
        let continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
        var response: HTTPURLResponse?
        var body = Data()
        var connected = false
        var abortReason: TransportError?
    }

    let maxResponseBytes: Int
    let totalTimeout: TimeInterval
    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    init(maxResponseBytes: Int, totalTimeout: TimeInterval) {
        self.maxResponseBytes = maxResponseBytes
        self.totalTimeout = totalTimeout
    }

    func register(_ task: URLSessionTask, _ continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>) {
        lock.withLock { exchanges[task.taskIdentifier] = Exchange(continuation: continuation) }
    }

    /// Marks the exchange to end with `reason` and cancels it; a no-op once it has completed.
    func abort(_ task: URLSessionTask, with reason: TransportError) {
        let active = lock.withLock { () -> Bool in
            guard exchanges[task.taskIdentifier] != nil else { return false }
            if exchanges[task.taskIdentifier]!.abortReason == nil { exchanges[task.taskIdentifier]!.abortReason = reason }
            return true
        }
        if active { task.cancel() }
    }

    func abortIfNotConnected(_ task: URLSessionTask, after seconds: TimeInterval) {
        let stalled = lock.withLock { exchanges[task.taskIdentifier].map { !$0.connected } ?? false }
        if stalled {
            abort(task, with: .timeout("could not connect to \(task.originalRequest?.url?.host ?? "the server") within \(URLSessionTransport.seconds(seconds))"))
        }
    }

    private func markConnected(_ task: URLSessionTask) {
        lock.withLock { exchanges[task.taskIdentifier]?.connected = true }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64,
                    totalBytesSent: Int64, totalBytesExpectedToSend: Int64) {
        markConnected(task)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        lock.withLock {
            exchanges[dataTask.taskIdentifier]?.connected = true
            exchanges[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = lock.withLock { () -> Bool in
            guard var exchange = exchanges[dataTask.taskIdentifier] else { return false }
            exchange.connected = true
            if exchange.body.count + data.count > maxResponseBytes {
                exchanges[dataTask.taskIdentifier] = exchange
                return true
            }
            exchange.body.append(data)
            exchanges[dataTask.taskIdentifier] = exchange
            return false
        }
        if tooLarge { abort(dataTask, with: .responseTooLarge(maxResponseBytes)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let exchange = lock.withLock({ exchanges.removeValue(forKey: task.taskIdentifier) }) else { return }
        exchange.continuation.resume(returning: result(of: exchange, error: error, host: task.originalRequest?.url?.host))
    }

    func result(of exchange: Exchange, error: (any Error)?, host: String?) -> Result<HTTPResponse, TransportError> {
        if let reason = exchange.abortReason { return .failure(reason) }
        if let error {
            let nsError = error as NSError
            let host = host ?? "the server"
            guard nsError.domain == NSURLErrorDomain else { return .failure(.network(String(nsError.localizedDescription.prefix(300)))) }
            // URLSession's own texts on Linux are bare codes ("NSURLErrorDomain error -1004"): say what happened.
            switch nsError.code {
            case NSURLErrorTimedOut: return .failure(.timeout("no complete response within \(URLSessionTransport.seconds(totalTimeout))"))
            case NSURLErrorCannotConnectToHost: return .failure(.network("could not connect to \(host) (connection refused)"))
            case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return .failure(.network("cannot resolve \(host)"))
            case NSURLErrorNetworkConnectionLost: return .failure(.network("connection to \(host) lost before a complete response"))
            case NSURLErrorNotConnectedToInternet: return .failure(.network("no network"))
            case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate,
                 NSURLErrorServerCertificateHasUnknownRoot, NSURLErrorServerCertificateNotYetValid:
                return .failure(.network("TLS connection to \(host) failed (certificate or handshake)"))
            case NSURLErrorBadServerResponse: return .failure(.network("\(host) sent something that is not an HTTP response"))
            default: return .failure(.network("\(String(nsError.localizedDescription.prefix(200))) (URL error \(nsError.code))"))
            }
        }
        guard let response = exchange.response else { return .failure(.network("no HTTP response")) }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            headers[String(describing: key)] = String(describing: value)
        }
        return .success(HTTPResponse(status: response.statusCode, headers: headers, body: exchange.body))
    }
}

import CCurl
import Foundation

/// Real HTTP(S) through libcurl (Debian's, OpenSSL flavour), one easy handle per exchange on a pooled
/// thread (`BlockingThreads`); handles (and so their open connections) are kept between exchanges
/// (`CurlHandlePool`).
///
/// libcurl rather than URLSession because only it lets the client stop reading *synchronously*: on
/// Linux URLSession's libcurl keeps reading while its delegate callbacks queue up, so a hostile 32 MB
/// answer was buffered whole before a cancel landed. Here:
/// - Connect timeout: TCP and TLS set up within `connectTimeout`, else `TransportError.timeout`.
/// - Total timeout: the whole exchange (connect, send, wait, read) is bounded by `totalTimeout`.
/// - Bounded read: a declared `Content-Length` over `maxResponseBytes` is refused at the headers; an
///   undeclared one is cut the moment it passes the bound (`responseTooLarge`), inside the read.
/// - Redirects are not followed (a signed request must not wander to another host), nothing is cached,
///   no cookies are kept, only http and https are spoken.
public final class CurlTransport: Transport, Sendable {
    public let connectTimeout: TimeInterval
    public let totalTimeout: TimeInterval
    public let maxResponseBytes: Int
    private let handles = CurlHandlePool()
    private let connections = NewConnectionCount()
    /// Where exchanges block when the calling task has no thread of its own.
    let threads: BlockingThreads

    /// How many TCP connections this transport's exchanges have opened (fewer than its exchanges when
    /// connections are reused).
    public var connectionsOpened: Int { connections.value }

    public convenience init(connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 30, maxResponseBytes: Int = 1 << 20) {
        self.init(connectTimeout: connectTimeout, totalTimeout: totalTimeout, maxResponseBytes: maxResponseBytes,
                  threads: .shared)
    }

    init(connectTimeout: TimeInterval, totalTimeout: TimeInterval, maxResponseBytes: Int, threads: BlockingThreads) {
        self.threads = threads
        self.connectTimeout = max(0.1, min(connectTimeout, totalTimeout))
        self.totalTimeout = max(0.1, totalTimeout)
        self.maxResponseBytes = max(0, maxResponseBytes)
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let exchange = CurlExchange(request: request, connectTimeout: connectTimeout, totalTimeout: totalTimeout,
                                    maxResponseBytes: maxResponseBytes, handles: handles, connections: connections)
        if ThreadOwnership.mayBlock {
            return try await withTaskCancellationHandler { exchange.perform() } onCancel: { exchange.cancel() }.get()
        }
        let result: Result<HTTPResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Not on Swift's cooperative pool: the exchange blocks for up to `totalTimeout`.
                threads.run { continuation.resume(returning: exchange.perform()) }
            }
        } onCancel: {
            exchange.cancel()
        }
        return try result.get()
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }
}

/// One request through one libcurl easy handle. `perform` runs once, on a pooled thread; `cancel` may be
/// called from any thread and makes libcurl abort at its next progress check. `@unchecked Sendable`:
/// the stored properties are `let`; the sink they point to is written by libcurl's callbacks on the
/// `perform` thread only, except its `cancelled` flag, which the C side sets and reads atomically.
final class CurlExchange: @unchecked Sendable {
    /// libcurl's global state, set up once per process before the first handle (not thread-safe itself).
    static let libcurlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private let request: HTTPRequest
    private let connectTimeout: TimeInterval
    private let totalTimeout: TimeInterval
    private let maxResponseBytes: Int
    private let sink: UnsafeMutablePointer<coupondesk_curl_sink>
    private let handles: CurlHandlePool
    private let connections: NewConnectionCount

    init(request: HTTPRequest, connectTimeout: TimeInterval, totalTimeout: TimeInterval, maxResponseBytes: Int,
         handles: CurlHandlePool, connections: NewConnectionCount) {
        self.handles = handles
        self.connections = connections
        self.request = request
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        sink = .allocate(capacity: 1)
        sink.initialize(to: coupondesk_curl_sink(data: nil, length: 0, capacity: 0, limit: maxResponseBytes,
                                                 exceeded: 0, cancelled: 0))
    }

    deinit {
        free(sink.pointee.data)
        sink.deallocate()
    }

    func cancel() { coupondesk_curl_cancel(sink) }

    func perform() -> Result<HTTPResponse, TransportError> {
        guard let handle = handles.take() else { return .failure(.network("libcurl could not start")) }
        defer {
            connections.add(coupondesk_curl_info_long(handle, CURLINFO_NUM_CONNECTS))
            handles.give(handle)
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        // "Expect:" turns off libcurl's 100-continue wait; the body is small and already signed.
        for line in request.headers.map({ "\($0.key): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        defer { curl_slist_free_all(headerList) }

        coupondesk_curl_set_string(handle, CURLOPT_URL, request.url.absoluteString)
        coupondesk_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        coupondesk_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        coupondesk_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        coupondesk_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        coupondesk_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        coupondesk_curl_set_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes))
        coupondesk_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        coupondesk_curl_attach_sink(handle, sink)
        if request.method == "GET" && request.body.isEmpty {
            coupondesk_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        } else {
            coupondesk_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            // COPYPOSTFIELDS takes its own copy of the bytes, so the body need not outlive this call.
            var body = [UInt8](request.body)
            body.append(0) // never an empty buffer, and never read: the size above decides
            body.withUnsafeMutableBytes { bytes in
                _ = coupondesk_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
            }
            if request.method != "POST" { coupondesk_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method) }
        }

        let code = curl_easy_perform(handle)
        if code != CURLE_OK { return .failure(failure(code, handle: handle)) }
        let body = sink.pointee.data.map { Data(bytes: $0, count: sink.pointee.length) } ?? Data()
        return .success(HTTPResponse(status: coupondesk_curl_response_code(handle), headers: Self.headers(handle), body: body))
    }

    /// The response headers as libcurl parsed them; a repeated name keeps its values, comma-joined.
    /// (The connection probe reads them the same way.)
    static func headers(_ handle: UnsafeMutableRawPointer) -> [String: String] {
        var headers: [String: String] = [:]
        var current = coupondesk_curl_next_header(handle, nil)
        while let header = current {
            let name = String(cString: header.pointee.name), value = String(cString: header.pointee.value)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
            current = coupondesk_curl_next_header(handle, header)
        }
        return headers
    }

    /// libcurl's error codes in the words a support agent can act on.
    private func failure(_ code: CURLcode, handle: UnsafeMutableRawPointer) -> TransportError {
        let host = request.url.host ?? "the server"
        switch code {
        case CURLE_FILESIZE_EXCEEDED: return .responseTooLarge(maxResponseBytes)
        case CURLE_WRITE_ERROR where sink.pointee.exceeded != 0: return .responseTooLarge(maxResponseBytes)
        case CURLE_ABORTED_BY_CALLBACK: return .network("cancelled")
        case CURLE_OPERATION_TIMEDOUT:
            if coupondesk_curl_connect_time_us(handle) == 0 {
                return .timeout("could not connect to \(host) within \(CurlTransport.seconds(connectTimeout))")
            }
            return .timeout("no complete response within \(CurlTransport.seconds(totalTimeout))")
        case CURLE_COULDNT_CONNECT: return .network("could not connect to \(host) (connection refused)")
        case CURLE_COULDNT_RESOLVE_HOST: return .network("cannot resolve \(host)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .network("TLS connection to \(host) failed (certificate or handshake)")
        case CURLE_GOT_NOTHING: return .network("\(host) closed the connection without a complete HTTP response")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .network("connection to \(host) lost before a complete response")
        default:
            return .network("\(String(cString: curl_easy_strerror(code))) (libcurl error \(code.rawValue))")
        }
    }
}

/// Counts the connections an exchange had to open (libcurl's CURLINFO_NUM_CONNECTS: 0 when it reused one).
final class NewConnectionCount: @unchecked Sendable {
    // Unchecked: `count` is only touched with `lock` held.
    private let lock = NSLock()
    private var count = 0

    func add(_ n: Int) { lock.lock(); count += n; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

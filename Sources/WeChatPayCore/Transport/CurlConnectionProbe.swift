import CCurl
import Foundation

/// `ConnectionProbing` through libcurl, with the same rules as `CurlTransport` (http and https only,
/// no redirects, the peer's TLS certificate verified, bounded time): one GET, timed step by step with
/// libcurl's own clocks, and its failure placed at the step where it happened.
public struct CurlConnectionProbe: ConnectionProbing {
    public let connectTimeout: TimeInterval
    public let totalTimeout: TimeInterval

    public init(connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 10) {
        self.connectTimeout = max(0.1, min(connectTimeout, totalTimeout))
        self.totalTimeout = max(0.1, totalTimeout)
    }

    public func probe(_ url: URL) async -> ConnectionProbeResult {
        let (connect, total) = (connectTimeout, totalTimeout)
        return await withCheckedContinuation { continuation in
            // Blocks for up to `totalTimeout`: a thread of its own, not one of Swift's cooperative pool.
            let thread = Thread { continuation.resume(returning: Self.perform(url, connectTimeout: connect, totalTimeout: total)) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The answer's body is read only this far (the probe wants the status and headers).
    static let bodyLimit = 64 * 1024

    static func perform(_ url: URL, connectTimeout: TimeInterval, totalTimeout: TimeInterval) -> ConnectionProbeResult {
        let host = url.host ?? "the server"
        guard CurlExchange.libcurlReady, let handle = curl_easy_init() else {
            return ConnectionProbeResult(failure: .init(stage: .dns, message: "libcurl could not start"))
        }
        defer { curl_easy_cleanup(handle) }
        let sink = UnsafeMutablePointer<coupondesk_curl_sink>.allocate(capacity: 1)
        sink.initialize(to: coupondesk_curl_sink(data: nil, length: 0, capacity: 0, limit: bodyLimit, exceeded: 0, cancelled: 0))
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { free(sink.pointee.data); sink.deallocate(); errorText.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for line in ["Accept: application/json", "User-Agent: \(CouponDeskVersion.userAgent)"] {
            headerList = curl_slist_append(headerList, line)
        }
        defer { curl_slist_free_all(headerList) }

        coupondesk_curl_set_string(handle, CURLOPT_URL, url.absoluteString)
        coupondesk_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        coupondesk_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        coupondesk_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        coupondesk_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        coupondesk_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        coupondesk_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(totalTimeout * 1000))
        coupondesk_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        coupondesk_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorText))
        coupondesk_curl_attach_sink(handle, sink)

        let code = curl_easy_perform(handle)
        func seconds(_ info: CURLINFO) -> Double { Double(coupondesk_curl_info_off(handle, info)) / 1_000_000 }
        let lookedUp = seconds(CURLINFO_NAMELOOKUP_TIME_T), connected = seconds(CURLINFO_CONNECT_TIME_T)
        let secured = seconds(CURLINFO_APPCONNECT_TIME_T), firstByte = seconds(CURLINFO_STARTTRANSFER_TIME_T)
        let address = coupondesk_curl_info_string(handle, CURLINFO_PRIMARY_IP).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let port = coupondesk_curl_info_long(handle, CURLINFO_PRIMARY_PORT)
        let https = url.scheme?.lowercased() == "https"

        var result = ConnectionProbeResult(address: address, port: port > 0 ? port : (url.port ?? (https ? 443 : 80)))
        let resolved = address != nil || lookedUp > 0
        let tcpDone = connected > 0
        let tlsDone = !https || secured > 0
        result.dnsSeconds = resolved ? lookedUp : nil
        result.tcpSeconds = tcpDone ? max(0, connected - lookedUp) : nil
        result.tlsSeconds = https && secured > 0 ? max(0, secured - connected) : nil
        result.answerSeconds = firstByte > 0 ? firstByte : nil

        let answered = code == CURLE_OK || (code == CURLE_WRITE_ERROR && sink.pointee.exceeded != 0)
        if answered {
            result.response = HTTPResponse(status: coupondesk_curl_response_code(handle), headers: CurlExchange.headers(handle), body: Data())
            return result
        }
        let detail = String(cString: errorText)
        let said = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let stage: ConnectionProbeResult.Stage
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: stage = .dns
        case CURLE_COULDNT_CONNECT: stage = .tcp
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            stage = .tls
        default:
            stage = !resolved ? .dns : !tcpDone ? .tcp : !tlsDone ? .tls : .http
        }
        let message: String
        switch (stage, code) {
        case (.dns, CURLE_OPERATION_TIMEDOUT): message = "the name \(host) did not resolve within \(CurlTransport.seconds(connectTimeout))"
        case (.dns, _): message = "cannot resolve \(host) (\(said))"
        case (.tcp, CURLE_OPERATION_TIMEDOUT):
            message = "no TCP connection to \(address ?? host) within \(CurlTransport.seconds(connectTimeout)) (no answer to the connection request)"
        case (.tcp, _): message = "could not connect to \(address ?? host) (\(said))"
        case (.tls, CURLE_OPERATION_TIMEDOUT): message = "the TLS handshake with \(host) did not finish within \(CurlTransport.seconds(connectTimeout))"
        case (.tls, _): message = "TLS with \(host) failed (\(said))"
        case (.http, CURLE_OPERATION_TIMEDOUT): message = "connected, but no HTTP answer within \(CurlTransport.seconds(totalTimeout))"
        case (.http, CURLE_GOT_NOTHING): message = "connected, but \(host) closed the connection without an HTTP answer"
        case (.http, _): message = "connected, but the HTTP exchange failed (\(said))"
        }
        result.failure = .init(stage: stage, message: message)
        return result
    }
}

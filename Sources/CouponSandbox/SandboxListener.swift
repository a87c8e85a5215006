import CMicroHTTPD
import Foundation
import WeChatPayCore

/// The sandbox over real HTTP: a libmicrohttpd daemon on 127.0.0.1 only, one thread per connection,
/// handing each request's exact bytes to a `SandboxEngine`.
///
/// Start one on a free port with `try SandboxListener(engine: engine)` and read `port` / `baseURL`;
/// `stop()` (or deinit) shuts it down, waking any connection that is in a `delay_after_commit` wait.
public final class SandboxListener: @unchecked Sendable {
    // Unchecked: `daemon` is only touched with `lock` held; `context` is retained for the daemon's life.
    public let port: UInt16
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let lock = NSLock()
    private var daemon: OpaquePointer?
    private let context: Unmanaged<ListenerContext>

    /// - Parameters:
    ///   - port: 0 lets the kernel pick a free port.
    ///   - logErrors: let libmicrohttpd print its own errors to stderr (`sandbox serve`).
    public init(engine: SandboxEngine, port: UInt16 = 0, logErrors: Bool = false) throws {
        let context = Unmanaged.passRetained(ListenerContext(engine: engine))
        guard let daemon = coupondesk_mhd_start_loopback(port, accessHandler, context.toOpaque(),
                                                         requestCompleted, nil,
                                                         30, 512, logErrors ? 1 : 0) else {
            context.release()
            throw SandboxError.listener(port == 0 ? "cannot listen on 127.0.0.1"
                                                  : "cannot listen on 127.0.0.1:\(port) (in use?)")
        }
        self.daemon = daemon
        self.context = context
        self.port = coupondesk_mhd_bound_port(daemon)
    }

    /// The address the listening socket is bound to, e.g. `127.0.0.1:8080`; nil once stopped.
    public var boundAddress: String? {
        lock.lock(); defer { lock.unlock() }
        guard let daemon else { return nil }
        let fd = coupondesk_mhd_listen_fd(daemon)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var ip = address.sin_addr
        guard inet_ntop(AF_INET, &ip, &text, socklen_t(text.count)) != nil else { return nil }
        return "\(String(cString: text)):\(UInt16(bigEndian: address.sin_port))"
    }

    /// Stops accepting, wakes delayed handlers, and waits for every connection thread to finish.
    public func stop() {
        lock.lock()
        let running = daemon
        daemon = nil
        lock.unlock()
        guard let running else { return }
        context.takeUnretainedValue().shutdown.signal()
        MHD_stop_daemon(running)
        context.release()
    }

    deinit { stop() }
}

/// What the C callbacks reach through their `cls` pointer.
final class ListenerContext: Sendable {
    let engine: SandboxEngine
    let shutdown = ShutdownSignal()
    init(engine: SandboxEngine) { self.engine = engine }
}

/// One request's body as it arrives in pieces; owned by MHD's `con_cls` slot until completion.
final class RequestBody {
    var data = Data()
    var oversized = false
}

/// A latch that delayed handlers wait on, so stopping the daemon never waits out a long delay.
final class ShutdownSignal: @unchecked Sendable {
    // Unchecked: `signalled` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var signalled = false

    func signal() {
        condition.lock(); signalled = true; condition.broadcast(); condition.unlock()
    }

    /// Waits up to `milliseconds`; true if the wait ran its course, false if shutdown interrupted it.
    func wait(milliseconds: Int) -> Bool {
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        condition.lock(); defer { condition.unlock() }
        while !signalled {
            if !condition.wait(until: deadline) { return !signalled }
        }
        return false
    }
}

/// Collects header or argument pairs through MHD's iterator callback.
final class PairCollector {
    var pairs: [(String, String?)] = []
}

private let collectPair: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<PairCollector>.fromOpaque(cls).takeUnretainedValue()
    collector.pairs.append((String(cString: key), value.map { String(cString: $0) }))
    return .YES
}

private func connectionValues(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(String, String?)] {
    let collector = PairCollector()
    let box = Unmanaged.passRetained(collector)
    defer { box.release() }
    _ = MHD_get_connection_values(connection, kind, collectPair, box.toOpaque())
    return collector.pairs
}

private let requestCompleted: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let pointer = conCls.pointee else { return }
    Unmanaged<RequestBody>.fromOpaque(pointer).release()
    conCls.pointee = nil
}

/// MHD calls this first with no data (set up), then once per body chunk, then once more with no data
/// (answer). Returning .NO without queueing a response closes the connection.
private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
    guard let cls, let connection, let conCls else { return .NO }
    guard let slot = conCls.pointee else {
        conCls.pointee = Unmanaged.passRetained(RequestBody()).toOpaque()
        return .YES
    }
    let body = Unmanaged<RequestBody>.fromOpaque(slot).takeUnretainedValue()
    if let uploadDataSize, uploadDataSize.pointee > 0 {
        if let uploadData, body.data.count + uploadDataSize.pointee <= SandboxEngine.maxBodyBytes {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadDataSize.pointee) {
                body.data.append($0, count: uploadDataSize.pointee)
            }
        } else {
            body.oversized = true
        }
        uploadDataSize.pointee = 0
        return .YES
    }

    let listener = Unmanaged<ListenerContext>.fromOpaque(cls).takeUnretainedValue()
    let path = url.map { String(cString: $0) } ?? "/"
    let query = connectionValues(connection, .GET_ARGUMENT_KIND)
        .map { key, value in value.map { "\(key)=\($0)" } ?? key }.joined(separator: "&")
    let canonicalURL = query.isEmpty ? path : "\(path)?\(query)"
    var headers: [String: String] = [:]
    for (key, value) in connectionValues(connection, .HEADER_KIND) where headers[key] == nil {
        headers[key] = value ?? ""
    }
    let host = "127.0.0.1"
    let request = HTTPRequest(method: method.map { String(cString: $0) } ?? "GET",
                              url: URL(string: "http://\(host)\(canonicalURL)") ?? URL(string: "http://\(host)/")!,
                              canonicalURL: canonicalURL, headers: headers, body: body.data)

    let reply = body.oversized ? listener.engine.oversizedBodyReply() : listener.engine.handle(request)
    switch reply.delivery {
    case .immediately:
        break
    case .afterDelay(let milliseconds):
        guard listener.shutdown.wait(milliseconds: milliseconds) else { return .NO }
    case .dropConnection:
        return .NO
    }
    return queue(reply.response, on: connection)
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let mhdResponse = response.body.withUnsafeBytes { raw -> OpaquePointer? in
        coupondesk_mhd_response_copy(raw.count, raw.baseAddress)
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for (name, value) in response.headers {
        _ = MHD_add_response_header(mhdResponse, name, value)
    }
    return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
}

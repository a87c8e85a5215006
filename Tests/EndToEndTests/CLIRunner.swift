import CouponSandbox
import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// What one run of the `coupondesk` binary left behind: its exit status and its two output streams,
/// kept apart (DESIGN §3: results on stdout, diagnostics on stderr) and as raw bytes, so a test can
/// look for an ESC byte or a key line exactly as a terminal or a script would receive them.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }

    /// The `--json` record on stdout.
    func record() throws -> SendRecord { try JSONDecoder().decode(SendRecord.self, from: stdout) }

    /// The first character a terminal would act on (ESC, BEL, CR, C1, bidi override...) in either
    /// stream; newlines are the only control characters output may hold.
    var firstUnsafeCharacter: String? {
        for (name, text) in [("stdout", out), ("stderr", err)] {
            if let scalar = text.unicodeScalars.first(where: { $0 != "\n" && TerminalText.isUnsafe($0) }) {
                return "\(name): U+\(String(scalar.value, radix: 16, uppercase: true))"
            }
        }
        return nil
    }
}

/// Runs the real `coupondesk` binary with posix_spawn: arguments may be arbitrary bytes (not only
/// valid UTF-8), stdin is /dev/null, the environment is exactly what is given (no COUPONDESK_CONFIG
/// or XDG paths leak in from the machine running the tests).
///
/// Waiting happens on a thread of its own, not on Swift's cooperative pool, so many runs can be in
/// flight at once on a 2-core machine.
enum CLIRunner {
    /// A child that has been started; `wait()` collects its output.
    final class Running: @unchecked Sendable {
        let pid: pid_t
        private let stdoutFD: Int32
        private let stderrFD: Int32

        init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32) {
            self.pid = pid; self.stdoutFD = stdoutFD; self.stderrFD = stderrFD
        }

        /// Reads both pipes to the end and reaps the child; kills it after `timeout` seconds.
        func wait(timeout: TimeInterval) async -> CLIResult {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(returning: self.collect(timeout: timeout))
                }
            }
        }

        private func collect(timeout: TimeInterval) -> CLIResult {
            var outputs = [Data(), Data()]
            var open = [stdoutFD, stderrFD]
            let deadline = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 65536)
            var killed = false
            while open.contains(where: { $0 >= 0 }) {
                if !killed && Date() > deadline { kill(pid, SIGKILL); killed = true }
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
                for i in 0..<2 where open[i] >= 0 && fds[i].revents != 0 {
                    let n = read(open[i], &buffer, buffer.count)
                    if n > 0 { outputs[i].append(contentsOf: buffer[0..<n]) } else { close(open[i]); open[i] = -1 }
                }
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return CLIResult(status: code, stdout: outputs[0], stderr: outputs[1])
        }
    }

    static func binary() throws -> String { try BuiltBinary.coupondesk() }

    /// An environment with nothing from the machine but PATH: HOME and the XDG folders under `root`.
    static func environment(root: String) -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
         "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data",
         "LANG": "C.UTF-8", "USER": "e2e-operator"]
    }

    static func start(_ arguments: [[UInt8]], environment: [String: String]) throws -> Running {
        let binary = try Self.binary()
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }
        func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar>? {
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (i, byte) in bytes.enumerated() { pointer[i] = CChar(bitPattern: byte) }
            pointer[bytes.count] = 0
            return pointer
        }
        let argv = ([Array(binary.utf8)] + arguments).map(cString) + [nil]
        let envp = environment.map { cString(Array("\($0.key)=\($0.value)".utf8)) } + [nil]
        defer { (argv + envp).forEach { $0?.deallocate() } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &actions, nil, argv, envp)
        close(out[1]); close(err[1])
        guard status == 0 else {
            close(out[0]); close(err[0])
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL)
        }
        return Running(pid: pid, stdoutFD: out[0], stderrFD: err[0])
    }

    static func run(_ arguments: [[UInt8]], environment: [String: String], timeout: TimeInterval = 60) async throws -> CLIResult {
        // At most `slots` binaries at once: dozens of parallel cases starting together would starve
        // the rest of the suite (timing-sensitive tests elsewhere) of the machine's 2 cores.
        await slots.acquire()
        defer { slots.release() }
        let running = try start(arguments, environment: environment)
        return await running.wait(timeout: timeout)
    }

    static let slots = AsyncSlots(8)

    static func run(_ arguments: [String], environment: [String: String], timeout: TimeInterval = 60) async throws -> CLIResult {
        try await run(arguments.map { Array($0.utf8) }, environment: environment, timeout: timeout)
    }
}

/// A sandbox served over real HTTP (the libmicrohttpd listener in this process, its own directory,
/// state.json and exchange log) and the real `coupondesk` binary as the client, configured by the
/// sandbox's own config.json: real binary → URLSession → listener → engine.
///
/// The binary runs with the standard retry policy (1 s, 2 s, 4 s): what a user gets.
final class CLISandbox: @unchecked Sendable {
    let harness: SandboxHTTPHarness
    let root: String

    init(timeoutSeconds: Double = 5, delayMilliseconds: Int = 1_500,
         editClientConfig: (inout [String: Any]) -> Void = { _ in },
         customise: (inout SandboxConfiguration) -> Void = { _ in }) throws {
        harness = try SandboxHTTPHarness(timeoutSeconds: timeoutSeconds, delayMilliseconds: delayMilliseconds,
                                         editClientConfig: editClientConfig, customise: customise)
        root = harness.directory.path + "/cli-home"
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
    }

    var directory: SandboxDirectory { harness.directory }
    var engine: SandboxEngine { harness.engine }
    var configPath: String { directory.clientConfigPath }
    var historyPath: String { directory.historyPath }
    var environment: [String: String] { CLIRunner.environment(root: root) }

    /// `coupondesk send` with every field given explicitly.
    func sendArguments(openid: String, sendRequestNo: String, stockID: String = DemoData.StockID.plenty,
                       appid: String = DemoData.appid, couponCode: String? = nil, attach: String? = nil,
                       json: Bool = true) -> [String] {
        var arguments = ["send", "--openid", openid, "--brand-id", DemoData.brandID,
                         "--product-coupon-id", DemoData.productCouponID, "--stock-id", stockID,
                         "--appid", appid, "--send-request-no", sendRequestNo,
                         "--config", configPath, "--history", historyPath]
        if let couponCode { arguments += ["--coupon-code", couponCode] }
        if let attach { arguments += ["--attach", attach] }
        if json { arguments.append("--json") }
        return arguments
    }

    func send(openid: String, sendRequestNo: String, stockID: String = DemoData.StockID.plenty,
              appid: String = DemoData.appid, couponCode: String? = nil, attach: String? = nil,
              json: Bool = true) async throws -> CLIResult {
        try await run(sendArguments(openid: openid, sendRequestNo: sendRequestNo, stockID: stockID, appid: appid,
                                    couponCode: couponCode, attach: attach, json: json))
    }

    func resend(_ sendRequestNo: String, json: Bool = true) async throws -> CLIResult {
        try await run(["resend", sendRequestNo, "--config", configPath, "--history", historyPath] + (json ? ["--json"] : []))
    }

    func run(_ arguments: [String], timeout: TimeInterval = 60) async throws -> CLIResult {
        try await CLIRunner.run(arguments, environment: environment, timeout: timeout)
    }

    func run(bytes arguments: [[UInt8]], timeout: TimeInterval = 60) async throws -> CLIResult {
        try await CLIRunner.run(arguments, environment: environment, timeout: timeout)
    }

    /// The history records of `sendRequestNo`, oldest first, read back from the file.
    func records(_ sendRequestNo: String) throws -> [SendRecord] {
        guard FileManager.default.fileExists(atPath: historyPath) else { return [] }
        return try historyRecords(historyPath).filter { $0.request.sendRequestNo == sendRequestNo }
    }

    /// Every history record in the file; none when there is no file.
    func allRecords() throws -> [SendRecord] {
        guard FileManager.default.fileExists(atPath: historyPath) else { return [] }
        return try historyRecords(historyPath)
    }

    /// The raw bytes of the history file (empty when there is none).
    func historyBytes() -> Data { (try? Data(contentsOf: URL(fileURLWithPath: historyPath))) ?? Data() }

    /// The requests the sandbox received for `openid`, oldest first.
    func received(openid: String) -> [SandboxExchange] { engine.exchanges().filter { $0.openid == openid } }

    /// Coupons the sandbox counted against `stockID`, as persisted in its state.json.
    func counted(_ stockID: String = DemoData.StockID.plenty) throws -> Int {
        try SandboxState.load(path: directory.statePath).stocks[stockID]?.issued ?? 0
    }

    /// The token the sandbox committed for `sendRequestNo` (from its persisted state).
    func committedToken(_ sendRequestNo: String) throws -> String? {
        try SandboxState.load(path: directory.statePath).sends["\(DemoData.brandID)/\(sendRequestNo)"]?.token
    }

    /// Waits until the sandbox has logged a request for `openid` (true), or `timeout` passes (false).
    /// Told by the engine's observer on the listener's thread: no polling, so a busy test process
    /// cannot make the wait late. Takes the engine's one observer slot.
    func firstRequest(openid: String, timeout: TimeInterval) async -> Bool {
        let latch = Latch<Bool>()
        engine.observe { exchange in if exchange.openid == openid { latch.open(true) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { latch.open(false) }
        return await latch.wait()
    }

    /// Rewrites the client's config.json.
    func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: configPath)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }
}

/// A counting semaphore for async code: waiters are resumed in order, no thread is blocked.
final class AsyncSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let granted = lock.withLock { () -> Bool in
                if free > 0 { free -= 1; return true }
                waiters.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiters.isEmpty { free += 1; return nil }
            return waiters.removeFirst()
        }
        next?.resume()
    }
}

/// A one-shot value that can be awaited; the first `open` wins.
final class Latch<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?
    private var waiter: CheckedContinuation<Value, Never>?

    func open(_ result: Value) {
        let waiter = lock.withLock { () -> CheckedContinuation<Value, Never>? in
            guard value == nil else { return nil }
            value = result
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(returning: result)
    }

    func wait() async -> Value {
        await withCheckedContinuation { continuation in
            let ready = lock.withLock { () -> Value? in
                if let value { return value }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// A fresh send_request_no naming the test that made it (6–40 of `[0-9A-Za-z_-]`).
func sendRequestNumber(_ tag: String) -> String {
    let cleaned = String(tag.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        .map(Character.init).prefix(18))
    return "T\(cleaned)_\(SecureRandom.alphanumeric(10))"
}

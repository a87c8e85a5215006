import CouponDeskTestSupport
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

    init(_ result: ChildResult) { status = result.status; stdout = result.stdoutData; stderr = result.stderrData }
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

/// Runs the real `coupondesk` binary (`ChildProcess`): arguments may be arbitrary bytes (not only valid
/// UTF-8), stdin is /dev/null, the environment is exactly what is given (no COUPONDESK_CONFIG or XDG
/// paths leak in from the machine running the tests).
enum CLIRunner {
    static func binary() throws -> String { try BuiltProduct.coupondesk() }

    /// An environment with nothing from the machine but PATH: HOME and the XDG folders under `root`.
    static func environment(root: String) -> [String: String] { TestHome.environment(root: root) }

    static func start(_ arguments: [[UInt8]], environment: [String: String]) throws -> ChildProcess {
        try ChildProcess.start(bytes: [Array(try binary().utf8)] + arguments, environment: environment)
    }

    static func run(_ arguments: [[UInt8]], environment: [String: String], timeout: TimeInterval = 60) async throws -> CLIResult {
        // At most `slots` binaries at once: dozens of parallel cases starting together would starve
        // the rest of the suite (timing-sensitive tests elsewhere) of the machine's 2 cores.
        await slots.acquire()
        defer { slots.release() }
        let running = try start(arguments, environment: environment)
        return CLIResult(await running.finished(timeout: timeout))
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
        try allRecords().filter { $0.request.sendRequestNo == sendRequestNo }
    }

    /// Every history record in the file; none when there is no file.
    func allRecords() throws -> [SendRecord] { try readLog(historyPath).records }

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
        guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
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

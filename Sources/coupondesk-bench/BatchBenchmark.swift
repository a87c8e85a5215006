import CouponBatch
import CouponHistory
import CouponSandbox
import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// `batch`: a campaign's throughput, side by side with its physical reference, in one run.
///
/// - sends/s through the in-process sandbox (client and server signing in this process) and over
///   loopback HTTP to `coupondesk sandbox serve` in a child process, both without a rate limit (over
///   HTTP: the median of 3 runs);
/// - the client's CPU per send over HTTP (getrusage of this process only: the server is the child);
/// - the history's cost: the throughput lost against the same runs with records kept in memory (3
///   runs of each, interleaved; the medians compared);
/// - `openssl speed -seconds 3 rsa2048` sign and verify rates (one process: one core);
/// - `--rate 500` over HTTP: 2,000 rows (the issue's check: about 4 s), and the rate held over 10 s;
/// - the history's share of the workers' time (the journal's appends and look-ups).
///
/// Targets (issue 13, 2 cores): HTTP sends/s ≥ 0.5 × openssl sign/s; client CPU per send ≤ 1.5 × (one
/// openssl sign + one verify); the rate within ±5 %; history ≤ 10 %. Each run uses its own sandbox
/// (budgets and its own request limit raised so that only the client is measured) and its own history.
/// The last line is machine-readable: `ratio batch_http_sends_per_s/openssl_sign_per_s R`.
enum BatchBenchmark {
    static let rows = 2000
    static let concurrency = 16
    /// Runs with and without the history file, interleaved: their medians are reported.
    static let pairs = 3

    static func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coupondesk-bench-batch-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let openssl = SigningBenchmark.opensslSpeed(seconds: 3)
        if let openssl {
            say(String(format: "openssl speed -seconds 3 rsa2048 (1 core): sign %8.1f /s, verify %9.1f /s", openssl.sign, openssl.verify))
        } else {
            say("openssl speed: not available")
        }

        // In-process: the engine answers on a Dispatch thread of this process.
        let local = try Sandbox(at: folder + "/in-process")
        let inProcess = try await measure(label: "in-process", rows: rows, sandbox: local,
                                          transport: InProcessTransport(engine: try SandboxEngine(directory: local.directory)),
                                          rate: nil, history: folder + "/in-process.jsonl")
        say(inProcess.line("in-process sandbox, unlimited"))

        // Loopback HTTP to `sandbox serve` in a child process (a fresh one per run), with and without
        // the history file: the throughput a batch loses to the history (its records kept in memory
        // instead: no file, no fsync). One run of each varies by about ±5 % on two cores shared by
        // client and server, which is the size of the target: `pairs` runs of each, interleaved, and
        // their medians.
        var withHistory: [Measured] = [], withoutHistory: [Measured] = []
        for pair in 1...pairs {
            let http = try await overHTTP(label: "http-\(pair)", rows: rows, rate: nil, folder: folder)
            say(http.line("loopback HTTP, unlimited   "))
            let unjournaled = try await overHTTP(label: "http-memory-\(pair)", rows: rows, rate: nil, folder: folder, inMemory: true)
            say(unjournaled.line("loopback HTTP, no history  "))
            withHistory.append(http); withoutHistory.append(unjournaled)
        }
        let http = median(withHistory, by: \.sendsPerSecond), unjournaled = median(withoutHistory, by: \.sendsPerSecond)
        say(http.line("median with history        "))
        say(unjournaled.line("median without history    "))
        let cpuPerSend = median(withHistory.map(\.cpuSeconds)) / Double(rows)
        say(String(format: "client CPU per send (HTTP)  %6.2f ms (median of %d runs: %@ ms)", cpuPerSend * 1000, pairs,
                   withHistory.map { String(format: "%.2f", $0.cpuSeconds / Double(rows) * 1000) }.joined(separator: ", ")))
        // Each row waits for one fsync (its pending record, its previous row's final record with it):
        // more workers hide that wait.
        let wider = try await overHTTP(label: "http-32", rows: rows, rate: nil, folder: folder, concurrency: 32)
        say(wider.line("loopback HTTP, 32 workers  "))
        let lost = 1 - http.sendsPerSecond / unjournaled.sendsPerSecond
        say(String(format: "history cost: %.1f %% of the throughput, medians (target ≤ 10 %%) %@; %.1f %% (in-process), %.1f %% (HTTP) of the workers' time",
                   lost * 100, lost <= 0.10 ? "ok" : "ABOVE TARGET", inProcess.historyShare * 100, http.historyShare * 100))

        let rated = try await overHTTP(label: "rate-2000", rows: rows, rate: 500, folder: folder)
        say(rated.line("loopback HTTP, --rate 500   ") + String(format: "  (2,000 rows: %.2f s; ideal 4.00 s)", rated.elapsed))
        // The other way to read "a send's wall time": one send's own latency. At the documented rate
        // the cores are not saturated, so the history's appends and look-ups (one fsync a row) stand
        // beside the exchange (HTTP round trip and the sandbox's work, not the client's signing: the
        // share is, if anything, high). The sandbox answers over loopback in about a millisecond; an
        // exchange with WeChat Pay over the internet is longer, and the share smaller.
        let historyPerSend = rated.historySeconds / Double(rated.issued), exchangePerSend = rated.exchangeSeconds / Double(rated.issued)
        let sendShare = historyPerSend / (historyPerSend + exchangePerSend)
        say(String(format: "one send at --rate 500: history %.2f ms beside a %.2f ms loopback exchange: %.1f %% of the two (latency, not throughput; no target line)",
                   historyPerSend * 1000, exchangePerSend * 1000, sendShare * 100))
        // Enough rows for 10 s at 500/s; stopped after 10 s whatever the sandbox manages.
        let held = try await overHTTP(label: "rate-10s", rows: 5200, rate: 500, folder: folder, stopAfter: 10)
        let firstTen = held.requestTimes.filter { $0 < 10 }.count
        let heldRate = Double(firstTen) / 10
        say(String(format: "--rate 500 over the first 10 s: %.1f requests/s (%+.1f %%; target ±5 %%) %@", heldRate,
                     (heldRate / 500 - 1) * 100, abs(heldRate / 500 - 1) <= 0.05 ? "ok" : "OUTSIDE TARGET"))

        guard let openssl else {
            say("ratio batch_http_sends_per_s/openssl_sign_per_s 0.000")
            return
        }
        let perSendBudget = 1.5 * (1 / openssl.sign + 1 / openssl.verify)
        say(String(format: "client CPU per send / (openssl sign + verify) %.2f  (target ≤ 1.50) %@",
                     cpuPerSend / (1 / openssl.sign + 1 / openssl.verify), cpuPerSend <= perSendBudget ? "ok" : "ABOVE TARGET"))
        let ratio = http.sendsPerSecond / openssl.sign
        say(String(format: "target: HTTP sends/s ≥ 0.5 × openssl sign/s: %@", ratio >= 0.5 ? "ok" : "BELOW TARGET"))
        say(String(format: "ratio batch_http_sends_per_s/openssl_sign_per_s %.3f", ratio))
    }

    /// The median of `values` (the upper one of an even count).
    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The run whose `key` is the median.
    static func median(_ runs: [Measured], by key: (Measured) -> Double) -> Measured {
        runs.sorted { key($0) < key($1) }[runs.count / 2]
    }

    /// What one batch run measured.
    struct Measured {
        var elapsed: Double
        var issued: Int
        var cpuSeconds: Double
        var historyShare: Double
        /// Seconds the workers spent in the history (appends and look-ups), all together.
        var historySeconds: Double
        /// Seconds the workers spent in exchanges (after the rate limiter), all together.
        var exchangeSeconds: Double
        /// Seconds after the start at which each request left.
        var requestTimes: [Double]
        var sendsPerSecond: Double { Double(issued) / elapsed }

        func line(_ label: String) -> String {
            String(format: "%@ %8.1f sends/s  (%d issued in %.2f s, CPU %.2f s)", label, sendsPerSecond, issued, elapsed, cpuSeconds)
        }
    }

    /// A fresh sandbox served by a child `coupondesk sandbox serve`, and one batch against it.
    static func overHTTP(label: String, rows: Int, rate: Double?, folder: String, stopAfter: Double? = nil,
                         inMemory: Bool = false, concurrency: Int = BatchBenchmark.concurrency) async throws -> Measured {
        let served = try Sandbox(at: folder + "/" + label)
        let server = try served.serve()
        defer { server.stop() }
        let config = try CouponDeskConfig.load(path: served.directory.clientConfigPath)
        return try await measure(label: label, rows: rows, sandbox: served, transport: config.makeTransport(), rate: rate,
                                 history: inMemory ? nil : folder + "/\(label).jsonl", stopAfter: stopAfter,
                                 concurrency: concurrency)
    }

    /// Runs `rows` rows of a fresh batch through `transport` (at `rate`, or unlimited) into `history`
    /// (nil: records kept in memory), stopping (as Ctrl-C does) after `stopAfter` seconds if given.
    static func measure(label: String, rows: Int, sandbox: Sandbox, transport: any Transport, rate: Double?,
                        history: String?, stopAfter: Double? = nil, concurrency: Int = BatchBenchmark.concurrency) async throws -> Measured {
        let csv = "openid\n" + (0..<rows).map { "bench-\(label)-\($0)\n" }.joined()
        let defaults = BatchDefaults(brandID: DemoData.brandID, appid: DemoData.appid,
                                     productCouponID: DemoData.productCouponID, stockID: DemoData.StockID.plenty)
        let plan = try BatchPlan.make(data: Data(csv.utf8), defaults: defaults).get()
        let client = try CouponDeskConfig.load(path: sandbox.directory.clientConfigPath).makeClientConfiguration()
        let clock = MonotonicClock()
        let start = clock.seconds()
        let timed = TimestampingTransport(base: transport, clock: clock, origin: start)
        let limited: any Transport = rate.map { RateLimitedTransport(base: timed, bucket: TokenBucket(rate: $0, burst: concurrency)) } ?? timed
        // As `coupondesk batch` does: the rows' history read once through the batch's journal, which
        // then answers their look-ups from memory.
        let file = try history.map { try BatchJournal(path: $0) }
        let initial = try file?.records(forSendRequestNumbers: Set(plan.rows.map(\.request.sendRequestNo))) ?? [:]
        let journal = TimingJournal(file ?? MemoryJournal())
        let runner = BatchRunner(plan: plan, client: PreSendClient(configuration: client, transport: limited), journal: journal,
                                 settings: BatchSettings(concurrency: concurrency))
        let cpuBefore = processCPUSeconds()
        let stop = BatchStop()
        if let stopAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + stopAfter) { stop.stop() }
        }
        let summary = await runner.run(initial: runner.decisions(history: initial), tally: BatchTally(total: rows), stop: stop)
        let cpu = processCPUSeconds() - cpuBefore
        let elapsed = clock.seconds() - start
        if summary.counts.issued != rows && stopAfter == nil {
            say("  (\(label): \(summary.counts.issued) of \(rows) issued; categories \(summary.counts.byCategory))")
        }
        return Measured(elapsed: elapsed, issued: summary.counts.issued, cpuSeconds: cpu,
                        historyShare: journal.seconds / (elapsed * Double(min(concurrency, rows))),
                        historySeconds: journal.seconds, exchangeSeconds: timed.busySeconds,
                        requestTimes: timed.times)
    }

    /// User + system CPU of this process (all threads).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(0), &usage) // RUSAGE_SELF
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// A sandbox for the bench: generous budgets, its own request limit out of the way.
    struct Sandbox {
        let directory: SandboxDirectory

        init(at path: String) throws {
            directory = try SandboxDirectory.create(at: path) {
                $0.rateLimitPerSecond = 1_000_000
                $0.autoClaimSeconds = nil
            }
        }

        /// `coupondesk sandbox serve DIR --port 0`, the binary beside this one.
        func serve() throws -> Server {
            let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("coupondesk").path
            guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchError("build coupondesk too: \(binary) is missing") }
            guard let (pid, stdout) = ChildProcess.start([binary, "sandbox", "serve", directory.path, "--port", "0"]) else {
                throw BenchError("cannot start \(binary) sandbox serve")
            }
            let server = Server(pid: pid, stdout: stdout)
            guard let line = server.readLine(), line.hasPrefix("listening on ") else {
                server.stop()
                throw BenchError("sandbox serve did not start")
            }
            return server
        }
    }

    struct Server {
        let pid: pid_t
        let stdout: Int32

        func readLine() -> String? {
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while read(stdout, &byte, 1) == 1 {
                if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
                bytes.append(byte)
            }
            return nil
        }

        func stop() {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            close(stdout)
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Prints a figure at once, even into a file (a long run shows its figures as they come).
private func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Records kept in memory: what a batch would do if the history cost nothing.
final class MemoryJournal: SendJournal, @unchecked Sendable {
    // Unchecked: `byNumber` is touched only under `lock`.
    private let lock = NSLock()
    private var byNumber: [String: [SendRecord]] = [:]
    func append(_ record: SendRecord) throws {
        lock.lock(); byNumber[record.request.sendRequestNo, default: []].append(record); lock.unlock()
    }
    func records(forSendRequestNo number: String) throws -> [SendRecord] {
        lock.lock(); defer { lock.unlock() }
        return byNumber[number] ?? []
    }
}

/// Notes when each request leaves (seconds after `origin`), and how long the exchanges took in all.
final class TimestampingTransport: Transport, @unchecked Sendable {
    // Unchecked: `stamps` and `busy` are touched only under `lock`.
    private let lock = NSLock()
    private var stamps: [Double] = []
    private var busy = 0.0
    let base: any Transport
    let clock: MonotonicClock
    let origin: Double

    init(base: any Transport, clock: MonotonicClock, origin: Double) { self.base = base; self.clock = clock; self.origin = origin }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let start = clock.seconds()
        note(start - origin)
        defer { took(clock.seconds() - start) }
        return try await base.send(request)
    }

    private func note(_ time: Double) { lock.lock(); stamps.append(time); lock.unlock() }
    private func took(_ seconds: Double) { lock.lock(); busy += seconds; lock.unlock() }
    var times: [Double] { lock.lock(); defer { lock.unlock() }; return stamps }
    var busySeconds: Double { lock.lock(); defer { lock.unlock() }; return busy }
}

/// Adds up the time spent in the history: appends (write + fsync) and look-ups.
final class TimingJournal: SendJournal, @unchecked Sendable {
    // Unchecked: `nanoseconds` is touched only under `lock`.
    private let lock = NSLock()
    private var nanoseconds: UInt64 = 0
    let base: any SendJournal
    init(_ base: any SendJournal) { self.base = base }

    func append(_ record: SendRecord) throws { try timed { try base.append(record) } }
    func records(forSendRequestNo number: String) throws -> [SendRecord] { try timed { try base.records(forSendRequestNo: number) } }

    private func timed<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let spent = DispatchTime.now().uptimeNanoseconds - start
            lock.lock(); nanoseconds += spent; lock.unlock()
        }
        return try body()
    }

    var seconds: Double { lock.lock(); defer { lock.unlock() }; return Double(nanoseconds) / 1e9 }
}

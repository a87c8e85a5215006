import Foundation
import WeChatPayCore
import CouponHistory
#if canImport(Glibc)
import Glibc
#endif

/// The `history` suite: generates 100k- and 1M-record logs and measures what issue 4 promises —
/// the newest 50 sends from a fresh `coupondesk` process (≤ 100 ms), a substring filter over every
/// record (≤ 1 s), resident memory (≤ 150 MB) and append + fsync (≥ 500 records/s) — each next to a
/// physical reference measured in the same run: a bare process start (`coupondesk --version`), one
/// sequential read of the log, and a raw `write` + `fsync` loop.
enum HistoryBenchmark {
    static func run() async throws {
        let dir = try temporaryDirectory()
        defer { if ProcessInfo.processInfo.environment["COUPONDESK_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let coupondesk = siblingExecutable("coupondesk")
        print("log directory \(dir) (removed afterwards unless COUPONDESK_BENCH_KEEP is set); coupondesk binary \(coupondesk)")
        print("targets: first 50 from a fresh process ≤ 100 ms, filter over 1M ≤ 1000 ms, max RSS ≤ 150 MB, append+fsync ≥ 500/s")
        let startup = bestOf(5) { spawnMeasured(coupondesk, ["--version"]) }
        print(String(format: "reference: bare process start (coupondesk --version) %.1f ms, max RSS %.1f MB",
                     startup.seconds * 1000, startup.maxRSSMB))

        for records in [100_000, 1_000_000] {
            let log = dir + "/history-\(records).jsonl"
            let generated = try measure { try generateLog(at: log, records: records) }
            let size = fileSize(log)
            print("")
            print(String(format: "-- %d records, %.0f MB (generated in %.1f s; the log is in the page cache)",
                         records, Double(size) / 1e6, generated.seconds))
            let readAll = try measure { try sequentialRead(log) }
            print(String(format: "reference: one sequential read of the log %.0f ms (%.0f MB/s)",
                         readAll.seconds * 1000, Double(size) / 1e6 / readAll.seconds))

            unlink(log + ".idx")
            let coldList = spawnMeasured(coupondesk, ["history", "list", "--limit", "50", "--history", log])
            report("first 50, fresh process, no saved index (reads the newest 1 MB)", coldList, startup, target: 0.1)
            let coldSearch = spawnMeasured(coupondesk, ["history", "list", "--search", "oFilterNeedle", "--history", log])
            report("--search, fresh process, no saved index (indexes the whole log, saves it)", coldSearch, startup, target: 1.0)

            unlink(log + ".idx")
            let (coldReader, build) = try measureValue { () throws -> (HistoryReader, Int) in
                let r = try HistoryReader(path: log)
                return (r, r.count)
            }
            print(String(format: "in process: first full index of the log + walk to count the sends %.0f ms (%.2f× one sequential read) → %d sends over %d lines; index saved",
                         build.seconds * 1000, build.seconds / readAll.seconds, coldReader.1, coldReader.0.lineCount))

            let warmList = bestOf(5) { spawnMeasured(coupondesk, ["history", "list", "--limit", "50", "--history", log]) }
            report("first 50, fresh process, saved index", warmList, startup, target: 0.1)
            let warmJSON = bestOf(3) { spawnMeasured(coupondesk, ["history", "list", "--limit", "50", "--json", "--history", log]) }
            report("first 50 --json, fresh process, saved index", warmJSON, startup, target: 0.1)

            let (reader, open) = try measureValue { try HistoryReader(path: log) }
            let first50 = measure { _ = reader.entries(newestFirst: 0..<50) }
            print(String(format: "in process: open with saved index %.1f ms, newest 50 decoded %.2f ms", open.seconds * 1000, first50.seconds * 1000))
            let (rows, count) = measureValue { reader.count }
            print(String(format: "in process: count of sends (walks the whole index, reads no log bytes) %.0f ms → %d sends", count.seconds * 1000, rows))

            for (label, needle) in [("rare text", "oFilterNeedle"), ("common text", "STOCK7"), ("Chinese text", "总预算")] {
                let (matches, filter) = measureValue { reader.filter(needle) }
                print(String(format: "in process: filter %@ '%@' over all sends %.0f ms (%d rows; %.2f× one sequential read; target ≤ 1000 ms: %@)",
                             label, needle, filter.seconds * 1000, matches.count, filter.seconds / readAll.seconds,
                             filter.seconds <= 1 ? "met" : "MISSED"))
            }
            let search = bestOf(3) { spawnMeasured(coupondesk, ["history", "list", "--search", "oFilterNeedle", "--history", log]) }
            report("--search (rare), fresh process, saved index", search, startup, target: 1.0)
            let outcome = bestOf(3) { spawnMeasured(coupondesk, ["history", "list", "--outcome", "unknown", "--history", log]) }
            report("--outcome unknown, fresh process, saved index", outcome, startup, target: 1.0)
            let show = bestOf(3) { spawnMeasured(coupondesk, ["history", "show", "SRN\(records / 4)", "--history", log]) }
            report("history show NO, fresh process, saved index", show, startup, target: 1.0)

            if records <= 100_000 {
                let export = spawnMeasured(coupondesk, ["history", "export", "--format", "csv", "--output", dir + "/export.csv", "--history", log])
                print(String(format: "history export --format csv, fresh process: %.2f s (%.0f µs a record, decoding on all cores), max RSS %.1f MB, exit %d (no target)",
                             export.seconds, export.seconds / Double(records) * 1e6, export.maxRSSMB, export.status))
            }
            // The index was just rewritten (24 MB at 1M records): flush it first, or the first fsyncs
            // pay for its writeback and the figure is not the steady rate.
            sync()
            let (appends, raw) = try appendVersusRaw(log: log, rawPath: dir + "/raw.bin", rounds: 6, perRound: 50)
            print(String(format: "append + fsync onto this log (index kept current; after sync): %.0f records/s; reference raw write+fsync, interleaved: %.0f/s (ratio %.2f); target ≥ 500/s: %@",
                         appends, raw, appends / raw, appends >= 500 ? "met" : "MISSED"))
            if ProcessInfo.processInfo.environment["COUPONDESK_BENCH_KEEP"] != nil { print("kept \(log)") }
        }

        let freshLog = dir + "/fresh.jsonl"
        let (appends, raw) = try appendVersusRaw(log: freshLog, rawPath: dir + "/raw2.bin", rounds: 10, perRound: 100)
        print("")
        print(String(format: "append + fsync, new log: %.0f records/s; reference raw write+fsync of the same bytes, interleaved: %.0f/s (ratio %.2f); target ≥ 500/s: %@",
                     appends, raw, appends / raw, appends >= 500 ? "met" : "MISSED"))
    }

    // MARK: - Reporting

    static func report(_ label: String, _ m: Spawned, _ startup: Spawned, target: Double) {
        let ok = m.seconds <= target && m.maxRSSMB <= 150 && m.status == 0
        print(String(format: "%@: %.1f ms (%.1f× a bare process start), max RSS %.1f MB, exit %d — target ≤ %.0f ms and ≤ 150 MB: %@",
                     label, m.seconds * 1000, m.seconds / startup.seconds, m.maxRSSMB, m.status, target * 1000, ok ? "met" : "MISSED"))
    }

    struct Timed { var seconds: Double }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func measure(_ body: () throws -> Void) rethrows -> Timed {
        let start = now()
        try body()
        return Timed(seconds: now() - start)
    }

    static func measureValue<T>(_ body: () throws -> T) rethrows -> (T, Timed) {
        let start = now()
        let value = try body()
        return (value, Timed(seconds: now() - start))
    }

    // MARK: - Child processes

    struct Spawned {
        var seconds: Double
        var maxRSSMB: Double
        var status: Int32
    }

    static func bestOf(_ n: Int, _ body: () -> Spawned) -> Spawned {
        (0..<n).map { _ in body() }.min { $0.seconds < $1.seconds }!
    }

    static let measureChildFlag = "--history-measure-child"

    /// Runs `path args` (stdout and stderr on /dev/null) and measures wall time from spawn to exit and
    /// the child's peak resident size. Linux hands a spawned child the spawning process's peak RSS
    /// as its starting `ru_maxrss`, and this benchmark holds big logs in memory, so the spawn happens
    /// from a fresh small copy of this executable (`measureChildMain`), which reports back.
    static func spawnMeasured(_ path: String, _ args: [String]) -> Spawned {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: siblingExecutable("coupondesk-bench"))
        process.arguments = [measureChildFlag, path] + args
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return Spawned(seconds: .infinity, maxRSSMB: 0, status: -1) }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 3 else { return Spawned(seconds: .infinity, maxRSSMB: 0, status: -1) }
        return Spawned(seconds: fields[0], maxRSSMB: fields[1], status: Int32(fields[2]))
    }

    /// The measuring intermediary: `coupondesk-bench --history-measure-child PATH ARGS...` prints
    /// "seconds maxRSS-MB exit-status".
    static func measureChildMain() -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst(2))
        let m = spawnDirect(arguments[0], Array(arguments.dropFirst()))
        print(m.seconds, m.maxRSSMB, m.status)
        exit(0)
    }

    static func spawnDirect(_ path: String, _ args: [String]) -> Spawned {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = now()
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
            return Spawned(seconds: .infinity, maxRSSMB: 0, status: -1)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = now() - start
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return Spawned(seconds: seconds, maxRSSMB: Double(usage.ru_maxrss) / 1024, status: exitStatus)
    }

    static func siblingExecutable(_ name: String) -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(name).path
    }

    // MARK: - Files

    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/coupondesk-bench-history-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw HistoryError.cannotOpen(path: "/tmp", reason: "mkdtemp failed")
        }
        return String(cString: made)
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    static func sequentialRead(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw HistoryError.cannotOpen(path: path, reason: "open") }
        defer { close(fd) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var newlines = 0
        while true {
            let n = read(fd, buffer, 4 << 20)
            if n <= 0 { break }
            // Touch the bytes as a scan would (count newlines), so the reference is a real pass.
            var p = buffer
            var left = n
            while left > 0, let hit = memchr(p, 0x0A, left) {
                newlines += 1
                let used = p.distance(to: hit) + 1
                p = UnsafeMutableRawPointer(hit) + 1
                left -= used
            }
        }
        if newlines < 0 { print(newlines) }
    }

    /// A log in the DESIGN §5 shape: each send a `pending` record then its result (70% issued, 20%
    /// rejected with a Chinese message, 10% unknown), every tenth unknown resent later. Keys sorted, as
    /// `SendRecord.jsonLine()` writes them. One send in 100k has the openid `oFilterNeedle...`.
    static func generateLog(at path: String, records: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw HistoryError.cannotWrite(path: path, reason: "create")
        }
        defer { handle.closeFile() }
        var chunk = ""
        chunk.reserveCapacity(9 << 20)
        var written = 0
        var send = 0
        var resendQueue: [Int] = []
        while written < records {
            let number: Int
            if let again = resendQueue.first, send % 37 == 0 { number = again; resendQueue.removeFirst() } else { number = send }
            send += 1
            let openid = number % 100_000 == 4242 ? "oFilterNeedle\(number)" : "oUpF8uMuAJO_M2pxb1Q9zNj\(number % 9973)"
            let stock = "STOCK\(number % 13)"
            let second = 1_764_310_000 + written / 2
            let time = "2026-11-\(String(format: "%02d", 1 + (second / 86400) % 28))T\(String(format: "%02d:%02d:%02d", (second / 3600) % 24, (second / 60) % 60, second % 60)).123+08:00"
            let request = "{\"appid\":\"wxd678efh567hg6787\",\"attach\":null,\"brand_id\":\"120344\",\"coupon_code\":null,\"openid\":\"\(openid)\",\"product_coupon_id\":\"1000001\",\"send_request_no\":\"SRN\(number)\",\"stock_id\":\"\(stock)\"}"
            chunk += "{\"attempts\":0,\"elapsed_ms\":0,\"error\":null,\"http_status\":null,\"mode\":\"live\",\"operator\":\"alice\",\"outcome\":\"pending\",\"request\":\(request),\"request_id\":null,\"time\":\"\(time)\",\"token\":null,\"v\":1}\n"
            written += 1
            guard written < records else { break }
            let roll = number % 10
            if roll < 7 {
                chunk += "{\"attempts\":1,\"elapsed_ms\":87,\"error\":null,\"http_status\":200,\"mode\":\"live\",\"operator\":\"alice\",\"outcome\":\"issued\",\"request\":\(request),\"request_id\":\"08F8B4A9C4061010\(number)-0\",\"time\":\"\(time)\",\"token\":\"ABBpZjCfAAABAAAAAACmTrRvExc7XKea\(number)\",\"v\":1}\n"
            } else if roll < 9 {
                chunk += "{\"attempts\":1,\"elapsed_ms\":64,\"error\":{\"category\":\"total_budget_exhausted\",\"code\":\"INVALID_REQUEST\",\"http_status\":400,\"message\":\"商品券批次总预算不足\",\"numeric_code\":null},\"http_status\":400,\"mode\":\"live\",\"operator\":\"alice\",\"outcome\":\"rejected\",\"request\":\(request),\"request_id\":\"08F8B4A9C4061010\(number)-268435461\",\"time\":\"\(time)\",\"token\":null,\"v\":1}\n"
            } else {
                chunk += "{\"attempts\":4,\"elapsed_ms\":10012,\"error\":{\"category\":\"timeout\",\"code\":null,\"http_status\":null,\"message\":\"the request timed out\",\"numeric_code\":null},\"http_status\":null,\"mode\":\"live\",\"operator\":\"alice\",\"outcome\":\"unknown\",\"request\":\(request),\"request_id\":null,\"time\":\"\(time)\",\"token\":null,\"v\":1}\n"
                if send % 10 == 0 { resendQueue.append(number) }
            }
            written += 1
            if chunk.utf8.count > 8 << 20 {
                handle.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(chunk.utf8))
    }

    /// Appends through the store and raw write+fsync pairs in alternating rounds, so both see the same
    /// disk (its fsync latency swings with what else the machine is doing). Rates per second.
    static func appendVersusRaw(log: String, rawPath: String, rounds: Int, perRound: Int) throws -> (Double, Double) {
        var appendSeconds = 0.0, rawSeconds = 0.0
        for _ in 0..<rounds {
            appendSeconds += Double(perRound) / (try appendRate(log: log, count: perRound))
            rawSeconds += Double(perRound) / (try rawFsyncRate(path: rawPath, count: perRound))
        }
        let total = Double(rounds * perRound)
        return (total / appendSeconds, total / rawSeconds)
    }

    /// Records per second through `HistoryStore.append` (single write, fsync, index catch-up).
    static func appendRate(log: String, count: Int) throws -> Double {
        let store = HistoryStore(path: log)
        let request = PreSendRequest(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", brandID: "120344", productCouponID: "1000001",
                                     stockID: "STOCK1", appid: "wxd678efh567hg6787", sendRequestNo: "BENCH0000001")
        var record = SendRecord(time: SendRecord.timestamp(Date()), operator: "bench", mode: SendMode.live.rawValue, request: request,
                                outcome: .issued, token: "ABBpZjCfAAABAAAAAACmTrRvExc7XKea-", httpStatus: 200,
                                requestID: "08F8B4A9C40610-0", attempts: 1, elapsedMs: 87)
        let t = try measure {
            for i in 0..<count {
                record.request.sendRequestNo = "BENCH\(i)"
                try store.append(record)
            }
        }
        return Double(count) / t.seconds
    }

    /// The physical reference for appends: the same number of ~450-byte `write` + `fsync` pairs.
    static func rawFsyncRate(path: String, count: Int) throws -> Double {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw HistoryError.cannotOpen(path: path, reason: "open") }
        defer { close(fd) }
        let bytes = [UInt8](repeating: 0x41, count: 450)
        let t = measure {
            for _ in 0..<count {
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
            }
        }
        return Double(count) / t.seconds
    }
}

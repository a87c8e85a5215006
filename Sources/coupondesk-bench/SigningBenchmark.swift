import Foundation
import WeChatPayCore
#if canImport(Glibc)
import Glibc
#endif

/// `signing`: the core's RSA-2048 signatures/s and verifications/s, and complete signed pre-send request
/// builds/s (JSON encode once, escape the path, sign, format the header), each on one thread, next to
/// `openssl speed -seconds 2 rsa2048` run as a child process in the same run (the physical reference on
/// this machine). Rates are per second of user CPU time of the measuring thread, the divisor `openssl speed` uses. Targets: sign ≥ 0.9× openssl, full request build ≥ 0.85× openssl's sign rate.
enum SigningBenchmark {
    static let seconds = 2.0

    static func run() async throws {
        let key = try RSAPrivateKey.generate()
        let publicKey = try key.publicKey
        let signer = RequestSigner(mchid: "1900000001", serialNo: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", privateKey: key)
        let request = PreSendRequest(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", brandID: "120344", productCouponID: "1000000013",
                                     stockID: "1000000013001", appid: "wx233544546545989",
                                     sendRequestNo: "CD20261128071200123_a1B2c3D4", attach: "会员日活动")
        let base = URL(string: "https://api.mch.weixin.qq.com")!
        let sampleCall = PreSendCall(request: request, baseURL: base)
        let message = SignatureMessage.request(method: "POST", canonicalURL: sampleCall.canonicalURL, timestamp: "1764300000",
                                               nonce: "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", body: sampleCall.body)
        let signature = try key.sign(message)

        // The machine is shared: measure the core and openssl alternately, three times, and keep the best of
        // each, so a burst of someone else's work does not decide the ratio.
        var signRate = 0.0, verifyRate = 0.0, buildRate = 0.0
        var reference: (sign: Double, verify: Double)? = nil
        for _ in 0..<3 {
            signRate = max(signRate, try measure { _ = try key.sign(message) })
            verifyRate = max(verifyRate, try measure { precondition(publicKey.verify(signature: signature, message: message)) })
            buildRate = max(buildRate, try measure {
                let call = PreSendCall(request: request, baseURL: base)
                let http = try call.httpRequest(signer: signer, wechatpayPublicKeyID: "PUB_KEY_ID_0112345678901234567890")
                precondition(!http.body.isEmpty)
            })
            if let speed = opensslSpeed() {
                reference = (max(reference?.sign ?? 0, speed.sign), max(reference?.verify ?? 0, speed.verify))
            }
        }
        print(String(format: "core   sign           %9.1f /s", signRate))
        print(String(format: "core   verify         %9.1f /s", verifyRate))
        print(String(format: "core   signed request %9.1f /s  (encode + path + sign + header)", buildRate))

        guard let reference else {
            print("openssl speed: not available; no ratios")
            return
        }
        print(String(format: "openssl speed rsa2048: sign %9.1f /s, verify %9.1f /s", reference.sign, reference.verify))
        let signRatio = signRate / reference.sign
        let verifyRatio = verifyRate / reference.verify
        let buildRatio = buildRate / reference.sign
        print(String(format: "ratio  sign / openssl sign              %.3f  (target ≥ 0.90) %@", signRatio, signRatio >= 0.9 ? "ok" : "BELOW TARGET"))
        print(String(format: "ratio  verify / openssl verify          %.3f", verifyRatio))
        print(String(format: "ratio  signed request / openssl sign    %.3f  (target ≥ 0.85) %@", buildRatio, buildRatio >= 0.85 ? "ok" : "BELOW TARGET"))
    }

    /// Operations per second of CPU user time of `body`, run for `seconds` of wall time on this thread.
    /// `openssl speed` divides by user CPU time too (unless given -elapsed), so the two rates are
    /// comparable on a machine shared with other work.
    static func measure(_ body: () throws -> Void) throws -> Double {
        for _ in 0..<20 { try body() } // warm up
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadUserSeconds()
        let deadline = start + UInt64(seconds * 1e9)
        var count = 0
        var now = start
        while now < deadline {
            for _ in 0..<10 { try body() }
            count += 10
            now = DispatchTime.now().uptimeNanoseconds
        }
        let cpu = threadUserSeconds() - cpuStart
        return Double(count) / max(cpu, 1e-6)
    }

    /// User CPU time of the calling thread: the same divisor as `openssl speed` (which, without
    /// -elapsed, divides by its user CPU time).
    static func threadUserSeconds() -> Double {
        var usage = rusage()
        // RUSAGE_THREAD (1) is a GNU extension the Glibc module does not export by name.
        getrusage(__rusage_who_t(1), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    }

    /// Runs `openssl speed -seconds N rsa2048` (one process: one core) and reads its sign/s and verify/s
    /// columns by their labels.
    static func opensslSpeed(seconds: Int = Int(seconds)) -> (sign: Double, verify: Double)? {
        guard let data = ChildProcess.output(of: ["openssl", "speed", "-seconds", "\(seconds)", "rsa2048"]) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard let headerIndex = lines.lastIndex(where: { $0.contains("sign/s") && $0.contains("verify/s") }),
              let row = lines[headerIndex...].first(where: { $0.hasPrefix("rsa") && $0.contains("2048") }) else { return nil }
        let labels = lines[headerIndex].split(separator: " ").map(String.init)
        // The row starts with "rsa 2048 bits" (3 words) before the same columns as the labels.
        let values = row.split(separator: " ").dropFirst(3).map(String.init)
        guard values.count == labels.count,
              let signIndex = labels.firstIndex(of: "sign/s"), let verifyIndex = labels.firstIndex(of: "verify/s"),
              let sign = Double(values[signIndex]), let verify = Double(values[verifyIndex]) else { return nil }
        return (sign, verify)
    }
}

/// Starts a child with posix_spawn and an EMPTY signal mask and default handlers. Foundation.Process
/// passes on the blocked signals of the Swift runtime's threads, and `openssl speed` times its runs with
/// SIGALRM: with SIGALRM blocked it never stops.
enum ChildProcess {
    static func output(of arguments: [String]) -> Data? {
        guard let (pid, stdout) = start(arguments) else { return nil }
        defer { close(stdout) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(stdout, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return data
    }

    /// Starts `arguments` with its stdout on a pipe (returned) and stderr to /dev/null.
    static func start(_ arguments: [String]) -> (pid: pid_t, stdout: Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGALRM, SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        close(fds[1])
        guard spawned == 0 else { close(fds[0]); return nil }
        return (pid, fds[0])
    }
}

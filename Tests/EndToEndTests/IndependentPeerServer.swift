import CouponDeskTestSupport
import Foundation

/// A third-party python3 server (no CouponDesk code) started with posix_spawn on a free loopback port:
/// `python3 SCRIPT KEY_DIRECTORY LOG PUBLIC_KEY_ID BRAND_ID MCHID` prints its port, then logs every
/// request it sees as one JSON line of `Seen` in LOG.
final class IndependentPeerServer<Seen: Decodable>: @unchecked Sendable {
    // @unchecked: every stored property is a `let` of a Sendable type but `Seen`, which is only a
    // type parameter for decoding (no value of it is stored).
    let child: ChildProcess
    let port: Int
    let folder: TempDir
    let logPath: String
    let scriptPath: String

    init(script: String, named name: String, log: String, arguments: [String]) throws {
        folder = try TempDir()
        scriptPath = try folder.write(name, script)
        logPath = folder.file(log)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
        // The log path is the script's second argument.
        var argv = ["python3", scriptPath] + arguments
        argv.insert(logPath, at: 3)
        child = try ChildProcess.start(argv, environment: environment, output: .merged)
        guard let line = child.readLine(timeout: 20), let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            child.signal(SIGKILL)
            child.finish(timeout: 5)
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request the server saw, in order.
    func seen() throws -> [Seen] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Seen.self, from: Data($0)) }
    }

    /// SIGKILL: a SIGTERM may be blocked in the mask the test runner hands its children.
    func stop() {
        child.signal(SIGKILL)
        child.finish(timeout: 5)
    }
}

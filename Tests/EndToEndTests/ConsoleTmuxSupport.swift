import Foundation
import WeChatPayCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Child processes started with posix_spawn (Foundation.Process hangs when it starts a tmux server).
enum Spawn {
    struct Result { var status: Int32; var output: String }

    /// Runs `arguments` to completion and returns its exit status and stdout+stderr.
    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let child = try start(arguments, environment: environment)
        let output = child.readAll()
        return Result(status: child.wait(), output: output)
    }

    /// A running child whose stdout and stderr come back through one pipe.
    final class Child {
        let pid: pid_t
        let output: Int32
        private var reaped: Int32?

        init(pid: pid_t, output: Int32) { self.pid = pid; self.output = output }

        /// The first line the child writes, waiting at most `timeout` seconds.
        func readLine(timeout: TimeInterval) -> String? {
            var line = [UInt8]()
            let deadline = Date().addingTimeInterval(timeout)
            var byte: UInt8 = 0
            while Date() < deadline {
                var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 100) > 0 else { continue }
                guard read(output, &byte, 1) == 1 else { return nil }
                if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
                line.append(byte)
            }
            return nil
        }

        func readAll() -> String {
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(output, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            return String(decoding: data, as: UTF8.self)
        }

        @discardableResult
        func wait() -> Int32 {
            if let reaped { return reaped }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            close(output)
            let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            reaped = code
            return code
        }

        func terminate() {
            guard reaped == nil else { return }
            kill(pid, SIGTERM)
            wait()
        }
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> Child {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw NSError(domain: "spawn", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "cannot start \(arguments[0]): \(String(cString: strerror(status)))"])
        }
        return Child(pid: pid, output: pipeEnds[0])
    }
}

/// Where the built `coupondesk` binary is: beside the test bundle in `.build/<triple>/debug`.
enum BuiltBinary {
    static func coupondesk(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // Linux XCTest runs `<dir>/CouponDeskPackageTests.xctest`; the products sit in `<dir>`.
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("coupondesk").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/coupondesk").path
        if FileManager.default.isExecutableFile(atPath: fallback) { return fallback }
        throw NSError(domain: "e2e", code: 1, userInfo: [NSLocalizedDescriptionKey:
            "the coupondesk binary was not found beside \(executable.path); build it with `swift build`"])
    }
}

/// A private tmux server (`tmux -L NAME`) running one program in a detached pane of a fixed size.
final class TmuxSession {
    let socket: String
    let environment: [String: String]
    let target = "console"

    init(command: String, width: Int, height: Int, environment: [String: String]) throws {
        socket = "cdtest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.environment = environment
        let started = try tmux(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", command])
        guard started.status == 0 else { throw NSError(domain: "tmux", code: Int(started.status), userInfo: [NSLocalizedDescriptionKey: started.output]) }
        _ = try tmux(["set-option", "-g", "remain-on-exit", "on"])
        _ = try tmux(["set-option", "-g", "set-clipboard", "on"])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> Spawn.Result {
        try Spawn.run(["tmux", "-u", "-L", socket] + arguments, environment: environment)
    }

    /// Literal text, typed as a person would.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }

    /// Named keys: "C-s", "Tab", "BTab", "Enter", "Escape", "F10", "Down"...
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", target]).output }

    /// Polls the pane until `predicate` holds, or fails after `timeout` seconds with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(last)", file: file, line: line)
        return last
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    func kill() {
        _ = try? tmux(["kill-server"])
    }
}

/// A sandbox created with `coupondesk sandbox init` and served over real HTTP by `sandbox serve`.
final class ServedSandbox {
    let directory: String
    let server: Spawn.Child
    let baseURL: String

    init(binary: String, directory: String, environment: [String: String]) throws {
        self.directory = directory
        let created = try Spawn.run([binary, "sandbox", "init", directory], environment: environment)
        guard created.status == 0 else { throw NSError(domain: "sandbox", code: 1, userInfo: [NSLocalizedDescriptionKey: created.output]) }
        server = try Spawn.start([binary, "sandbox", "serve", directory, "--port", "0"], environment: environment)
        guard let first = server.readLine(timeout: 20), first.hasPrefix("listening on ") else {
            server.terminate()
            throw NSError(domain: "sandbox", code: 2, userInfo: [NSLocalizedDescriptionKey: "sandbox serve did not start"])
        }
        baseURL = String(first.dropFirst("listening on ".count))
    }

    var configPath: String { directory + "/config.json" }

    func stop() { server.terminate() }
}

/// Reads the history log back: every record, in file order.
func historyRecords(_ path: String) throws -> [SendRecord] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.split(separator: 0x0A).compactMap { try? JSONDecoder().decode(SendRecord.self, from: Data($0)) }
}

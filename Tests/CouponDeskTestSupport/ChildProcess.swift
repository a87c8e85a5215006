import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child left: its exit status and both output streams, as raw bytes (a test may look
/// for an ESC byte exactly as a terminal would receive it).
public struct ChildResult: Sendable {
    /// The exit code, or 128 + the signal that ended it (as a shell reports it).
    public var status: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?
    public var stdoutData: Data
    /// Empty when the child's stderr went into stdout (`ChildProcess.Output.merged`).
    public var stderrData: Data

    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// Both streams: as interleaved for a merged run, stdout then stderr otherwise.
    public var output: String { stdout + stderr }

    /// This result if the child exited 0; else an error naming `what` and saying what it wrote.
    @discardableResult
    public func succeeded(_ what: String) throws -> ChildResult {
        guard status == 0 else { throw Failed(what: what, result: self) }
        return self
    }

    public struct Failed: Error, CustomStringConvertible {
        public let what: String
        public let result: ChildResult
        public var description: String { "\(what) exited with \(result.status): \(result.output)" }
    }
}

/// The tests' one way to run another program: posix_spawn, with both streams in pipes that are read
/// to the end (so neither fills up and stalls the child), stdin from /dev/null or a file, and exactly
/// the environment given. Not Foundation.Process: it hangs when the child starts a tmux server, and it
/// cannot pass arguments that are not UTF-8.
public final class ChildProcess: @unchecked Sendable {
    // Unchecked: `pid` and the descriptors are `let`; `result` is only touched with `lock` held, and
    // the pipes are read by one `finish` at a time (`collecting`).
    /// Where the child's stderr goes.
    public enum Output: Sendable {
        /// Its own pipe (`ChildResult.stderrData`).
        case separate
        /// The stdout pipe, interleaved as written (what a terminal shows).
        case merged
    }

    public let pid: pid_t
    private let stdoutFD: Int32
    private let stderrFD: Int32?
    /// Holds the stdin file until the child has gone.
    private let stdinFile: TempDir?
    private let lock = NSLock()
    private let collecting = NSLock()
    private var result: ChildResult?

    private init(pid: pid_t, stdoutFD: Int32, stderrFD: Int32?, stdinFile: TempDir?) {
        self.pid = pid; self.stdoutFD = stdoutFD; self.stderrFD = stderrFD; self.stdinFile = stdinFile
    }

    /// Starts `arguments` (the program first, found on PATH unless it holds a `/`) with exactly
    /// `environment`; `stdin` is what it reads (nothing: /dev/null).
    public static func start(_ arguments: [String], environment: [String: String], stdin: Data? = nil,
                             output: Output = .separate) throws -> ChildProcess {
        try start(bytes: arguments.map { Array($0.utf8) }, environment: environment, stdin: stdin, output: output)
    }

    /// The same with arguments as raw bytes: they need not be UTF-8.
    public static func start(bytes arguments: [[UInt8]], environment: [String: String], stdin: Data? = nil,
                             output: Output = .separate) throws -> ChildProcess {
        guard let program = arguments.first else { throw POSIXError(.EINVAL) }
        var stdinFile: TempDir?
        var stdinPath = "/dev/null"
        if let stdin {
            let dir = try TempDir()
            stdinPath = dir.file("stdin")
            try stdin.write(to: URL(fileURLWithPath: stdinPath))
            stdinFile = dir
        }
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { throw POSIXError(.EMFILE) }
        if output == .separate, pipe(&err) != 0 {
            close(out[0]); close(out[1])
            throw POSIXError(.EMFILE)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output == .merged ? out[1] : err[1], 2)
        let ours = (out + err).filter { $0 >= 0 }
        for fd in ours { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = arguments.map(cString) + [nil]
        let envp = environment.map { cString(Array("\($0.key)=\($0.value)".utf8)) } + [nil]
        defer { (argv + envp).forEach { $0?.deallocate() } }
        var pid: pid_t = 0
        let status = argv[0].map { posix_spawnp(&pid, $0, &actions, nil, argv, envp) } ?? EINVAL
        close(out[1])
        if err[1] >= 0 { close(err[1]) }
        guard status == 0 else {
            close(out[0])
            if err[0] >= 0 { close(err[0]) }
            throw SpawnError(program: String(decoding: program, as: UTF8.self), code: status)
        }
        return ChildProcess(pid: pid, stdoutFD: out[0], stderrFD: err[0] >= 0 ? err[0] : nil, stdinFile: stdinFile)
    }

    /// Runs `arguments` to completion (`start`, then `finish`); output merged as a terminal shows it.
    public static func run(_ arguments: [String], environment: [String: String], stdin: Data? = nil,
                           output: Output = .merged, timeout: TimeInterval = .infinity) throws -> ChildResult {
        try start(arguments, environment: environment, stdin: stdin, output: output).finish(timeout: timeout)
    }

    /// Runs `arguments` with a pseudo-terminal as its stdin and stdout (util-linux `script`), killed
    /// after `timeout` seconds; what it wrote to the terminal is the result's stdout.
    public static func runOnTerminal(_ arguments: [String], environment: [String: String] = testEnvironment(),
                                     timeout: TimeInterval = 60) throws -> ChildResult {
        let command = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try run(["script", "-qec", command, "/dev/null"], environment: environment, output: .separate, timeout: timeout)
    }

    /// Why a program could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let program: String
        public let code: Int32
        public var description: String { "cannot start \(program): \(String(cString: strerror(code)))" }
    }

    /// The next line the child writes on stdout, waiting at most `timeout` seconds; nil if none came.
    /// Read byte by byte, so nothing after the line is taken from the pipe.
    public func readLine(timeout: TimeInterval) -> String? {
        var line: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var byte: UInt8 = 0
        while Date() < deadline {
            var poller = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            guard read(stdoutFD, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    /// What the child has written on stdout so far, waiting until it writes something (or ends).
    public func readAvailable() -> Data {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(stdoutFD, &buffer, buffer.count)
        return n > 0 ? Data(buffer[0..<n]) : Data()
    }

    /// Sends `signal` to the child, unless it has been reaped (its pid may belong to another process by then).
    public func signal(_ signal: Int32) {
        let running = lock.withLock { result == nil }
        if running { kill(pid, signal) }
    }

    /// Reads both streams to their end and reaps the child; after `timeout` seconds it is killed.
    /// Later calls return the same result.
    @discardableResult
    public func finish(timeout: TimeInterval = .infinity) -> ChildResult {
        // One collector at a time; `lock` is held only briefly, so `signal` works while one waits.
        collecting.lock(); defer { collecting.unlock() }
        if let done = lock.withLock({ result }) { return done }
        let done = collect(timeout: timeout)
        lock.withLock { result = done }
        return done
    }

    /// `finish` on a thread of its own, so that waiting never holds a thread of Swift's cooperative pool
    /// (many children can be waited for at once on a 2-core machine).
    public func finished(timeout: TimeInterval = .infinity) async -> ChildResult {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.finish(timeout: timeout)) }
        }
    }

    /// Asks the child to stop (SIGTERM) and reaps it.
    public func terminate() {
        signal(SIGTERM)
        finish()
    }

    private func collect(timeout: TimeInterval) -> ChildResult {
        var outputs = [Data(), Data()]
        var open = [stdoutFD, stderrFD ?? -1]
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var killed = false
        while open.contains(where: { $0 >= 0 }) {
            if !killed && Date() > deadline { kill(pid, SIGKILL); killed = true }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
            for i in 0..<2 where open[i] >= 0 && fds[i].revents != 0 {
                let n = read(open[i], &buffer, buffer.count)
                if n > 0 {
                    outputs[i].append(contentsOf: buffer[0..<n])
                } else if n == 0 || errno != EINTR {
                    close(open[i]); open[i] = -1
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return ChildResult(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, signal: signal == 0 ? nil : signal,
                           stdoutData: outputs[0], stderrData: outputs[1])
    }
}

/// A NUL-terminated copy of `bytes`, for argv and envp.
private func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar>? {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
    for (i, byte) in bytes.enumerated() { pointer[i] = CChar(bitPattern: byte) }
    pointer[bytes.count] = 0
    return pointer
}

/// The test process's environment with `changes` applied (a nil value removes the variable). The
/// language is English whatever the runner's locale (the tests read the English words; a test of the
/// language sets LANG itself).
public func testEnvironment(_ changes: [String: String?] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = nil
    environment["LC_MESSAGES"] = nil
    environment["LANG"] = "C.UTF-8"
    for (key, value) in changes { environment[key] = value }
    return environment
}

/// Runs a program (found on PATH) to completion: the test process's environment plus `environment`,
/// in `directory` when given, reading `stdin`.
public func runChild(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                     directory: String? = nil, stdin: Data? = nil) throws -> ChildResult {
    // posix_spawn has no portable "start in this directory": a shell changes to it and becomes the program.
    let command = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, program] } ?? [program]
    return try ChildProcess.start(command + arguments, environment: testEnvironment(environment.mapValues { $0 }),
                                  stdin: stdin).finish()
}

/// Where a tool is, for tests that need it; nil when it is not installed.
public func toolPath(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"])
        .map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

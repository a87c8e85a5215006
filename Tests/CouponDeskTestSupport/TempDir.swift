import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp, removed with everything in it when the value goes away: the tests'
/// one kind of temporary folder.
public final class TempDir: Sendable {
    public let path: String

    public init() throws {
        var template = Array("/tmp/coupondesk-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside (not created).
    public func file(_ name: String = "history.jsonl") -> String { path + "/" + name }

    /// Writes `text` to `name` with `mode`, creating the folders on the way; returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = self.file(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw POSIXError(.EIO)
        }
        return file
    }

    /// Makes the folder `name` inside (and those on the way); returns its path.
    @discardableResult
    public func directory(_ name: String) throws -> String {
        let path = file(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A home for a program under test, in a temporary folder: HOME (created) and the XDG folders under
/// it, and an environment with nothing from the machine but PATH, so that no config or history of the
/// machine running the tests leaks in.
public final class TestHome: Sendable {
    public let folder: TempDir
    public var root: String { folder.path }

    public init() throws {
        folder = try TempDir()
        try folder.directory("home")
    }

    /// This home's environment; `terminal` adds what a program on a terminal needs.
    public func environment(terminal: Bool = false) -> [String: String] { Self.environment(root: root, terminal: terminal) }

    /// The environment of a home at `root` (HOME is `root/home`, the XDG folders `root/config` and `root/data`).
    public static func environment(root: String, terminal: Bool = false) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_DATA_HOME": root + "/data",
                           "LANG": "C.UTF-8", "USER": "e2e-operator"]
        if terminal {
            environment["LC_ALL"] = "C.UTF-8"
            environment["TERM"] = "xterm-256color"
        }
        return environment
    }
}

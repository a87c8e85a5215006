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

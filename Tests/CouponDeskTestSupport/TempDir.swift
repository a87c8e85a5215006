import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp, removed with everything in it when the value goes away.
public final class TempDir: @unchecked Sendable {
    // @unchecked: `path` is an immutable String; the type is a class only so that deinit can clean up.
    public let path: String

    public init() throws {
        var template = Array("/tmp/coupondesk-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String = "history.jsonl") -> String { path + "/" + name }
}

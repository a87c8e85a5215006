import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that a crash can never leave half done: write a temporary file beside the
/// target, fsync it, rename it over the target, fsync the directory.
enum AtomicFile {
    static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SandboxError.io(temporary, "cannot create (\(String(cString: strerror(errno))))") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        // open() applies the umask; a key file must end up exactly `mode`.
        fchmod(fd, mode)
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard written, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw SandboxError.io(path, "cannot write (\(reason))")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            throw SandboxError.io(path, "cannot replace (\(String(cString: strerror(errno))))")
        }
        ok = true
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opening the history's files (the log, its index) so that only a regular file is ever used.
///
/// A FIFO named as the log would make a plain `open` wait for a writer forever (every command, and
/// the console before it draws); a device or socket is no history either. So the file is opened with
/// `O_NONBLOCK` (which returns at once for a FIFO), checked with `fstat`, and refused unless it is a
/// regular file; the flag is then cleared so reads and writes behave as usual.
enum RegularFile {
    enum Failure: Error {
        /// No such file (`O_CREAT` not given).
        case missing
        /// It exists but is not a regular file; `what` says what it is.
        case notRegular(what: String)
        /// `open` or `fstat` failed: the system's reason.
        case system(String)

        /// The reason as a history error shows it, with what to do about it.
        var reason: String {
            switch self {
            case .missing: return "no such file"
            case .notRegular(let what):
                return "it is \(what), not a regular file; pass the log file itself with --history FILE"
            case .system(let text): return text
            }
        }
    }

    /// The descriptor of the regular file at `path`, opened with `flags` (plus `O_CLOEXEC`).
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) -> Result<Int32, Failure> {
        let fd = Glibc.open(path, flags | O_NONBLOCK | O_CLOEXEC, mode)
        guard fd >= 0 else { return .failure(errno == ENOENT ? .missing : .system(HistoryStore.errnoText())) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = HistoryStore.errnoText()
            close(fd)
            return .failure(.system(reason))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(.notRegular(what: describe(st.st_mode)))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(fd)
    }

    /// What a file of mode `mode` is, for the error message.
    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }
}

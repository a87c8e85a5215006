/// Process exit codes: the contract of DESIGN §3 that scripts rely on.
enum ExitCode: Int32 {
    case ok = 0
    /// Something failed that is none of the below (I/O on the history log, ...).
    case failure = 1
    case rejected = 3
    case unknown = 4
    /// EX_USAGE: bad usage or invalid input; nothing was sent.
    case usage = 64
    /// EX_CONFIG: configuration error; nothing was sent.
    case config = 78
}

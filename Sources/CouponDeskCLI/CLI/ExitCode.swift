/// Process exit codes: the contract of DESIGN §3 that scripts rely on.
enum ExitCode: Int32, CaseIterable {
    case ok = 0
    /// Something failed that is none of the below (I/O on the history log, ...).
    case failure = 1
    case rejected = 3
    case unknown = 4
    /// EX_USAGE: bad usage or invalid input; nothing was sent.
    case usage = 64
    /// EX_CONFIG: configuration error; nothing was sent.
    case config = 78

    /// What the code tells a script, for the man page's EXIT STATUS.
    var meaning: String {
        switch self {
        case .ok: return "Done: the coupon was issued (send, resend), or the command did what was asked."
        case .failure: return "Something else failed: the history log cannot be read or written (nothing was sent), history show found no such send, a sandbox could not be created or served, or a check of doctor failed."
        case .rejected: return "send, resend: WeChat Pay refused the send, a definite no with a category; no coupon was pre-sent."
        case .unknown: return "send, resend: the outcome is unknown (a timeout, a lost connection, 5xx after the retries, a response that failed verification); the coupon may or may not have been pre-sent. Resolve it only with coupondesk resend SEND_REQUEST_NO."
        case .usage: return "Bad usage or invalid input (each problem is named); nothing was sent."
        case .config: return "Configuration error: the config file, a key file or a theme named by the config is missing or wrong; nothing was sent. (doctor: only when the config file is missing, unreadable or not JSON.)"
        }
    }
}

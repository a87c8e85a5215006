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
    /// 128 + SIGINT: stopped by Ctrl-C or SIGTERM (batch: after the sends in flight finished).
    case interrupted = 130

    /// What the code tells a script, for the man page's EXIT STATUS.
    var meaning: String {
        switch self {
        case .ok: return "Done: the coupon was issued (send, resend; batch: every row), or the command did what was asked."
        case .failure: return "Something else failed: the history log cannot be read or written (nothing was sent), history show found no such send, a sandbox could not be created or served, or a check of doctor failed."
        case .rejected: return "send, resend: WeChat Pay refused the send, a definite no with a category; no coupon was pre-sent. batch: some rows were refused (those users got no coupon from them) and no row is unknown."
        case .unknown: return "send, resend: the outcome is unknown (a timeout, a lost connection, 5xx after the retries, a response that failed verification); the coupon may or may not have been pre-sent. Resolve it only with coupondesk resend SEND_REQUEST_NO. batch: some row is unknown; run the same batch again to resolve it."
        case .usage: return "Bad usage or invalid input (each problem is named); nothing was sent."
        case .interrupted: return "Interrupted by Ctrl-C or SIGTERM (SIGINT; the shell reports 128+2). batch: no row was started after it, the sends in flight finished (a second Ctrl-C abandons them, leaving their pending records), and running the same command again finishes the batch without sending any row twice. A send interrupted this way leaves its pending record: history list shows it as unknown, and coupondesk resend SEND_REQUEST_NO settles it."
        case .config: return "Configuration error: the config file, a key file or a theme named by the config is missing or wrong; nothing was sent. (doctor: only when the config file is missing, unreadable or not JSON.)"
        }
    }
}

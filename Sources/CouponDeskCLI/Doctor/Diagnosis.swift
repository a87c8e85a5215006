import Foundation

/// One line of `coupondesk doctor`: what was checked, what was found, and what to do about it.
struct Diagnosis: Sendable, Equatable {
    enum Status: String, Sendable, CaseIterable {
        /// Checked and fine.
        case ok
        /// Works, but something is likely to bite (an expiring certificate, a loose key file, ...).
        case warning
        /// WeChat Pay (or coupondesk) will refuse: the run exits 1.
        case failure
        /// Not checked: nothing to check here, or an earlier failure makes the check meaningless.
        case skipped

        var mark: String {
            switch self {
            case .ok: return "✓"
            case .warning: return "⚠"
            case .failure: return "✗"
            case .skipped: return "–"
            }
        }
    }

    /// Which check made it: a stable name for scripts (`--json`).
    let check: DoctorCheck
    let status: Status
    /// What was found, in one sentence.
    let finding: String
    /// What to do about it; nil when there is nothing to do.
    var advice: String? = nil
    /// Measured values for scripts: timings in milliseconds, the clock's offset in seconds, a file.
    var details: [String: DiagnosisDetail] = [:]

    static func ok(_ check: DoctorCheck, _ finding: String, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .ok, finding: finding, details: details)
    }
    static func warning(_ check: DoctorCheck, _ finding: String, advice: String?, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .warning, finding: finding, advice: advice, details: details)
    }
    static func failure(_ check: DoctorCheck, _ finding: String, advice: String?, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .failure, finding: finding, advice: advice, details: details)
    }
    static func skipped(_ check: DoctorCheck, _ finding: String, advice: String? = nil) -> Diagnosis {
        Diagnosis(check: check, status: .skipped, finding: finding, advice: advice)
    }
}

/// A measured value of a diagnosis, as `--json` prints it.
enum DiagnosisDetail: Sendable, Equatable {
    case number(Double)
    case text(String)

    var jsonValue: Any {
        switch self {
        case .number(let n): return n
        case .text(let t): return t
        }
    }
}

/// Every check `coupondesk doctor` knows, in the order it reports them. The raw value is the `id` of
/// `--json`; the title is what the human report shows.
enum DoctorCheck: String, Sendable, CaseIterable {
    case config
    case flavor
    case keyPermissions = "key_permissions"
    case privateKey = "private_key"
    case keyPair = "key_pair"
    case certificate
    case verification
    case publicKeyID = "public_key_id"
    case publicKey = "public_key"
    case network
    case dns
    case tcp
    case tls
    case http
    case clock
    case signedCall = "signed_call"
    case history
    case locale
    case terminal
    case colours

    var title: String {
        switch self {
        case .config: return "Config"
        case .flavor: return "Flavor keys"
        case .keyPermissions: return "Key file access"
        case .privateKey: return "Private key"
        case .keyPair: return "Key pair, serial"
        case .certificate: return "Certificate"
        case .verification: return "Verification"
        case .publicKeyID: return "Public key id"
        case .publicKey: return "Public key"
        case .network: return "Network"
        case .dns: return "DNS"
        case .tcp: return "TCP"
        case .tls: return "TLS"
        case .http: return "HTTP answer"
        case .clock: return "Clock"
        case .signedCall: return "Signed call"
        case .history: return "History"
        case .locale: return "Locale"
        case .terminal: return "Terminal"
        case .colours: return "Colours"
        }
    }
}

import Console
import CouponDeskText
import Foundation
import WeChatPayCore

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
    /// What was found, in one sentence, in any language.
    let found: Words
    /// What to do about it; nil when there is nothing to do.
    var todo: Words? = nil
    /// Measured values for scripts: timings in milliseconds, the clock's offset in seconds, a file.
    var details: [String: DiagnosisDetail] = [:]

    /// The finding and the advice in English (`--json`, the tests); the report words them in its language.
    var finding: String { found.text(.english) }
    var advice: String? { todo?.text(.english) }

    static func ok(_ check: DoctorCheck, _ finding: Words, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .ok, found: finding, details: details)
    }
    static func warning(_ check: DoctorCheck, _ finding: Words, advice: Words?, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .warning, found: finding, todo: advice, details: details)
    }
    static func failure(_ check: DoctorCheck, _ finding: Words, advice: Words?, details: [String: DiagnosisDetail] = [:]) -> Diagnosis {
        Diagnosis(check: check, status: .failure, found: finding, todo: advice, details: details)
    }
    static func skipped(_ check: DoctorCheck, _ finding: Words, advice: Words? = nil) -> Diagnosis {
        Diagnosis(check: check, status: .skipped, found: finding, todo: advice)
    }
}

/// A sentence of the doctor in any language: a `DoctorText` key and its arguments (themselves words,
/// or text from the world shown as it is), rendered when the report is written — in the user's language
/// for a person, in English for `--json`.
struct Words: Sendable, Equatable, CustomStringConvertible {
    private let render: @Sendable (Texts) -> String

    init(_ key: DoctorText, _ arguments: [String: Words] = [:]) {
        render = { text in text(key, arguments.mapValues { $0.text(text) }) }
    }

    private init(render: @escaping @Sendable (Texts) -> String) { self.render = render }

    /// Text from a file, the environment, the network or another layer (an error's own words): as it is.
    static func verbatim(_ value: some CustomStringConvertible & Sendable) -> Words {
        let text = value.description
        return Words(render: { _ in text })
    }

    /// Words a function of the language gives (a core error worded by `Texts`' helpers).
    static func rendered(_ render: @escaping @Sendable (Texts) -> String) -> Words { Words(render: render) }

    /// These words followed by others (`fix + "; …"`).
    static func + (left: Words, right: Words) -> Words { Words(render: { left.text($0) + right.text($0) }) }

    func text(_ language: Texts) -> String { render(language) }

    var description: String { text(.english) }

    static func == (left: Words, right: Words) -> Bool { left.text(.english) == right.text(.english) }
}

/// Shorthand for an argument shown as it is.
func v(_ value: some CustomStringConvertible & Sendable) -> Words { .verbatim(value) }

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

    /// The check's name in the report (English in `--json`).
    var title: String { Texts.english(titleKey) }

    var titleKey: DoctorText {
        switch self {
        case .config: return .titleConfig
        case .flavor: return .titleFlavor
        case .keyPermissions: return .titleKeyPermissions
        case .privateKey: return .titlePrivateKey
        case .keyPair: return .titleKeyPair
        case .certificate: return .titleCertificate
        case .verification: return .titleVerification
        case .publicKeyID: return .titlePublicKeyID
        case .publicKey: return .titlePublicKey
        case .network: return .titleNetwork
        case .dns: return .titleDNS
        case .tcp: return .titleTCP
        case .tls: return .titleTLS
        case .http: return .titleHTTP
        case .clock: return .titleClock
        case .signedCall: return .titleSignedCall
        case .history: return .titleHistory
        case .locale: return .titleLocale
        case .terminal: return .titleTerminal
        case .colours: return .titleColours
        }
    }
}

/// The caller's API certificate of a flavor, in words (`merchant API certificate (商户API证书)`).
func certificateName(_ flavor: APIFlavor) -> Words { Words(flavor == .partner ? .merchantCertificate : .brandCertificate) }

/// The caller's private key of a flavor, in words.
func privateKeyName(_ flavor: APIFlavor) -> Words { Words(flavor == .partner ? .merchantPrivateKey : .brandPrivateKey) }
